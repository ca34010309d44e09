"""The page where an organisation's admins add a service."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.core.models import AuditEntry
from wspolnie.services.models import Service

from .helpers import make_vocabulary


class ServiceCreateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.url = f"/services/organisation/{self.org.slug}/new/"

    def form_data(self, **overrides) -> dict:
        data = {
            "name_pl": "Porady prawne", "name_en": "Legal advice", "name_uk": "",
            "description_pl": "Raz w tygodniu.", "description_en": "", "description_uk": "",
            "eligibility_description_pl": "", "eligibility_description_en": "",
            "eligibility_description_uk": "",
            "application_process_pl": "", "application_process_en": "",
            "application_process_uk": "",
            "fees_description_pl": "", "fees_description_en": "", "fees_description_uk": "",
            "cost": "free",
            "languages": [self.pl.pk, self.uk.pk],
            "topics": [self.legal.pk],
            "locations": [self.office.pk],
            "url": "", "email": "",
            "status": "active",
        }
        data.update(overrides)
        return data

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/accounts/login/?next={self.url}")

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertFalse(Service.objects.exists())

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertFalse(Service.objects.exists())

    def test_an_unknown_organisation_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get("/services/organisation/nope/new/").status_code, 404)

    def test_the_form_has_a_field_per_language_side_by_side(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="name_pl"')
        self.assertContains(response, 'lang="uk"')
        self.assertContains(response, "Українська")
        # Only this organisation's places can be chosen.
        self.assertContains(response, "ul. Testowa 1")
        self.assertNotContains(response, "ul. Inna 2")

    def test_org_admin_adds_a_service(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(), follow=True)
        service = Service.objects.get()
        self.assertRedirects(response, f"/services/{service.pk}/")
        self.assertContains(response, html_tr("pl", "The service is saved."))
        self.assertEqual(service.name, {"pl": "Porady prawne", "en": "Legal advice"})
        self.assertEqual(service.organisation, self.org)
        self.assertEqual(list(service.locations.all()), [self.office])
        self.assertEqual(AuditEntry.objects.get(action="service.created").actor, self.alice)

    def test_staff_adds_a_service(self):
        self.login(self.staff)
        self.client.post(self.url, self.form_data())
        self.assertEqual(self.org.services.count(), 1)

    def test_an_empty_name_re_renders_the_form_with_a_message(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(name_pl=" ", name_en=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "This field is required."))
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, "Raz w tygodniu.")  # what was typed stays
        self.assertFalse(Service.objects.exists())

    def test_a_location_of_another_organisation_is_rejected(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(locations=[self.other_office.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="field field-invalid"')
        self.assertFalse(Service.objects.exists())

    def test_a_paid_service_without_a_price_is_rejected(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(cost="paid"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "Please say what a paid service costs."))
        self.assertFalse(Service.objects.exists())

    def test_a_bad_web_address_is_rejected_in_the_users_language(self):
        self.login(self.alice)
        response = self.client.post(
            self.url, self.form_data(url="not a url"), HTTP_ACCEPT_LANGUAGE="uk"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("uk", "Enter a valid URL."))
        self.assertFalse(Service.objects.exists())

    def test_it_answers_in_ukrainian(self):
        self.login(self.alice)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, f"<h1>{html_tr('uk', 'New service')}</h1>", html=True)
        self.assertNotEqual(tr("uk", "New service"), "New service")
