"""privacy.visible_fields(): the one function that decides what each level sees."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from wspolnie.contacts.models import ContactPerson
from wspolnie.contacts.privacy import (
    contact_viewer_level,
    visible_contacts,
    visible_fields,
)
from wspolnie.directory.models import Visibility

from .base import EMAIL, NAME, ROLE, ContactsTestCase, add_contact


class VisibleFieldsTestCase(ContactsTestCase):
    def test_public_level_sees_name_role_and_languages(self):
        fields = visible_fields(self.contact, Visibility.PUBLIC)
        self.assertEqual(fields["name"], NAME)
        self.assertEqual(fields["role"], ROLE)
        self.assertEqual(fields["languages"], ["pl", "uk"])
        self.assertIsNone(fields["email"])
        self.assertIsNone(fields["phone"])
        self.assertIsNone(fields["phone_e164"])

    def test_members_level_adds_the_email(self):
        fields = visible_fields(self.contact, Visibility.MEMBERS)
        self.assertEqual(fields["email"], EMAIL)
        self.assertIsNone(fields["phone"])

    def test_staff_level_sees_everything_with_the_phone_in_international_format(self):
        fields = visible_fields(self.contact, Visibility.STAFF)
        self.assertEqual(fields["phone"], "+48 600 100 200")
        self.assertEqual(fields["phone_e164"], "+48600100200")
        self.assertEqual(fields["email"], EMAIL)

    def test_each_field_follows_its_own_visibility(self):
        contact = add_contact(
            self.staff, self.org, name_visibility="staff", role_visibility="members",
            email_visibility="public", phone_visibility="public", languages_visibility="staff",
        )
        fields = visible_fields(contact, Visibility.PUBLIC)
        self.assertIsNone(fields["name"])
        self.assertIsNone(fields["role"])
        self.assertEqual(fields["email"], EMAIL)
        self.assertEqual(fields["phone"], "+48 600 100 200")
        self.assertIsNone(fields["languages"])
        fields = visible_fields(contact, Visibility.MEMBERS)
        self.assertIsNone(fields["name"])
        self.assertEqual(fields["role"], ROLE)

    def test_an_erased_contact_shows_nothing_even_to_staff(self):
        self.contact.erased_at = self.contact.created
        fields = visible_fields(self.contact, Visibility.STAFF)
        self.assertEqual(
            {key: value for key, value in fields.items() if key != "id"},
            dict.fromkeys(["name", "role", "email", "phone", "phone_e164", "languages"]),
        )

    def test_contacts_that_show_nothing_are_left_out_of_lists(self):
        hidden = add_contact(
            self.staff, self.org, name_visibility="staff", role_visibility="staff",
            email_visibility="staff", phone_visibility="staff",
        )
        shown = visible_contacts(ContactPerson.objects.filter(organisation=self.org), "public")
        self.assertEqual([fields["id"] for fields in shown], [self.contact.pk])
        shown = visible_contacts(ContactPerson.objects.filter(organisation=self.org), "staff")
        self.assertEqual([fields["id"] for fields in shown], [self.contact.pk, hidden.pk])


class ContactViewerLevelTestCase(ContactsTestCase):
    def test_levels_of_the_personas(self):
        expected = {
            "anonymous": (AnonymousUser(), Visibility.PUBLIC),
            "dave (no organisation)": (self.dave, Visibility.PUBLIC),
            "bob (member)": (self.bob, Visibility.MEMBERS),
            "charlie (admin of another organisation)": (self.charlie, Visibility.MEMBERS),
            "alice (admin of this organisation)": (self.alice, Visibility.STAFF),
            "staff": (self.staff, Visibility.STAFF),
        }
        for label, (user, level) in expected.items():
            self.assertEqual(contact_viewer_level(user, self.org), level, label)

    def test_an_org_admin_is_only_a_member_for_another_organisations_contacts(self):
        self.assertEqual(contact_viewer_level(self.alice, self.other_org), Visibility.MEMBERS)
        self.assertEqual(contact_viewer_level(self.charlie, self.other_org), Visibility.STAFF)
