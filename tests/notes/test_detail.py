"""A note's page: versions, sections, presentations, links, contacts at the viewer's level."""

from __future__ import annotations

from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import tr
from tests.xss import TEXT, article, executable_markup

from .helpers import (
    MEMBERS_EMAIL,
    STAFF_PHONE,
    STAFF_PHONE_SHOWN,
    make_contact,
    make_event,
    make_note,
)


class NoteDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event([self.org])
        self.contact = make_contact(self.other_org)

    def test_anyone_reads_a_published_note_in_its_sections(self):
        note = make_note(
            self.event, self.org, contacts=[self.contact],
            decisions={"pl": "1. Katalog kanałów"}, next_steps={"en": "Meet in November"},
            presentations=[{"title": {"pl": "Newsletter sieci"}, "speaker": "",
                            "organisation": self.other_org.pk, "summary": {"pl": "Jak?"}}],
            useful_links=[{"url": "https://example.org/pdf", "label": "Materiały"}],
        )
        response = self.client.get(note.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Rozmawialiśmy o <strong>kanałach</strong>.")
        self.assertContains(response, "Katalog kanałów")
        self.assertContains(response, '<div class="markdown" lang="en">')  # not in Polish
        self.assertContains(response, "Newsletter sieci")
        self.assertContains(response, self.other_org.get_absolute_url())
        self.assertContains(response, "Materiały")
        self.assertContains(response, f"/notes/{note.pk}/links/")
        self.assertContains(response, "Koordynatorka Ola")
        self.assertNotContains(response, "/edit/")

    def test_a_public_note_never_shows_a_staff_only_phone(self):
        note = make_note(self.event, self.org, contacts=[self.contact])
        anonymous = self.client.get(note.get_absolute_url()).content.decode()
        self.assertNotIn(STAFF_PHONE_SHOWN, anonymous)
        self.assertNotIn(STAFF_PHONE, anonymous)
        self.assertNotIn(MEMBERS_EMAIL, anonymous)
        self.login(self.bob)  # a member of the hub: the e-mail, not the phone
        member = self.client.get(note.get_absolute_url()).content.decode()
        self.assertIn(MEMBERS_EMAIL, member)
        self.assertNotIn(STAFF_PHONE_SHOWN, member)
        for user in (self.staff, self.charlie):  # staff, the contact's own organisation's admin
            self.login(user)
            self.assertContains(self.client.get(note.get_absolute_url()), STAFF_PHONE_SHOWN)

    def test_an_erased_contact_disappears(self):
        note = make_note(self.event, self.org, contacts=[self.contact])
        self.contact.erased_at = timezone.now()
        self.contact.save()
        self.assertNotContains(self.client.get(note.get_absolute_url()), "Koordynatorka Ola")

    def test_versions(self):
        note = make_note(self.event, self.org)
        response = self.client.get(note.get_absolute_url())
        self.assertContains(response, "?version=uk")
        response = self.client.get(note.get_absolute_url() + "?version=uk")
        self.assertContains(response, "Ми говорили про канали.")
        self.assertNotContains(response, "Rozmawialiśmy")
        # An unknown version falls back to the page's language.
        response = self.client.get(note.get_absolute_url() + "?version=xx")
        self.assertContains(response, "Rozmawialiśmy")

    def test_a_draft_is_only_for_the_organisers_and_staff(self):
        note = make_note(self.event, self.org, published=False)
        self.assertEqual(self.client.get(note.get_absolute_url()).status_code, 404)
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(note.get_absolute_url()).status_code, 404)
        for user in (self.alice, self.staff):
            self.login(user)
            response = self.client.get(note.get_absolute_url())
            self.assertContains(response, tr(
                "pl", "Draft: only the meeting's organisers and staff see this note."))
            self.assertContains(response, f"/notes/{note.pk}/edit/")

    def test_html_and_scripts_are_neutralised(self):
        note = make_note(
            self.event, self.org, summary={"pl": TEXT}, discussion={"pl": TEXT},
            presentations=[{"title": {"pl": TEXT}, "speaker": TEXT, "organisation": None,
                            "summary": {"pl": TEXT}}],
        )
        response = self.client.get(note.get_absolute_url())
        self.assertEqual(executable_markup(article(response.content.decode())), [])
        links = self.client.get(f"/notes/{note.pk}/links/").content.decode()
        self.assertNotIn("javascript:", links.lower())
