from __future__ import annotations

import io
import re

from django.test import TestCase

from wspolnie.contacts.demo import DEMO_CONTACTS
from wspolnie.contacts.models import ConsentRecord, ContactPerson
from wspolnie.core.demo import load_demo_data


class DemoContactsTestCase(TestCase):
    def test_it_loads_fictional_contacts_with_consent_and_is_idempotent(self):
        load_demo_data(stdout=io.StringIO())
        load_demo_data(stdout=io.StringIO())
        self.assertEqual(ContactPerson.objects.count(), len(DEMO_CONTACTS))
        self.assertEqual(ConsentRecord.objects.count(), len(DEMO_CONTACTS))
        for contact in ContactPerson.objects.all():
            self.assertTrue(contact.email.endswith("@example.org"), contact.email)
            # Ofcom's drama range: reaches no one.
            self.assertRegex(contact.phone, r"^\+442079460\d{3}$")
            self.assertRegex(contact.name, r"\(ka\)")  # role-based, not a person's name
            self.assertTrue(contact.languages.exists())
            consent = contact.consents.get()
            self.assertEqual(consent.source, ConsentRecord.Source.DEMO)
            self.assertTrue(consent.purpose)
            self.assertTrue(re.search(r"\S", consent.consent_text))
