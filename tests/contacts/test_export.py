from __future__ import annotations

from django.urls import reverse

from wspolnie.contacts import services
from wspolnie.core.models import AuditEntry

from .base import EMAIL, NAME, ROLE, ContactsTestCase, ManagerOnlyViewMixin, add_contact


class ExportContactViewTestCase(ManagerOnlyViewMixin, ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("contacts:export", args=[self.org.slug, self.contact.pk])

    def test_it_is_a_json_download_with_everything_stored(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="contact-person-{self.contact.pk}.json"',
        )
        doc = response.json()
        self.assertEqual(doc["organisation"], {"slug": self.org.slug, "name": self.org.name})
        contact = doc["contact"]
        self.assertEqual(contact["id"], self.contact.pk)
        self.assertEqual(contact["name"], NAME)
        self.assertEqual(contact["role"], ROLE)
        self.assertEqual(contact["email"], EMAIL)
        self.assertEqual(contact["phone"], "+48 600 100 200")
        self.assertEqual(contact["phone_e164"], "+48600100200")
        self.assertEqual(contact["languages"], ["pl", "uk"])
        self.assertEqual(
            contact["visibility"],
            {"name": "public", "role": "public", "email": "members", "phone": "staff",
             "languages": "public"},
        )
        self.assertIsNone(contact["erased_at"])
        [consent] = doc["consents"]
        self.assertEqual(consent["subject_name"], NAME)
        self.assertEqual(consent["recorded_by"], self.alice.name)
        self.assertEqual(consent["purpose"], "Pytania rodzin o zapisy do szkół")
        self.assertEqual(consent["source"], "form")
        self.assertTrue(consent["consent_text"])
        self.assertIsNone(consent["withdrawn_at"])
        entry = AuditEntry.objects.get(action="contact.exported")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.changes, {})

    def test_an_erased_contact_exports_only_the_consent_log(self):
        services.do_erase_contact(self.staff, self.contact)
        self.login(self.staff)
        doc = self.client.get(self.url).json()
        text = self.client.get(self.url).content.decode()
        self.assertNotIn(NAME, text)
        self.assertNotIn(EMAIL, text)
        self.assert_no_phone(text)
        self.assertIsNotNone(doc["contact"]["erased_at"])
        [consent] = doc["consents"]
        self.assertEqual(consent["subject_name"], "")
        self.assertEqual(consent["purpose"], "Pytania rodzin o zapisy do szkół")
        self.assertIsNotNone(consent["withdrawn_at"])

    def test_a_contact_of_another_organisation_is_404(self):
        other = add_contact(self.charlie, self.other_org)
        self.login(self.alice)
        url = reverse("contacts:export", args=[self.org.slug, other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("contacts:export", args=[self.other_org.slug, other.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
