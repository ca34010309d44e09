"""Starting, editing, publishing and deleting a note: the meeting's organisers' admins and
staff only."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.core.models import AuditEntry
from wspolnie.notes.models import Note

from .helpers import make_contact, make_event, make_note


def edit_data(**overrides) -> dict:
    data = {
        "summary_pl": "Podsumowanie po polsku", "summary_en": "", "summary_uk": "Підсумок",
        "discussion_pl": "", "discussion_en": "", "discussion_uk": "",
        "decisions_pl": "[Biblioteka](/library/)", "decisions_en": "", "decisions_uk": "",
        "next_steps_pl": "", "next_steps_en": "", "next_steps_uk": "",
        "useful_links": "Materiały | https://example.org/m",
        "presentations-TOTAL_FORMS": "2", "presentations-INITIAL_FORMS": "0",
        "presentations-MIN_NUM_FORMS": "0", "presentations-MAX_NUM_FORMS": "30",
        "presentations-0-title_pl": "Newsletter sieci", "presentations-0-title_en": "",
        "presentations-0-title_uk": "", "presentations-0-speaker": "",
        "presentations-0-organisation": "", "presentations-0-summary_pl": "Jak działa.",
        "presentations-0-summary_en": "", "presentations-0-summary_uk": "",
    }
    data.update(overrides)
    return data


class StartNoteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event([self.org])
        self.url = f"/notes/meeting/{self.event.slug}/new/"

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"organisation": self.org.pk}
                                              ).status_code, 403)
        self.assertFalse(Note.objects.exists())
        self.login(self.alice)
        self.assertEqual(self.client.get("/notes/meeting/nope/new/").status_code, 404)

    def test_an_organiser_starts_a_draft_and_goes_to_the_form(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.client.post(self.url, {"organisation": self.org.pk})
        note = Note.objects.get()
        self.assertRedirects(response, f"/notes/{note.pk}/edit/")
        self.assertEqual((note.organisation, note.status), (self.org, Note.Status.DRAFT))
        self.assertTrue(AuditEntry.objects.filter(action="meeting_note.created").exists())
        # Once there is a note, starting again leads to it.
        self.assertRedirects(self.client.get(self.url), f"/notes/{note.pk}/edit/")

    def test_only_an_organiser_can_publish_it(self):
        self.login(self.staff)
        response = self.client.post(self.url, {"organisation": self.other_org.pk})
        self.assertEqual(response.status_code, 200)  # not one of the choices
        self.assertFalse(Note.objects.exists())

    def test_the_meeting_page_offers_it_to_organisers(self):
        self.login(self.alice)
        self.assertContains(self.client.get(self.event.get_absolute_url()), self.url)
        self.login(self.bob)
        self.assertNotContains(self.client.get(self.event.get_absolute_url()), self.url)


class EditNoteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event([self.org])
        self.note = make_note(self.event, self.org, published=False)
        self.url = f"/notes/{self.note.pk}/edit/"

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, edit_data()).status_code, 403)

    def test_a_presentation_names_its_organisation_by_name(self):
        from tests.search.helpers import rebuild

        rebuild()
        self.login(self.alice)
        response = self.client.post(self.url, edit_data(
            **{"presentations-0-organisation_name": "STOWARZYSZENIE INNE"}))
        self.assertRedirects(response, self.note.get_absolute_url())
        self.note.refresh_from_db()
        self.assertEqual(self.note.presentations[0]["organisation"], self.other_org.pk)

    def test_an_organiser_writes_the_sections(self):
        contact = make_contact(self.other_org)
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.client.post(self.url, edit_data(
            contacts=[contact.pk], **{"presentations-0-organisation": self.other_org.pk}))
        self.assertRedirects(response, self.note.get_absolute_url())
        self.note.refresh_from_db()
        self.assertEqual(self.note.summary, {"pl": "Podsumowanie po polsku", "uk": "Підсумок"})
        self.assertEqual(self.note.presentations, [{
            "title": {"pl": "Newsletter sieci"}, "speaker": "",
            "organisation": self.other_org.pk, "summary": {"pl": "Jak działa."},
        }])
        self.assertEqual(self.note.useful_links,
                         [{"url": "https://example.org/m", "label": "Materiały"}])
        self.assertEqual(list(self.note.contacts.all()), [contact])
        self.assertEqual(self.note.version_languages(), ["pl", "uk"])
        entry = AuditEntry.objects.get(action="meeting_note.updated")
        self.assertIn("summary", entry.changes)

    def test_bad_input_re_renders(self):
        self.login(self.alice)
        response = self.client.post(self.url, edit_data(**{
            "useful_links": "to nie adres", "summary_pl": "x" * 20001,
            "presentations-0-title_pl": "", "presentations-0-speaker": "Ktoś"}))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, tr("pl", "A presentation needs a title."))
        self.note.refresh_from_db()
        self.assertEqual(self.note.useful_links, [])


class PublishTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.event = make_event([self.org])
        self.note = make_note(self.event, self.org, published=False)

    def test_permissions(self):
        for url in (f"/notes/{self.note.pk}/publish/", f"/notes/{self.note.pk}/unpublish/",
                    f"/notes/{self.note.pk}/delete/"):
            self.client.logout()
            self.assertEqual(self.client.post(url).status_code, 302)
            self.login(self.charlie)
            self.assertEqual(self.client.post(url).status_code, 403)
            self.login(self.bob)
            self.assertEqual(self.client.post(url).status_code, 403)
        self.assertTrue(Note.objects.filter(status="draft").exists())

    def test_publish_unpublish_delete(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(f"/notes/{self.note.pk}/publish/").status_code, 200)
        self.client.post(f"/notes/{self.note.pk}/publish/")
        self.note.refresh_from_db()
        self.assertTrue(self.note.is_published)
        self.assertIsNotNone(self.note.published_at)
        self.client.logout()
        self.assertEqual(self.client.get(self.note.get_absolute_url()).status_code, 200)
        # The meeting page links the note and its link list.
        page = self.client.get(self.event.get_absolute_url())
        self.assertContains(page, self.note.get_absolute_url())
        self.assertContains(page, f"/notes/{self.note.pk}/links/")
        self.login(self.staff)
        self.client.post(f"/notes/{self.note.pk}/unpublish/")
        self.client.logout()
        self.assertEqual(self.client.get(self.note.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get(self.event.get_absolute_url()),
                               self.note.get_absolute_url())
        self.login(self.alice)
        response = self.client.post(f"/notes/{self.note.pk}/delete/")
        self.assertRedirects(response, self.event.get_absolute_url())
        self.assertFalse(Note.objects.exists())
        self.assertEqual(
            sorted(AuditEntry.objects.filter(action__startswith="meeting_note.").values_list(
                "action", flat=True)),
            ["meeting_note.deleted", "meeting_note.published", "meeting_note.unpublished"],
        )

    def test_an_empty_note_cannot_be_published(self):
        self.note.summary = {}
        self.note.save()
        self.login(self.alice)
        response = self.client.post(f"/notes/{self.note.pk}/publish/", follow=True)
        self.assertContains(response, tr("pl", "Write at least the summary before publishing."))
        self.note.refresh_from_db()
        self.assertFalse(self.note.is_published)
