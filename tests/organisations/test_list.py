from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.organisations.models import Organisation


class OrganisationListTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:list")

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertContains(response, self.org.name)
        self.assertContains(response, self.other_org.name)
        self.assertContains(response, self.org.get_absolute_url())
        self.assertContains(response, html_tr("pl", "Foundation"))

    def test_it_looks_the_same_for_every_persona(self):
        for user in (self.bob, self.alice, self.charlie, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, self.org.name)
            self.assertContains(response, self.other_org.name)

    def test_it_says_so_when_there_are_no_organisations(self):
        Organisation.objects.all().delete()
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "No organisations yet."))

    def test_it_paginates(self):
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Zespół {i:02}", slug=f"zespol-{i:02}", kind="ngo", status="approved"
            )
            for i in range(40)
        )
        response = self.client.get(self.url)
        self.assertContains(response, 'rel="next"')
        self.assertNotContains(response, "Zespół 39")

        response = self.client.get(self.url, {"page": 2})
        self.assertContains(response, "Zespół 39")
        self.assertContains(response, 'rel="prev"')
        self.assertNotContains(response, self.org.name)

    def test_it_survives_a_bad_page_number(self):
        for page in ("abc", "0", "-1", "9999", ""):
            response = self.client.get(self.url, {"page": page})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, self.org.name)
