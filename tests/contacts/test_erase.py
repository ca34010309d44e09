from __future__ import annotations

from django.urls import reverse

from wspolnie.contacts.models import ERASED_NAME, ContactPerson
from wspolnie.core.models import AuditEntry

from .base import EMAIL, NAME, ContactsTestCase, ManagerOnlyViewMixin, add_contact


class EraseContactViewTestCase(ManagerOnlyViewMixin, ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("contacts:erase", args=[self.org.slug, self.contact.pk])

    def test_get_only_asks(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, NAME)
        self.assertFalse(ContactPerson.objects.get(pk=self.contact.pk).is_erased)

    def test_org_admin_erases_and_the_contact_vanishes_from_the_profile(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"reason": "withdrawal"})
        self.assertRedirects(response, reverse("contacts:manage", args=[self.org.slug]))
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(contact.name, ERASED_NAME)
        self.assertEqual((contact.email, contact.phone, contact.role), ("", "", {}))
        self.assertFalse(contact.languages.exists())
        consent = contact.consents.get()
        self.assertEqual(consent.subject_name, "")
        self.assertIsNotNone(consent.withdrawn_at)
        self.assertEqual(
            AuditEntry.objects.get(action="contact.erased").changes,
            {"reason": [None, "withdrawal"]},
        )
        self.assert_no_personal_data_in_audit_log()

        for user in (None, self.bob, self.alice, self.staff):
            self.client.logout()
            if user:
                self.login(user)
            html = self.client.get(self.org.get_absolute_url()).content.decode()
            self.assertNotIn(NAME, html)
            self.assertNotIn(EMAIL, html)
            self.assertNotIn(f'id="contact-{contact.pk}"', html)
            self.assert_no_phone(html)

    def test_it_needs_a_reason(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"reason": "because"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ContactPerson.objects.get(pk=self.contact.pk).is_erased)

    def test_members_and_other_orgs_admins_cannot_erase(self):
        for user in (self.bob, self.charlie, self.dave):
            self.login(user)
            self.assertEqual(self.client.post(self.url, {"reason": "request"}).status_code, 403)
        self.client.logout()
        self.client.post(self.url, {"reason": "request"})
        self.assertFalse(ContactPerson.objects.get(pk=self.contact.pk).is_erased)

    def test_a_contact_of_another_organisation_is_404(self):
        other = add_contact(self.charlie, self.other_org)
        self.login(self.alice)
        url = reverse("contacts:erase", args=[self.org.slug, other.pk])
        self.assertEqual(self.client.post(url, {"reason": "request"}).status_code, 404)
        self.assertFalse(ContactPerson.objects.get(pk=other.pk).is_erased)
