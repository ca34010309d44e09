"""A service's public page."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.organisations.models import Organisation

from .helpers import make_service, make_vocabulary


class ServiceDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.service = make_service(
            self.org,
            name="Porady prawne",
            description={"pl": "Raz w tygodniu <b>bez</b> zapisów.", "uk": "Раз на тиждень."},
            eligibility_description={"pl": "Rodziny z Gruzji"},
            cost="paid",
            fees_description={"pl": "20 zł za spotkanie"},
            languages=[self.pl, self.ka],
            topics=[self.legal],
            locations=[self.office],
            url="https://example.org/porady",
            email="porady@example.org",
        )
        self.url = f"/services/{self.service.pk}/"

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1 lang=\"pl\">Porady prawne</h1>", html=True)
        self.assertContains(response, "Rodziny z Gruzji")
        self.assertContains(response, "20 zł za spotkanie")
        self.assertContains(response, "ul. Testowa 1")
        self.assertContains(response, "ქართული")  # Georgian, in Georgian
        self.assertContains(response, "mailto:porady@example.org")
        self.assertContains(response, self.org.name)
        # Plain text, escaped.
        self.assertContains(response, "&lt;b&gt;bez&lt;/b&gt;")
        self.assertNotContains(response, tr("pl", "Edit the service"))

    def test_it_shows_the_visitors_language_with_a_fallback(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "Раз на тиждень.")
        # The name has no Ukrainian text: the Polish one, marked as Polish.
        self.assertContains(response, '<h1 lang="pl">Porady prawne</h1>', html=True)

    def test_org_admin_and_staff_see_the_edit_links(self):
        for user in (self.alice, self.staff):
            self.login(user)
            self.assertContains(self.client.get(self.url), tr("pl", "Edit the service"))

    def test_member_and_other_orgs_admin_do_not(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertNotContains(self.client.get(self.url), tr("pl", "Edit the service"))

    def test_an_inactive_service_is_only_for_the_organisation_and_staff(self):
        self.service.status = "inactive"
        self.service.save()
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for user in (self.bob, self.alice, self.staff):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_a_service_of_a_pending_organisation_is_hidden(self):
        Organisation.objects.filter(pk=self.org.pk).update(status="pending")
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_an_unknown_service_is_404(self):
        self.assertEqual(self.client.get("/services/999999/").status_code, 404)
