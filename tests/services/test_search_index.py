"""What services put into the search (the contract in wspolnie/search/types.py)."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.organisations.models import Organisation
from wspolnie.services import search_index

from .helpers import make_service, make_vocabulary


class ServiceSearchIndexTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def test_an_active_service_gives_one_public_document(self):
        service = make_service(
            self.org, "Porady prawne",
            description={"pl": "Raz w tygodniu", "uk": "Раз на тиждень"},
            topics=[self.legal], languages=[self.ka], email="porady@example.org",
        )
        [document] = search_index.documents_for(service)
        self.assertEqual(document.key, f"services.service:{service.pk}")
        self.assertEqual(document.kind, "service")
        self.assertEqual(document.title, "Porady prawne")
        self.assertEqual(document.url, f"/services/{service.pk}/")
        self.assertEqual(document.organisation_id, self.org.pk)
        self.assertIn("Раз на тиждень", document.body)
        self.assertIn("Raz w tygodniu", document.body)
        self.assertIn("Правова допомога", document.keywords)
        self.assertIn("ქართული", document.keywords)

    def test_inactive_services_and_unapproved_organisations_give_nothing(self):
        inactive = make_service(self.org, "Wstrzymana", status="inactive")
        self.assertEqual(search_index.documents_for(inactive), [])
        active = make_service(self.other_org, "Kurs")
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        active.refresh_from_db()
        self.assertEqual(search_index.documents_for(active), [])
        self.assertEqual(search_index.documents_for_organisation(active.organisation), [])

    def test_all_documents_and_per_organisation(self):
        a = make_service(self.org, "A")
        b = make_service(self.org, "B")
        make_service(self.org, "C", status="inactive")
        c = make_service(self.other_org, "D")
        self.assertEqual(
            {d.key for d in search_index.all_documents()},
            {f"services.service:{s.pk}" for s in (a, b, c)},
        )
        self.assertEqual(
            {d.key for d in search_index.documents_for_organisation(self.org)},
            {f"services.service:{s.pk}" for s in (a, b)},
        )
        self.assertEqual(search_index.MODELS[0]._meta.label_lower, "services.service")
