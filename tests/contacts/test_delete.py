from __future__ import annotations

from django.urls import reverse

from wspolnie.contacts.models import ConsentRecord, ContactPerson
from wspolnie.core.models import AuditEntry

from .base import ContactsTestCase, ManagerOnlyViewMixin, add_contact


class DeleteContactViewTestCase(ManagerOnlyViewMixin, ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("contacts:delete", args=[self.org.slug, self.contact.pk])

    def test_get_only_asks(self):
        self.login(self.alice)
        self.client.get(self.url)
        self.assertTrue(ContactPerson.objects.filter(pk=self.contact.pk).exists())

    def test_org_admin_deletes_the_contact_and_its_consent_log(self):
        self.login(self.alice)
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("contacts:manage", args=[self.org.slug]))
        self.assertFalse(ContactPerson.objects.filter(pk=self.contact.pk).exists())
        self.assertFalse(ConsentRecord.objects.filter(contact_id=self.contact.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="contact.deleted").exists())
        self.assert_no_personal_data_in_audit_log()

    def test_members_and_other_orgs_admins_cannot_delete(self):
        for user in (self.bob, self.charlie, self.dave):
            self.login(user)
            self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(ContactPerson.objects.filter(pk=self.contact.pk).exists())

    def test_anonymous_cannot_delete(self):
        self.client.post(self.url)
        self.assertTrue(ContactPerson.objects.filter(pk=self.contact.pk).exists())

    def test_a_contact_of_another_organisation_is_404(self):
        other = add_contact(self.charlie, self.other_org)
        self.login(self.alice)
        url = reverse("contacts:delete", args=[self.org.slug, other.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(ContactPerson.objects.filter(pk=other.pk).exists())
