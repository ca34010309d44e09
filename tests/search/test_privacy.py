"""Search results and snippets are shown to everyone: nothing but public text is indexed."""

from __future__ import annotations

from django.test import TestCase

from tests.base import make_personas
from wspolnie.contacts.models import ContactPerson
from wspolnie.directory.models import Visibility
from wspolnie.organisations import search_index
from wspolnie.search.models import SearchEntry
from wspolnie.search.query import matching_organisation_ids, search
from wspolnie.search.types import SearchDocument

from .helpers import add_location, make_org, rebuild, text_of, vocabulary

PRIVATE_PHONE = "+48601234987"
PRIVATE_STRINGS = [
    "601234987", "601 234 987", "sekretny-adres@example.org", "sekretny-adres",
    "0000012345", "5260250274", "012345678", "tajna-strona.example.org",
    "tajny-profil", "Stowarzyszenie zwykłe sekretne", "alice@example.org", "Alice Admin",
    "Bob Member", "olena.prywatna@example.org",
]


class OrganisationDocumentTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_personas(cls)  # alice and bob are members of cls.org
        cls.words = vocabulary()
        org = cls.org
        org.email = "sekretny-adres@example.org"
        org.phone = "601 234 987"
        org.website = "https://tajna-strona.example.org/"
        org.krs, org.nip, org.regon = "0000012345", "5260250274", "012345678"
        org.social_profiles = ["https://social.example.org/tajny-profil"]
        org.legal_form = "Stowarzyszenie zwykłe sekretne"
        org.description = {"pl": "Opis po polsku.", "uk": "Опис українською.", "en": "In English."}
        org.save()
        org.topics.set([cls.words["education"]])
        org.communities.set([cls.words["georgian"]])
        org.districts.set([cls.words["nadodrze"]])
        add_location(org, "ul. Jedności Narodowej 1", cls.words["nadodrze"], name="Świetlica")
        cls.contact = ContactPerson.objects.create(
            organisation=org, name="Olena Kowalenko", role={"pl": "Koordynatorka projektu"},
            email="olena.prywatna@example.org", phone=PRIVATE_PHONE,
            phone_visibility=Visibility.STAFF, email_visibility=Visibility.MEMBERS,
        )
        rebuild()

    def test_the_organisation_document_holds_only_public_profile_text(self):
        [document] = search_index.documents_for(self.org)
        self.assertIsInstance(document, SearchDocument)
        self.assertEqual(document.title, self.org.name)
        self.assertEqual(document.url, self.org.get_absolute_url())
        public_lines = {
            self.org.short_description["pl"], "Opis po polsku.", "Опис українською.", "In English.",
            "Świetlica, ul. Jedności Narodowej 1, 50-001 Wrocław, Nadodrze",
        }
        self.assertEqual(set(document.body.splitlines()), public_lines)
        keywords = set(document.keywords.split(" · "))
        self.assertIn("Gruzińska", keywords)
        self.assertIn("Грузинська", keywords)
        self.assertIn("Edukacja", keywords)
        self.assertIn("Nadodrze", keywords)
        self.assertIn("Fundacja", keywords)  # the kind, in Polish
        for text in (document.title, document.body, document.keywords, document.url):
            for private in PRIVATE_STRINGS:
                self.assertNotIn(private, text)

    def test_no_private_value_is_in_the_index_or_found(self):
        self.assertTrue(SearchEntry.objects.filter(organisation_id=self.org.pk).exists())
        for entry in SearchEntry.objects.all():
            text = " ".join([entry.title, entry.body, entry.keywords, entry.extra_terms,
                             entry.url])
            for private in PRIVATE_STRINGS:
                self.assertNotIn(private, text, entry.key)
        for private in PRIVATE_STRINGS:
            with self.subTest(private=private):
                for hit in search(private).hits:
                    shown = text_of(hit.title_html) + text_of(hit.snippet_html) + hit.url
                    for value in PRIVATE_STRINGS:
                        self.assertNotIn(value, shown)

    def test_a_staff_only_phone_number_is_never_found(self):
        # The contact person is public (name, role) and found; the phone never.
        hits = search("koordynatorka").hits
        self.assertIn("Olena Kowalenko", [hit.title for hit in hits])
        for hit in hits:
            self.assertNotIn("601", text_of(hit.snippet_html) + text_of(hit.title_html))
        for query in ("601234987", "+48 601 234 987", "601 234 987", "48601234987"):
            with self.subTest(query=query):
                self.assertEqual(search(query).total, 0)
                self.assertEqual(matching_organisation_ids(query), set())

    def test_a_phone_made_public_is_still_not_indexed(self):
        self.contact.phone_visibility = Visibility.PUBLIC
        self.contact.save()
        rebuild()
        self.assertEqual(search("601234987").total, 0)

    def test_a_pending_organisations_contacts_are_not_found(self):
        pending = make_org("Fundacja W Drodze", status="pending")
        ContactPerson.objects.create(organisation=pending, name="Iryna Ukryta")
        rebuild()
        self.assertEqual(search("iryna").total, 0)
        self.assertEqual(search("drodze").total, 0)
