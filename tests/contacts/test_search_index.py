"""contacts/search_index.py indexes only what an anonymous visitor sees: public names and
roles (and public languages as keywords); never an e-mail address or a phone number."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from wspolnie.contacts import search_index, services
from wspolnie.contacts.models import ContactPerson
from wspolnie.organisations.models import Organisation

from .base import EMAIL, NAME, PHONE_FORMS, ContactsTestCase, add_contact


def as_text(documents) -> str:
    return json.dumps([dataclasses.asdict(d) for d in documents], ensure_ascii=False)


class DocumentsTestCase(ContactsTestCase):
    def test_a_public_name_and_role_are_indexed(self):
        [document] = search_index.documents_for(self.contact)
        self.assertEqual(document.key, f"contacts.contactperson:{self.contact.pk}")
        self.assertEqual(document.kind, "contact")
        self.assertEqual(document.title, NAME)
        self.assertIn("Koordynacja zapisów do szkół", document.body)
        self.assertIn("Координація запису до шкіл", document.body)
        self.assertEqual(
            document.url, f"/organisations/{self.org.slug}/#contact-{self.contact.pk}"
        )
        self.assertEqual(document.organisation_id, self.org.pk)
        self.assertIn("Ukraiński", document.keywords)  # languages spoken, in every UI language

    def test_no_email_or_phone_is_ever_indexed(self):
        contact = add_contact(
            self.staff, self.org, email_visibility="public", phone_visibility="public"
        )
        text = as_text(search_index.documents_for(contact))
        self.assertNotIn(EMAIL, text)
        for form in PHONE_FORMS:
            self.assertNotIn(form, text)

    def test_private_names_and_roles_are_not_indexed(self):
        contact = add_contact(self.staff, self.org, name_visibility="members")
        [document] = search_index.documents_for(contact)
        self.assertNotIn(NAME, as_text([document]))
        self.assertEqual(document.title, "Koordynacja zapisów do szkół")

        contact = add_contact(
            self.staff, self.org, name_visibility="members", role_visibility="staff",
            languages_visibility="members",
        )
        self.assertEqual(search_index.documents_for(contact), [])

    def test_erased_contacts_are_not_indexed(self):
        services.do_erase_contact(self.alice, self.contact)
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(search_index.documents_for(contact), [])

    def test_contacts_of_unapproved_organisations_are_not_indexed(self):
        Organisation.objects.filter(pk=self.org.pk).update(status=Organisation.Status.PENDING)
        org = Organisation.objects.get(pk=self.org.pk)
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(search_index.documents_for(contact), [])
        self.assertEqual(search_index.documents_for_organisation(org), [])
        self.assertEqual(list(search_index.all_documents()), [])

    def test_all_documents_and_per_organisation(self):
        add_contact(self.staff, self.other_org, name="Punkt informacyjny")
        keys = {d.key for d in search_index.all_documents()}
        self.assertEqual(len(keys), 2)
        self.assertEqual(
            [d.key for d in search_index.documents_for_organisation(self.org)],
            [f"contacts.contactperson:{self.contact.pk}"],
        )


class SearchIntegrationTestCase(ContactsTestCase):
    """With the search app in place: what /api/search/ finds."""

    def setUp(self) -> None:
        super().setUp()
        try:
            reverse("search:search")
        except NoReverseMatch:
            pytest.skip("the search app (search:search, /api/search/) is not there yet")

    def hits(self, query: str) -> list[dict]:
        response = self.client.get("/api/search/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return response.json()["hits"]

    def contact_keys(self, query: str) -> list[str]:
        return [hit["key"] for hit in self.hits(query) if hit["kind"] == "contact"]

    def test_a_public_contact_is_found_without_its_phone(self):
        call_command("rebuild_search_index", verbosity=0)
        self.assertEqual(
            self.contact_keys("Koordynatorka"), [f"contacts.contactperson:{self.contact.pk}"]
        )
        text = json.dumps(self.hits("Koordynatorka"), ensure_ascii=False)
        self.assertNotIn(EMAIL, text)
        for form in PHONE_FORMS:
            self.assertNotIn(form, text)

    def test_erasure_removes_the_contact_from_search(self):
        call_command("rebuild_search_index", verbosity=0)
        with self.captureOnCommitCallbacks(execute=True):
            services.do_erase_contact(self.alice, self.contact)
        self.assertEqual(self.contact_keys("Koordynatorka"), [])

    def test_hiding_the_name_and_role_removes_the_contact_from_search(self):
        call_command("rebuild_search_index", verbosity=0)
        with self.captureOnCommitCallbacks(execute=True):
            services.do_update_contact(
                self.alice, self.contact, name_visibility="members", role_visibility="staff"
            )
        self.assertEqual(self.contact_keys("Koordynatorka"), [])
        self.assertEqual(self.contact_keys("Koordynacja"), [])
