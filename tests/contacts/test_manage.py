from __future__ import annotations

from django.urls import reverse

from tests.helpers import html_tr
from wspolnie.contacts import services

from .base import EMAIL, NAME, ContactsTestCase, ManagerOnlyViewMixin, add_contact


class ManageContactsTestCase(ManagerOnlyViewMixin, ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("contacts:manage", args=[self.org.slug])

    def test_it_lists_everything_with_the_visibility_of_each_field(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, NAME)
        self.assertContains(response, EMAIL)
        self.assertContains(response, "+48 600 100 200")
        self.assertContains(response, html_tr("pl", "Staff only"))
        self.assertContains(response, html_tr("pl", "Members of the hub"))
        self.assertContains(response, "Pytania rodzin o zapisy do szkół")  # consent purpose
        for name in ("edit", "export", "erase", "delete"):
            self.assertContains(
                response, reverse(f"contacts:{name}", args=[self.org.slug, self.contact.pk])
            )

    def test_it_shows_only_this_organisations_contacts(self):
        add_contact(self.staff, self.other_org, name="Punkt informacyjny innej organizacji")
        self.login(self.alice)
        self.assertNotContains(self.client.get(self.url), "Punkt informacyjny innej")

    def test_erased_contacts_are_listed_apart_without_data(self):
        services.do_erase_contact(self.alice, self.contact)
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertNotContains(response, NAME)
        self.assertNotContains(response, EMAIL)
        self.assertContains(response, html_tr("pl", "Erased contact persons"))
        self.assertContains(response, "Pytania rodzin o zapisy do szkół")  # the consent log
        self.assertNotContains(
            response, reverse("contacts:edit", args=[self.org.slug, self.contact.pk])
        )

    def test_it_gives_404_for_an_unknown_organisation(self):
        self.login(self.staff)
        response = self.client.get(reverse("contacts:manage", args=["no-such-org"]))
        self.assertEqual(response.status_code, 404)
