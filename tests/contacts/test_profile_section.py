"""The "Contact persons" block on the organisation's profile page."""

from __future__ import annotations

from django.urls import reverse

from tests.helpers import html_tr
from wspolnie.organisations.models import Organisation

from .base import EMAIL, NAME, ContactsTestCase, add_contact


class ProfileSectionTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = self.org.get_absolute_url()
        self.manage_url = reverse("contacts:manage", args=[self.org.slug])

    def test_anonymous_visitors_see_name_role_and_languages(self):
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Contact persons"))
        self.assertContains(response, NAME)
        self.assertContains(response, "Koordynacja zapisów do szkół")
        self.assertContains(response, "Українська")
        self.assertNotContains(response, EMAIL)
        self.assertNotContains(response, html_tr("pl", "Phone number"))
        self.assertNotContains(response, self.manage_url)

    def test_the_role_follows_the_page_language(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "Координація запису до шкіл")

    def test_members_see_the_email_but_not_the_phone(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, f'href="mailto:{EMAIL}"')
            self.assert_no_phone(response.content.decode())
            self.assertNotContains(response, self.manage_url)

    def test_org_admin_and_staff_see_everything_and_the_manage_link(self):
        for user in (self.alice, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, '<a href="tel:+48600100200">+48 600 100 200</a>')
            self.assertContains(response, self.manage_url)

    def test_a_contact_showing_nothing_publicly_is_left_out(self):
        hidden = add_contact(
            self.staff, self.org, name="Osoba tylko dla zespołu", name_visibility="staff",
            role_visibility="staff", email_visibility="staff",
        )
        response = self.client.get(self.url)
        self.assertNotContains(response, f'id="contact-{hidden.pk}"')
        self.assertNotContains(response, "Osoba tylko dla zespołu")

    def test_no_section_without_visible_contacts(self):
        response = self.client.get(self.other_org.get_absolute_url())
        self.assertNotContains(response, html_tr("pl", "Contact persons"))

    def test_admins_get_the_section_to_add_the_first_contact(self):
        self.login(self.charlie)
        response = self.client.get(self.other_org.get_absolute_url())
        self.assertContains(response, reverse("contacts:manage", args=[self.other_org.slug]))

    def test_a_pending_organisations_contacts_are_not_public(self):
        Organisation.objects.filter(pk=self.org.pk).update(status=Organisation.Status.PENDING)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, NAME, status_code=404)
