"""The announcement services: who may do what, what they validate, what they remember."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils import translation as django_translation

from tests.base import BaseTestCase, make_user
from tests.meetings.factories import make_event
from wspolnie.announcements import services
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

from .factories import make_announcement, make_terms, translation, write

T = AnnouncementTranslation.Status
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def values(**overrides) -> dict:
    data = {
        "kind": Announcement.Kind.NEWS, "source_language": "pl",
        "title": "Nabór do szkoły językowej", "body": "Zapisy **do piątku**.",
        "topics": [], "communities": [], "languages": ["uk", "en"], "districts": [],
        "links": [{"url": "https://example.org/zapisy", "label": "Zapisy"}],
        "event": None, "publish_at": None,
    }
    data.update(overrides)
    return data


class CreateTests(BaseTestCase):
    def test_an_org_admin_writes_a_draft_with_a_translation_row_per_target_language(self):
        terms = make_terms()
        announcement = services.do_create_announcement(
            self.alice, organisation=self.org,
            **values(topics=["education"], communities=[terms["ukrainian"]],
                     districts=["nadodrze"], languages=["uk", "en", "ka", "pl"]),
        )
        self.assertEqual(announcement.status, Announcement.Status.DRAFT)
        self.assertEqual(announcement.created_by, self.alice)
        # The source language needs no translation; Georgian (not a UI language) does.
        rows = {t.language: t.status for t in announcement.translations.all()}
        self.assertEqual(rows, {"uk": T.MISSING, "en": T.MISSING, "ka": T.MISSING})
        self.assertEqual(announcement.target_language_codes(), ["pl", "en", "ka", "uk"])
        self.assertEqual([t.slug for t in announcement.topics.all()], ["education"])
        self.assertEqual([c.slug for c in announcement.communities.all()], ["ukrainian"])
        entry = AuditEntry.objects.get(action="announcement.created")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.object_id, str(announcement.pk))

    def test_members_and_other_orgs_admins_may_not_write_for_the_organisation(self):
        with self.assertRaises(PermissionDenied):
            services.do_create_announcement(self.bob, organisation=self.org, **values())
        with self.assertRaises(PermissionDenied):
            services.do_create_announcement(self.charlie, organisation=self.org, **values())
        self.assertFalse(Announcement.objects.exists())

    def test_only_staff_write_for_the_hub_itself(self):
        with self.assertRaises(ValidationError) as caught:
            services.do_create_announcement(self.alice, organisation=None, **values())
        self.assertIn("organisation", caught.exception.message_dict)
        announcement = services.do_create_announcement(self.staff, organisation=None,
                                                       **values())
        self.assertIsNone(announcement.organisation)

    def test_a_pending_organisation_cannot_announce(self):
        self.org.status = Organisation.Status.PENDING
        self.org.save()
        with self.assertRaises(PermissionDenied):
            services.do_create_announcement(self.alice, organisation=self.org, **values())

    def test_bad_input_is_refused_field_by_field(self):
        with self.assertRaises(ValidationError) as caught, django_translation.override("en"):
            services.do_create_announcement(self.alice, organisation=self.org, **values(
                title="", body="x" * 20001, languages=["uk", "xx-nonsense-1"],
                links=[{"url": "javascript:alert(1)", "label": "Klik"}], kind="rumour",
                topics=["no-such-topic"],
            ))
        errors = caught.exception.message_dict
        self.assertEqual(set(errors), {"title", "body", "languages", "links", "kind", "topics"})
        self.assertIn("at most 20000", errors["body"][0])
        self.assertIn("javascript:alert(1)", errors["links"][0])
        self.assertFalse(Announcement.objects.exists())

    def test_link_labels_are_limited_to_200_characters(self):
        with self.assertRaises(ValidationError):
            services.clean_links([{"url": "https://example.org", "label": "x" * 201}])
        self.assertEqual(services.clean_links([{"url": " https://example.org ", "label": ""}]),
                         [{"url": "https://example.org", "label": ""}])

    def test_language_codes_are_content_languages_or_canonical_bcp47(self):
        self.assertEqual(services.clean_language_code("pt_br"), "pt-BR")
        self.assertEqual(services.clean_language_code("uk"), "uk")
        with self.assertRaises(ValidationError):
            services.clean_language_code("klingonish")

    def test_a_draft_meeting_of_someone_else_cannot_be_attached(self):
        draft = make_event(self.other_org, status=Event.Status.DRAFT)
        with self.assertRaises(ValidationError) as caught:
            services.do_create_announcement(self.alice, organisation=self.org,
                                            **values(event=draft))
        self.assertIn("event", caught.exception.message_dict)


class UpdateTests(BaseTestCase):
    def setUp(self) -> None:
        self.announcement = make_announcement(self.org)

    def test_a_new_text_marks_translations_as_made_from_an_old_source(self):
        uk = write(self.announcement, "uk", status=T.APPROVED)
        self.assertFalse(uk.source_changed)
        services.do_update_announcement(self.alice, self.announcement,
                                        body="Nowa treść: zmiana terminu.")
        uk.refresh_from_db()
        self.assertEqual(uk.announcement.source_revision, 2)
        self.assertTrue(uk.source_changed)
        entry = AuditEntry.objects.get(action="announcement.updated")
        self.assertEqual(entry.changes["body"][1], "Nowa treść: zmiana terminu.")

    def test_changes_other_than_the_text_do_not_bump_the_revision(self):
        services.do_update_announcement(self.alice, self.announcement,
                                        title=self.announcement.title,
                                        kind=Announcement.Kind.CALL_FOR_PARTNERS,
                                        links=[{"url": "https://example.org/x", "label": "X"}])
        self.announcement.refresh_from_db()
        self.assertEqual(self.announcement.source_revision, 1)
        self.assertEqual(self.announcement.kind, Announcement.Kind.CALL_FOR_PARTNERS)

    def test_new_target_languages_get_rows_and_untouched_dropped_ones_go(self):
        write(self.announcement, "en")
        services.do_update_announcement(self.alice, self.announcement, languages=["be"])
        rows = {t.language: t.status for t in self.announcement.translations.all()}
        # English had text: kept (so no work is lost); Ukrainian was empty: gone.
        self.assertEqual(rows, {"be": T.MISSING, "en": T.DRAFT})

    def test_only_managers_may_change_it(self):
        for user in (self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                services.do_update_announcement(user, self.announcement, title="Zmienione")
        services.do_update_announcement(self.staff, self.announcement, title="Zmienione")
        self.announcement.refresh_from_db()
        self.assertEqual(self.announcement.title, "Zmienione")


class TranslationTests(BaseTestCase):
    def setUp(self) -> None:
        self.announcement = make_announcement(self.org)
        self.uk = translation(self.announcement, "uk")

    def test_any_hub_member_can_be_assigned_and_gets_a_mail_with_the_editor_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.do_assign_translator(self.alice, self.uk, self.charlie)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.translator, self.charlie)
        [message] = mail.outbox
        self.assertEqual(message.to, ["charlie@example.org"])
        self.assertIn(f"/announcements/{self.announcement.pk}/translations/uk/", message.body)
        self.assertTrue(AuditEntry.objects.filter(
            action="announcement.translator_assigned").exists())

    def test_people_outside_the_network_cannot_be_translators(self):
        outsider = make_user("outsider@example.org", "Outsider")
        with self.assertRaises(ValidationError):
            services.do_assign_translator(self.alice, self.uk, outsider)
        with self.assertRaises(ValidationError):
            services.find_translator("outsider@example.org")
        self.assertEqual(services.find_translator("STAFF@example.org"), self.staff)

    def test_only_managers_assign(self):
        with self.assertRaises(PermissionDenied):
            services.do_assign_translator(self.bob, self.uk, self.bob)

    def test_the_translator_saves_drafts_and_hands_in(self):
        self.uk.translator = self.bob
        self.uk.machine_translated = True
        self.uk.save()
        services.do_save_translation(self.bob, self.uk, "Заголовок", "Текст", False)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.status, T.DRAFT)
        self.assertFalse(self.uk.machine_translated)
        self.assertEqual(self.uk.source_revision, self.announcement.source_revision)
        services.do_save_translation(self.bob, self.uk, "Заголовок", "Текст", True)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.status, T.NEEDS_REVIEW)

    def test_an_unedited_machine_pre_translation_stays_marked(self):
        write(self.announcement, "uk", "Машинний", "Переклад")
        AnnouncementTranslation.objects.filter(pk=self.uk.pk).update(machine_translated=True)
        services.do_save_translation(self.alice, self.uk, "Машинний", "Переклад", True)
        self.uk.refresh_from_db()
        self.assertTrue(self.uk.machine_translated)

    def test_people_not_assigned_cannot_edit(self):
        for user in (self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                services.do_save_translation(user, self.uk, "Заголовок", "Текст")

    def test_approval_is_for_managers_and_refused_while_the_source_is_newer(self):
        self.uk.translator = self.bob
        self.uk.save()
        services.do_save_translation(self.bob, self.uk, "Заголовок", "Текст", True)
        with self.assertRaises(PermissionDenied):
            services.do_approve_translation(self.bob, self.uk)
        services.do_update_announcement(self.alice, self.announcement, title="Nowy tytuł")
        with self.assertRaises(ValidationError) as caught, django_translation.override("en"):
            services.do_approve_translation(self.alice, self.uk)
        self.assertIn("source text changed", caught.exception.messages[0])
        # Re-saved against the new source: now it can be approved.
        services.do_save_translation(self.bob, self.uk, "Новий заголовок", "Текст", True)
        approved = services.do_approve_translation(self.alice, self.uk)
        self.assertEqual(approved.status, T.APPROVED)
        self.assertEqual(approved.approved_by, self.alice)
        self.assertEqual(self.announcement.version("uk").title, "Новий заголовок")
        self.assertEqual(AuditEntry.objects.filter(
            action="announcement.translation_approved").count(), 1)

    def test_an_empty_translation_cannot_be_approved(self):
        with self.assertRaises(ValidationError):
            services.do_approve_translation(self.alice, self.uk)

    def test_rejecting_sends_it_back_as_a_draft_and_out_of_the_public_versions(self):
        write(self.announcement, "uk", "Заголовок", "Текст", status=T.APPROVED)
        services.do_reject_translation(self.alice, self.uk, "Proszę poprawić datę")
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.status, T.DRAFT)
        self.assertIsNone(self.announcement.version("uk"))
        entry = AuditEntry.objects.get(action="announcement.translation_rejected")
        self.assertEqual(entry.changes["reason"], "Proszę poprawić datę")


class PublishTests(BaseTestCase):
    def setUp(self) -> None:
        self.announcement = make_announcement(self.org)

    def test_publishing_now_makes_it_public(self):
        services.do_publish(self.alice, self.announcement)
        self.assertIn(self.announcement, Announcement.objects.published())
        services.do_withdraw(self.alice, self.announcement)
        self.assertNotIn(self.announcement, Announcement.objects.published())
        self.assertEqual(
            list(AuditEntry.objects.filter(object_type="announcements.announcement")
                 .values_list("action", flat=True).order_by("id")),
            ["announcement.published", "announcement.withdrawn"],
        )

    def test_a_future_date_waits(self):
        later = timezone.now() + dt.timedelta(days=2)
        services.do_publish(self.alice, self.announcement, later)
        self.announcement.refresh_from_db()
        self.assertEqual(self.announcement.status, Announcement.Status.PUBLISHED)
        self.assertFalse(self.announcement.is_public)

    def test_others_may_not_publish_or_withdraw(self):
        for user in (self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                services.do_publish(user, self.announcement)
        services.do_publish(self.staff, self.announcement)
        with self.assertRaises(PermissionDenied):
            services.do_withdraw(self.charlie, self.announcement)

    def test_a_draft_cannot_be_withdrawn(self):
        with self.assertRaises(ValidationError):
            services.do_withdraw(self.alice, self.announcement)


class FromEventTests(BaseTestCase):
    def setUp(self) -> None:
        start = dt.datetime(2030, 3, 14, 17, 30, tzinfo=WARSAW)
        self.event = make_event(
            self.org, slug="spotkanie-marzec", starts_at=start,
            format=Event.Format.HYBRID, venue_name="Centrum Sektor3",
            venue_address="ul. Kościuszki 35, Wrocław", languages=["uk", "pl"],
            online_link="https://meet.example.org/secret-room",
            title={"pl": "Spotkanie marcowe", "uk": "Березнева зустріч"},
            description={"pl": "Opis po polsku.", "uk": "Опис українською."},
        )

    def test_one_click_writes_the_invitation_in_the_meetings_first_language(self):
        announcement = services.do_create_from_event(self.alice, self.event)
        self.assertEqual(announcement.kind, Announcement.Kind.EVENT_INVITATION)
        self.assertEqual(announcement.organisation, self.org)
        self.assertEqual(announcement.event, self.event)
        self.assertEqual(announcement.source_language, "uk")
        self.assertEqual(announcement.title, "Березнева зустріч")
        body = announcement.body
        self.assertIn("17:30–19:30", body)  # Warsaw time, not UTC (16:30)
        self.assertIn("14", body)
        self.assertIn("2030", body)
        self.assertIn("ul. Kościuszki 35", body)
        self.assertIn("Опис українською.", body)
        self.assertIn("/meetings/spotkanie-marzec/register/", body)
        # The video-call link is for registrants only.
        self.assertNotIn("secret-room", body)
        self.assertIn("/meetings/spotkanie-marzec/", announcement.links[0]["url"])
        self.assertEqual({t.language for t in announcement.translations.all()}, {"pl"})
        self.assertTrue(AuditEntry.objects.filter(
            action="announcement.created_from_event").exists())

    def test_without_meeting_languages_it_uses_the_interface_language(self):
        self.event.languages = []
        self.event.save()
        with django_translation.override("en"):
            announcement = services.do_create_from_event(self.alice, self.event)
        self.assertEqual(announcement.source_language, "en")
        self.assertIn("Register", announcement.body)

    def test_clicking_again_opens_the_same_draft(self):
        first = services.do_create_from_event(self.alice, self.event)
        self.assertEqual(services.do_create_from_event(self.alice, self.event), first)
        services.do_publish(self.alice, first)
        self.assertNotEqual(services.do_create_from_event(self.alice, self.event), first)

    def test_only_the_meetings_organisers_and_staff(self):
        for user in (self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                services.do_create_from_event(user, self.event)
        announcement = services.do_create_from_event(self.staff, self.event)
        self.assertEqual(announcement.organisation, self.org)
