"""What needs and offers put into the search (wspolnie/search/types.py)."""

from __future__ import annotations

from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.needs import search_index
from wspolnie.organisations.models import Organisation

from .helpers import days, make_item, make_vocabulary


class NeedsSearchIndexTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def test_an_open_item_gives_one_document_of_its_kind(self):
        need = make_item(self.org, "Tłumacze", contact_note="tel. prywatny 600 000 000",
                         districts=[self.nadodrze], languages=[self.uk])
        offer = make_item(self.org, "Sala", kind="offer", category="space")
        [document] = search_index.documents_for(need)
        self.assertEqual(document.key, f"needs.needoffer:{need.pk}")
        self.assertEqual(document.kind, "need")
        self.assertEqual(document.title, "Tłumacze")
        self.assertEqual(document.url, f"/needs/{need.pk}/")
        self.assertEqual(document.organisation_id, self.org.pk)
        self.assertEqual(document.extra["expires_on"], need.expires_on.isoformat())
        self.assertIn("Nadodrze", document.keywords)
        self.assertIn("Українська", document.keywords)
        self.assertNotIn("600 000 000", document.body + document.keywords)
        self.assertEqual(search_index.documents_for(offer)[0].kind, "offer")

    def test_expired_closed_and_unapproved_give_nothing(self):
        expired = make_item(self.org, "Wygasłe", expires_on=days(-1))
        closed = make_item(self.org, "Zamknięte", closed_at=timezone.now())
        pending = make_item(self.other_org, "Oczekujące")
        Organisation.objects.filter(pk=self.other_org.pk).update(status="pending")
        pending.refresh_from_db()
        for item in (expired, closed, pending):
            self.assertEqual(search_index.documents_for(item), [], item.title)

    def test_all_documents_and_per_organisation(self):
        a = make_item(self.org, "A")
        make_item(self.org, "B", expires_on=days(-1))
        c = make_item(self.other_org, "C")
        self.assertEqual(
            {d.key for d in search_index.all_documents()},
            {f"needs.needoffer:{i.pk}" for i in (a, c)},
        )
        self.assertEqual(
            [d.key for d in search_index.documents_for_organisation(self.org)],
            [f"needs.needoffer:{a.pk}"],
        )
