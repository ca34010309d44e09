"""The services section on an organisation's profile."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import tr

from .helpers import make_service


class ServicesProfileSectionTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/organisations/{self.org.slug}/"
        make_service(self.org, "Porady prawne")
        make_service(self.org, "Usługa wstrzymana", status="inactive")
        make_service(self.other_org, "Cudza usługa")

    def test_visitors_see_the_active_services(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Porady prawne")
        self.assertNotContains(response, "Usługa wstrzymana")
        self.assertNotContains(response, "Cudza usługa")
        self.assertNotContains(response, tr("pl", "Add a service"))

    def test_org_admin_sees_all_and_can_add(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Usługa wstrzymana")
        self.assertContains(response, f"/services/organisation/{self.org.slug}/new/")

    def test_other_orgs_admin_cannot_add(self):
        self.login(self.charlie)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Usługa wstrzymana")
        self.assertNotContains(response, "/services/organisation/")

    def test_no_section_for_an_organisation_without_services(self):
        response = self.client.get(f"/organisations/{self.other_org.slug}/")
        self.assertContains(response, "Cudza usługa")
        self.org.services.all().delete()
        response = self.client.get(self.url)
        self.assertNotContains(response, 'id="services-heading"')
