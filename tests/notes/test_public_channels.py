"""A note's contact persons in the API, the feed and the search: at the reader's level only —
a staff-only phone never leaves the page of staff; drafts are nowhere."""

from __future__ import annotations

import json

from django.test import Client

from tests.base import BaseTestCase
from wspolnie.accounts import services as account_services
from wspolnie.notes import services
from wspolnie.notes.models import Note
from wspolnie.search import index
from wspolnie.search.models import SearchEntry
from wspolnie.search.query import search

from .helpers import (
    MEMBERS_EMAIL,
    STAFF_PHONE,
    STAFF_PHONE_SHOWN,
    make_contact,
    make_event,
    make_note,
)


class NoteChannelsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        index.RAISE_ERRORS = True
        self.addCleanup(setattr, index, "RAISE_ERRORS", False)
        self.event = make_event([self.org])
        self.contact = make_contact(self.other_org)
        with self.captureOnCommitCallbacks(execute=True):
            self.note = make_note(self.event, self.org, contacts=[self.contact],
                                  discussion={"pl": "Grupy w komunikatorach dla rodziców"})
            self.draft = make_note(make_event([self.org], slug="inne"), self.org,
                                   published=False, summary={"pl": "Szkic o tramwajach"})

    def api(self, url: str, user=None):
        headers = {}
        if user is not None:
            headers["Authorization"] = "Bearer " + account_services.do_create_api_token(
                user, "t")[1]
        return Client().get(url, headers=headers)

    def test_the_api_gives_contacts_at_the_callers_level(self):
        listed = self.api("/api/notes/")
        self.assertEqual([item["id"] for item in listed.json()["items"]], [self.note.pk])
        text = listed.content.decode()
        self.assertNotIn(STAFF_PHONE, text)
        self.assertNotIn(MEMBERS_EMAIL, text)
        contact = listed.json()["items"][0]["contacts"][0]
        self.assertEqual((contact["name"], contact["email"], contact["phone"]),
                         ("Koordynatorka Ola", None, None))
        member = self.api(f"/api/notes/{self.note.pk}", self.bob).json()["contacts"][0]
        self.assertEqual((member["email"], member["phone"]), (MEMBERS_EMAIL, None))
        staff = self.api(f"/api/notes/{self.note.pk}", self.staff).json()["contacts"][0]
        self.assertEqual(staff["phone"], STAFF_PHONE_SHOWN)

    def test_a_draft_is_404_in_the_api_for_others(self):
        self.assertEqual(self.api(f"/api/notes/{self.draft.pk}").status_code, 404)
        self.assertEqual(self.api(f"/api/notes/{self.draft.pk}", self.charlie).status_code, 404)
        self.assertEqual(self.api(f"/api/notes/{self.draft.pk}", self.alice).status_code, 200)

    def test_the_feed_has_public_notes_and_public_fields_only(self):
        feed = self.client.get("/notes/feed/").content.decode()
        self.assertIn(self.note.get_absolute_url(), feed)
        self.assertIn("Koordynatorka Ola", feed)
        self.assertNotIn(self.draft.get_absolute_url(), feed)
        self.assertNotIn(STAFF_PHONE_SHOWN, feed)
        self.assertNotIn(MEMBERS_EMAIL, feed)

    def test_the_search_has_the_note_but_never_its_contacts(self):
        self.assertEqual([hit.url for hit in search("komunikatorach").hits],
                         [self.note.get_absolute_url()])
        self.assertEqual(search("tramwajach").hits, [])
        indexed = " ".join(SearchEntry.objects.values_list("body", flat=True))
        self.assertNotIn("Koordynatorka", indexed)
        self.assertNotIn(STAFF_PHONE, indexed.replace(" ", ""))
        self.assertNotIn(MEMBERS_EMAIL, indexed)
        with self.captureOnCommitCallbacks(execute=True):
            services.do_unpublish_note(self.alice, Note.objects.get(pk=self.note.pk))
        self.assertEqual(search("komunikatorach").hits, [])

    def test_the_notes_list_searches_with_the_site_search(self):
        response = self.client.get("/notes/?q=komunikatorach")
        self.assertEqual(list(response.context["page"]), [self.note])
        self.assertEqual(len(self.client.get("/notes/").context["page"]), 1)


class NoteApiWriteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event([self.org])
        self.contact = make_contact(self.other_org)

    def send(self, method, url, body=None, user=None):
        headers = {}
        if user is not None:
            headers["Authorization"] = "Bearer " + account_services.do_create_api_token(
                user, "t")[1]
        return getattr(Client(), method)(url, json.dumps(body or {}),
                                         content_type="application/json", headers=headers)

    def test_an_organiser_writes_and_publishes_through_the_api(self):
        body = {"organisation": self.org.slug, "event": self.event.slug,
                "summary": {"pl": "Tekst"}, "contacts": [self.contact.pk],
                "presentations": [{"title": {"pl": "P1"}, "organisation": self.other_org.slug}]}
        self.assertEqual(self.send("post", "/api/notes/", body).status_code, 401)
        self.assertEqual(self.send("post", "/api/notes/", body, self.bob).status_code, 403)
        self.assertEqual(self.send("post", "/api/notes/", body, self.charlie).status_code, 403)
        response = self.send("post", "/api/notes/", body, self.alice)
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        self.assertEqual(response.json()["status"], "draft")
        self.assertEqual(response.json()["presentations"][0]["organisation"], self.other_org.slug)
        response = self.send("patch", f"/api/notes/{pk}", {"next_steps": {"en": "Next"}},
                             self.alice)
        self.assertEqual(response.json()["next_steps"], {"en": "Next"})
        self.assertEqual(self.send("post", f"/api/notes/{pk}/publish", user=self.charlie
                                   ).status_code, 403)
        response = self.send("post", f"/api/notes/{pk}/publish", user=self.alice)
        self.assertEqual(response.json()["status"], "published")
        self.assertEqual(self.send("post", "/api/notes/", body, self.alice).status_code, 422)

    def test_bad_values_are_422(self):
        response = self.send("post", "/api/notes/", {
            "organisation": self.org.slug, "event": "nope", "contacts": [999],
            "presentations": [{"title": {"pl": "P"}, "organisation": "nope"}],
            "useful_links": [{"url": "javascript:alert(1)"}]}, self.alice)
        self.assertEqual(response.status_code, 422)
        self.assertTrue({"event", "contacts", "presentations"} <= set(response.json()["errors"]))
        other_event = make_event([self.other_org], slug="cudze")
        response = self.send("post", "/api/notes/", {
            "organisation": self.org.slug, "event": other_event.slug}, self.alice)
        self.assertEqual(response.status_code, 422)
        self.assertIn("organisation", response.json()["errors"])
        response = self.send("post", "/api/notes/", {
            "organisation": self.org.slug, "event": self.event.slug,
            "useful_links": [{"url": "javascript:alert(1)"}], "summary": {"pl": "x" * 20001}},
            self.alice)
        self.assertEqual(response.status_code, 422)
        self.assertTrue({"useful_links", "summary"} <= set(response.json()["errors"]))


class NoteFollowsItsMeetingInTheSearchTestCase(BaseTestCase):
    def test_a_meeting_back_to_draft_takes_its_note_out_of_the_search(self):
        index.RAISE_ERRORS = True
        self.addCleanup(setattr, index, "RAISE_ERRORS", False)
        event = make_event([self.org])
        with self.captureOnCommitCallbacks(execute=True):
            note = make_note(event, self.org, summary={"pl": "Tramwaje i autobusy"})
        self.assertEqual([hit.url for hit in search("tramwaje").hits], [note.get_absolute_url()])
        with self.captureOnCommitCallbacks(execute=True):
            event.title = {"pl": "Komunikacja miejska"}
            event.save()
        self.assertEqual([hit.title for hit in search("tramwaje").hits], ["Komunikacja miejska"])
        with self.captureOnCommitCallbacks(execute=True):
            event.status = event.Status.DRAFT
            event.save()
        self.assertEqual(search("tramwaje").hits, [])
