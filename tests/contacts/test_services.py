"""The do_* services: consent in one transaction, permissions, audit without personal data,
and the GDPR shredder."""

from __future__ import annotations

import json

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from wspolnie.contacts import services
from wspolnie.contacts.models import ERASED_NAME, ConsentRecord, ContactPerson
from wspolnie.core.models import AuditEntry

from .base import NAME, ContactsTestCase, add_contact


class AddContactTestCase(ContactsTestCase):
    def test_it_stores_the_contact_with_its_consent(self):
        contact = add_contact(self.staff, self.other_org, consent_purpose="  Zapisy  ")
        self.assertEqual(contact.phone, "+48600100200")
        self.assertEqual(contact.name_visibility, "public")
        self.assertEqual(contact.role_visibility, "public")
        self.assertEqual(contact.email_visibility, "members")
        self.assertEqual(contact.phone_visibility, "staff")
        self.assertEqual(sorted(c.code for c in contact.languages.all()), ["pl", "uk"])
        consent = contact.consents.get()
        self.assertEqual(consent.subject_name, NAME)
        self.assertEqual(consent.recorded_by, self.staff)
        self.assertEqual(consent.purpose, "Zapisy")
        self.assertEqual(consent.source, ConsentRecord.Source.FORM)
        self.assertEqual(consent.consent_text, str(services.CONSENT_TEXT))
        self.assertIsNone(consent.withdrawn_at)

    def test_it_requires_consent(self):
        count = ContactPerson.objects.count()
        with self.assertRaises(ValidationError) as caught:
            add_contact(self.alice, self.org, consent_given=False)
        self.assertIn("consent", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            add_contact(self.alice, self.org, consent_purpose="   ")
        self.assertIn("consent_purpose", caught.exception.message_dict)
        self.assertEqual(ContactPerson.objects.count(), count)
        self.assertEqual(ConsentRecord.objects.count(), count)

    def test_nothing_is_stored_when_the_data_is_invalid(self):
        count = ContactPerson.objects.count()
        for bad in ({"phone": "12"}, {"email": "not an e-mail"}, {"languages": ["xx-nope"]},
                    {"name": ""}, {"role": {"zz-bad": "x"}}):
            with self.assertRaises(ValidationError, msg=bad):
                add_contact(self.alice, self.org, **bad)
        self.assertEqual(ContactPerson.objects.count(), count)
        self.assertEqual(ConsentRecord.objects.count(), count)

    def test_it_requires_org_admin_or_staff(self):
        for user in (AnonymousUser(), self.bob, self.charlie, self.dave):
            with self.assertRaises(PermissionDenied):
                add_contact(user, self.org)

    def test_the_audit_log_keeps_no_personal_data(self):
        add_contact(self.alice, self.org, phone_visibility="members")
        entry = AuditEntry.objects.filter(action="contact.created").latest("id")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.changes["phone_visibility"], [None, "members"])
        self.assertEqual(entry.changes["phone"], [None, services.REDACTED])
        self.assert_no_personal_data_in_audit_log()


class UpdateContactTestCase(ContactsTestCase):
    def test_org_admin_updates_and_the_log_names_only_the_fields(self):
        services.do_update_contact(
            self.alice, self.contact, phone="+380 44 123 4567", phone_visibility="members",
            languages=["ka"],
        )
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(contact.phone, "+380441234567")
        self.assertEqual(contact.phone_visibility, "members")
        self.assertEqual([c.code for c in contact.languages.all()], ["ka"])
        entry = AuditEntry.objects.get(action="contact.updated")
        self.assertEqual(
            entry.changes,
            {
                "phone": [services.REDACTED, services.REDACTED],
                "phone_visibility": ["staff", "members"],
                "languages": [services.REDACTED, services.REDACTED],
            },
        )
        self.assertNotIn("380", json.dumps(entry.changes))

    def test_it_rejects_members_and_other_orgs_admins(self):
        for user in (self.bob, self.charlie, AnonymousUser()):
            with self.assertRaises(PermissionDenied):
                services.do_update_contact(user, self.contact, name="X")
        self.assertEqual(ContactPerson.objects.get(pk=self.contact.pk).name, NAME)

    def test_a_bad_phone_changes_nothing(self):
        with self.assertRaises(ValidationError) as caught:
            services.do_update_contact(self.alice, self.contact, phone="abc", name="Nowa")
        self.assertIn("phone", caught.exception.message_dict)
        self.assertEqual(ContactPerson.objects.get(pk=self.contact.pk).name, NAME)


class EraseContactTestCase(ContactsTestCase):
    def test_it_blanks_the_data_and_keeps_the_consent_log(self):
        services.do_erase_contact(self.alice, self.contact)
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(contact.name, ERASED_NAME)
        self.assertEqual(contact.role, {})
        self.assertEqual(contact.email, "")
        self.assertEqual(contact.phone, "")
        self.assertFalse(contact.languages.exists())
        self.assertIsNotNone(contact.erased_at)
        consent = contact.consents.get()
        self.assertEqual(consent.subject_name, "")
        self.assertEqual(consent.purpose, "Pytania rodzin o zapisy do szkół")
        self.assertEqual(consent.recorded_by, self.alice)
        self.assertEqual(consent.withdrawn_at, contact.erased_at)
        entry = AuditEntry.objects.get(action="contact.erased")
        self.assertEqual(entry.changes, {"reason": [None, "request"]})
        self.assertEqual(entry.object_repr, f"contact person #{contact.pk}")
        self.assert_no_personal_data_in_audit_log()

    def test_withdrawing_consent_erases(self):
        services.do_withdraw_consent(self.staff, self.contact)
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertTrue(contact.is_erased)
        self.assertEqual(contact.email, "")
        self.assertEqual(
            AuditEntry.objects.get(action="contact.erased").changes,
            {"reason": [None, "withdrawal"]},
        )

    def test_an_erased_contact_cannot_be_changed(self):
        services.do_erase_contact(self.alice, self.contact)
        with self.assertRaises(ValidationError):
            services.do_update_contact(self.alice, self.contact, name="Wskrzeszona")

    def test_it_rejects_members_and_other_orgs_admins(self):
        for user in (self.bob, self.charlie, AnonymousUser()):
            with self.assertRaises(PermissionDenied):
                services.do_erase_contact(user, self.contact)
        self.assertFalse(ContactPerson.objects.get(pk=self.contact.pk).is_erased)


class DeleteContactTestCase(ContactsTestCase):
    def test_it_removes_the_contact_and_its_consents(self):
        services.do_delete_contact(self.alice, self.contact)
        self.assertFalse(ContactPerson.objects.filter(pk=self.contact.pk).exists())
        self.assertFalse(ConsentRecord.objects.filter(contact_id=self.contact.pk).exists())
        entry = AuditEntry.objects.get(action="contact.deleted")
        self.assertEqual(entry.object_id, str(self.contact.pk))

    def test_it_rejects_members_and_other_orgs_admins(self):
        for user in (self.bob, self.charlie, AnonymousUser()):
            with self.assertRaises(PermissionDenied):
                services.do_delete_contact(user, self.contact)
        self.assertTrue(ContactPerson.objects.filter(pk=self.contact.pk).exists())
