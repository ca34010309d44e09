"""Editing a service."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry

from .helpers import make_service, make_vocabulary


class ServiceEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.service = make_service(
            self.org, description={"pl": "Opis"}, languages=[self.pl], locations=[self.office]
        )
        self.url = f"/services/{self.service.pk}/edit/"

    def form_data(self, **overrides) -> dict:
        data = {f"{field}_{i}": "" for field in (
            "name", "description", "eligibility_description", "application_process",
            "fees_description") for i in ("pl", "en", "uk")}
        data.update({
            "name_pl": "Porady prawne", "name_uk": "Юридичні консультації",
            "description_pl": "Opis",
            "cost": "free", "status": "active",
            "languages": [self.pl.pk, self.uk.pk], "locations": [self.office.pk],
            "url": "", "email": "",
        })
        data.update(overrides)
        return data

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady prawne"})

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertFalse(AuditEntry.objects.exists())

    def test_an_unknown_service_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get("/services/999999/edit/").status_code, 404)

    def test_the_form_shows_the_stored_texts(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Porady prawne"')
        self.assertContains(response, "Opis</textarea>")

    def test_org_admin_edits(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(), follow=True)
        self.assertRedirects(response, f"/services/{self.service.pk}/")
        self.assertContains(response, html_tr("pl", "The service is saved."))
        self.service.refresh_from_db()
        self.assertEqual(
            self.service.name, {"pl": "Porady prawne", "uk": "Юридичні консультації"}
        )
        self.assertEqual({lang.code for lang in self.service.languages.all()}, {"pl", "uk"})
        entry = AuditEntry.objects.get(action="service.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(set(entry.changes), {"name", "languages"})

    def test_staff_edits(self):
        self.login(self.staff)
        self.client.post(self.url, self.form_data(status="inactive"))
        self.service.refresh_from_db()
        self.assertEqual(self.service.status, "inactive")

    def test_an_empty_name_keeps_the_stored_one(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(name_pl="", name_uk=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "This field is required."))
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady prawne"})
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_location_of_another_organisation_is_rejected(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(locations=[self.other_office.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(self.service.locations.all()), [self.office])
