"""The contact exchange's rules (meetings/exchange.py): who sees whom, only what was shared,
until when; consent records; withdrawal; vCard and CSV contents; messages (rate limit, log,
Reply-To); erasure; the "met at" selector."""

from __future__ import annotations

import csv
import datetime as dt
import io

import vobject
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from tests.base import BaseTestCase, make_user
from tests.helpers import tr
from wspolnie.core.models import AuditEntry, OutgoingMail
from wspolnie.lib.spreadsheets import csv_bytes
from wspolnie.meetings import exchange, services
from wspolnie.meetings.exchange import SharingChoice
from wspolnie.meetings.models import (
    Event,
    ParticipantMessage,
    Registration,
    ShareAudience,
    SharingConsent,
)
from wspolnie.meetings.selectors import co_attending_organisations
from wspolnie.organisations.models import Membership, Organisation

from .factories import make_event, register

R = Registration.Status


def share(registration, *fields, audience=ShareAudience.PARTICIPANTS, now=None, **values):
    return exchange.do_set_sharing(
        None, registration,
        SharingChoice(on_list=True, fields=list(fields), audience=audience, **values),
        token=registration.token, now=now,
    )


class ExchangeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.event = make_event(cls.org)
        cls.olena = register(cls.event, "olena@example.org", "Olena Kowalenko",
                             organisation_name="Fundacja Ukraina", language="uk")
        cls.piotr = register(cls.event, "piotr@example.org", "Piotr Nowak")
        cls.ania = register(cls.event, "ania@example.org", "Ania Wiśniewska")

    def entries(self, registration, **kwargs):
        viewer = exchange.viewer_for(self.event, registration=registration,
                                     now=kwargs.get("now"))
        return None if viewer is None else exchange.listed_entries(viewer, **kwargs)


class SharingTest(ExchangeTestCase):
    def test_a_participant_sees_only_the_shared_fields_of_the_others(self):
        share(self.olena, "email", "can_help_with", can_help_with="Księgowość NGO",
              role="Prezeska", phone="+48 600 100 200")
        share(self.piotr)

        [entry] = self.entries(self.piotr)

        self.assertEqual(entry.values, {"email": "olena@example.org",
                                        "can_help_with": "Księgowość NGO"})
        self.assertEqual(entry.label, tr("pl", "A participant (name not shared)"))

    def test_a_participant_sharing_nothing_is_shown_to_nobody(self):
        share(self.olena, "email")
        share(self.piotr)

        self.assertEqual(self.entries(self.olena), [])

    def test_somebody_not_on_the_list_sees_nothing(self):
        share(self.olena, "name", "email")

        self.assertIsNone(self.entries(self.ania))

    def test_nobody_sees_themselves(self):
        share(self.olena, "name")
        share(self.piotr, "name")

        self.assertEqual([e.values["name"] for e in self.entries(self.olena)], ["Piotr Nowak"])

    def test_a_cancelled_participant_neither_sees_nor_is_seen(self):
        share(self.olena, "name")
        share(self.piotr, "name")
        Registration.objects.filter(pk=self.piotr.pk).update(status=R.CANCELLED)
        self.piotr.refresh_from_db()

        self.assertEqual(self.entries(self.olena), [])
        self.assertIsNone(self.entries(self.piotr))

    def test_hub_members_see_only_the_entries_shared_with_members(self):
        share(self.olena, "name", audience=ShareAudience.MEMBERS)
        share(self.piotr, "name")

        viewer = exchange.viewer_for(self.event, user=self.charlie)
        self.assertEqual([e.values["name"] for e in exchange.listed_entries(viewer)],
                         ["Olena Kowalenko"])
        lone_account = make_user("nomember@example.org", "No Member")
        self.assertIsNone(exchange.viewer_for(self.event, user=lone_account))

    def test_a_signed_in_participant_sees_through_their_own_registration(self):
        registration = register(self.event, "bob@example.org", "Bob", user=self.bob)
        share(registration, "name")
        share(self.piotr, "name")

        viewer = exchange.viewer_for(self.event, user=self.bob)
        self.assertTrue(viewer.takes_part)
        self.assertEqual([e.values["name"] for e in exchange.listed_entries(viewer)],
                         ["Piotr Nowak"])

    def test_search_looks_only_into_what_is_shared(self):
        share(self.olena, "can_help_with", can_help_with="Księgowość", role="Tajna rola")
        share(self.piotr)

        self.assertEqual(len(self.entries(self.piotr, query="księgow")), 1)
        self.assertEqual(self.entries(self.piotr, query="Tajna"), [])
        self.assertEqual(self.entries(self.piotr, query="Olena"), [])

    def test_the_organisers_and_the_other_persons_cannot_choose_for_somebody(self):
        for actor in (self.alice, self.staff, self.bob):
            with self.subTest(actor=actor), self.assertRaises(PermissionDenied):
                exchange.do_set_sharing(actor, self.olena, SharingChoice(on_list=True))
        with self.assertRaises(PermissionDenied):
            exchange.do_set_sharing(None, self.olena, SharingChoice(on_list=True),
                                    token=self.piotr.token)

    def test_bad_choices_are_refused_with_field_messages(self):
        for choice, field in [
            (SharingChoice(on_list=True, fields=["answers"]), "fields"),
            (SharingChoice(on_list=True, months=7), "months"),
            (SharingChoice(on_list=True, audience="world"), "audience"),
            (SharingChoice(on_list=True, phone="call me maybe"), "phone"),
            (SharingChoice(on_list=True, can_help_with="x" * 1001), "can_help_with"),
        ]:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                exchange.do_set_sharing(None, self.olena, choice, token=self.olena.token)
            self.assertIn(field, caught.exception.message_dict)
        self.olena.refresh_from_db()
        self.assertFalse(self.olena.on_participant_list)


class ExpiryAndWithdrawalTest(ExchangeTestCase):
    def test_an_entry_is_gone_one_second_after_its_expiry(self):
        start = timezone.now()
        share(self.olena, "name", months=1, now=start)
        share(self.piotr, "name", months=12, now=start)
        self.olena.refresh_from_db()
        expiry = self.olena.share_until

        just_before = self.entries(self.piotr, now=expiry - dt.timedelta(seconds=1))
        one_second_after = self.entries(self.piotr, now=expiry + dt.timedelta(seconds=1))

        self.assertEqual([e.values["name"] for e in just_before], ["Olena Kowalenko"])
        self.assertEqual(one_second_after, [])
        # …and the expired person's own view of the list closes at the same instant.
        self.assertIsNone(self.entries(self.olena, now=expiry + dt.timedelta(seconds=1)))
        self.assertEqual(expiry, start + dt.timedelta(days=30))

    def test_withdrawal_takes_effect_at_once_and_is_recorded(self):
        share(self.olena, "name", "email")
        share(self.piotr, "name")

        exchange.do_withdraw_sharing(None, self.olena, token=self.olena.token)

        self.assertEqual(self.entries(self.piotr), [])
        self.olena.refresh_from_db()
        self.assertEqual((self.olena.on_participant_list, self.olena.shared_fields,
                          self.olena.share_until), (False, [], None))
        last = self.olena.sharing_consents.last()
        self.assertFalse(last.on_participant_list)
        self.assertIn(tr("pl", "I do not want to be on the participant list of “%(event)s”.")
                      % {"event": self.event.title["pl"]}, last.shown_text)
        self.assertTrue(AuditEntry.objects.filter(action="meetings.sharing_withdrawn",
                                                  object_id=str(self.olena.pk)).exists())


class ConsentRecordTest(ExchangeTestCase):
    def test_each_choice_keeps_the_wording_shown_in_its_language(self):
        with translation.override("uk"):
            share(self.olena, "email", "can_help_with")
        with translation.override("en"):
            share(self.olena, "name", audience=ShareAudience.MEMBERS)

        first, second = self.olena.sharing_consents.all()
        self.assertEqual((first.language, first.shared_fields), ("uk", ["email",
                                                                       "can_help_with"]))
        with translation.override("uk"):
            self.assertIn(translation.gettext("I can help with…"), first.shown_text)
        self.assertIn("Shown to: All members of the hub.", second.shown_text)
        self.assertEqual(second.share_audience, "members")

        rows = list(exchange.consent_dataset(SharingConsent.objects.all()).dict)
        self.assertEqual([row["shared_fields"] for row in rows],
                         ["email can_help_with", "name"])

    def test_the_audit_log_never_holds_the_shared_texts(self):
        share(self.olena, "phone", phone="+48 600 100 200", can_help_with="Sekret")

        changes = str(list(AuditEntry.objects.values_list("changes", flat=True)))
        self.assertNotIn("600 100", changes)
        self.assertNotIn("Sekret", changes)


class FilesTest(ExchangeTestCase):
    def test_the_vcards_hold_only_what_each_person_shares(self):
        share(self.olena, "name", "email", "phone", "can_help_with", phone="+48 600 100 200",
              can_help_with="Księgowość; umowy, granty", role="Prezeska")
        share(self.ania, "organisation_name", "looking_for", looking_for="Sali na warsztaty")
        share(self.piotr)

        with translation.override("en"):
            cards = list(vobject.readComponents(exchange.entries_vcards(
                self.entries(self.piotr))))

        olena, ania = cards
        self.assertEqual(olena.fn.value, "Olena Kowalenko")
        self.assertEqual(olena.email.value, "olena@example.org")
        self.assertEqual(olena.tel.value, "+48 600 100 200")
        self.assertEqual(olena.note.value, "I can help with…: Księgowość; umowy, granty")
        self.assertNotIn("title", olena.contents)  # the role is not shared
        self.assertEqual(ania.fn.value, "A participant (name not shared)")
        self.assertNotIn("email", ania.contents)
        self.assertNotIn("org", ania.contents)  # shared, but empty: nothing to show

    def test_the_csv_has_a_column_per_field_and_only_shared_cells(self):
        share(self.olena, "email", "can_help_with", can_help_with="=HYPERLINK(1)",
              role="Prezeska")
        share(self.piotr)

        with translation.override("en"):
            data = exchange.entries_dataset(self.entries(self.piotr))

        [row] = list(csv.DictReader(io.StringIO(csv_bytes(data).decode("utf-8-sig"))))
        self.assertEqual(row["E-mail address"], "olena@example.org")
        self.assertEqual(row["I can help with…"], "'=HYPERLINK(1)")
        self.assertEqual(row["Role"], "")
        self.assertEqual(row["Full name"], "")


class MessagesTest(ExchangeTestCase):
    def send(self, viewer, recipient, subject="Współpraca", body="Dzień dobry!"):
        with self.captureOnCommitCallbacks(execute=False):
            return exchange.do_send_participant_message(viewer, recipient.pk, subject, body)

    def test_the_message_goes_to_the_address_the_sender_never_sees(self):
        share(self.olena, "can_help_with", can_help_with="Granty")
        share(self.piotr, "name", "email")
        viewer = exchange.viewer_for(self.event, registration=self.piotr)

        message = self.send(viewer, self.olena)

        mail = OutgoingMail.objects.get()
        self.assertEqual(mail.to, "olena@example.org")
        self.assertEqual(mail.headers, {"Reply-To": "piotr@example.org"})
        self.assertIn("Piotr Nowak", mail.body)
        self.assertTrue(message.reply_to_shared)
        with translation.override("uk"):  # the recipient's language
            self.assertIn(translation.gettext("Your registration (what you share on the "
                                              "participant list, or to leave it):"), mail.body)

    def test_no_reply_to_when_the_sender_does_not_share_the_address(self):
        share(self.olena, "can_help_with", can_help_with="Granty")
        share(self.piotr, "name")

        self.send(exchange.viewer_for(self.event, registration=self.piotr), self.olena)

        self.assertEqual(OutgoingMail.objects.get().headers, {})

    def test_a_hub_member_writes_to_an_entry_shared_with_members(self):
        share(self.olena, "name", audience=ShareAudience.MEMBERS)
        share(self.piotr, "name")
        viewer = exchange.viewer_for(self.event, user=self.charlie)

        self.send(viewer, self.olena)
        with self.assertRaises(PermissionDenied):
            self.send(viewer, self.piotr)  # shared with the meeting's participants only

        mail = OutgoingMail.objects.get()
        self.assertEqual(mail.headers, {})
        self.assertIn(tr("uk", "A member of the hub"), mail.body)
        self.assertEqual(ParticipantMessage.objects.get().sender_user, self.charlie)

    def test_only_listed_people_can_be_written_to(self):
        share(self.piotr, "name")
        viewer = exchange.viewer_for(self.event, registration=self.piotr)
        for recipient in (self.olena, self.piotr):
            with self.subTest(recipient=recipient.name), self.assertRaises(PermissionDenied):
                self.send(viewer, recipient)
        self.assertFalse(OutgoingMail.objects.exists())

    def test_messages_are_rate_limited_and_logged(self):
        share(self.olena, "name")
        share(self.piotr, "name")
        viewer = exchange.viewer_for(self.event, registration=self.piotr)
        allowed = settings.PARTICIPANT_MESSAGES_PER_HOUR
        for _number in range(allowed):
            self.send(viewer, self.olena)
        with self.assertRaises(exchange.RateLimited):
            self.send(viewer, self.olena)

        self.assertEqual(OutgoingMail.objects.count(), allowed)
        self.assertEqual(
            list(ParticipantMessage.objects.values_list("sender", "recipient", "subject")),
            [(self.piotr.pk, self.olena.pk, "Współpraca")] * allowed)
        # Other senders are counted on their own.
        share(self.ania, "name")
        self.send(exchange.viewer_for(self.event, registration=self.ania), self.olena)

    def test_an_empty_or_too_long_message_is_refused(self):
        share(self.olena, "name")
        share(self.piotr, "name")
        viewer = exchange.viewer_for(self.event, registration=self.piotr)
        for subject, body in [("", "x"), ("x", ""), ("x", "y" * 4001)]:
            with self.subTest(subject=subject, body=len(body)), \
                    self.assertRaises(ValidationError):
                self.send(viewer, self.olena, subject, body)


class ErasureTest(ExchangeTestCase):
    def test_erasing_a_registration_removes_it_from_the_list_and_the_message_texts(self):
        share(self.olena, "name", phone="+48 600", can_help_with="Granty")
        share(self.piotr, "name")
        with self.captureOnCommitCallbacks(execute=False):
            exchange.do_send_participant_message(
                exchange.viewer_for(self.event, registration=self.piotr), self.olena.pk,
                "Temat", "Treść")

        services.do_erase_registration(self.staff, self.olena)

        self.olena.refresh_from_db()
        self.assertEqual((self.olena.phone, self.olena.can_help_with,
                          self.olena.on_participant_list), ("", "", False))
        self.assertEqual(self.entries(self.piotr), [])
        self.assertEqual(list(ParticipantMessage.objects.values_list("subject", "body")),
                         [("", "")])


class CoAttendanceTest(BaseTestCase):
    def test_pairs_of_approved_organisations_and_no_people(self):
        third = Organisation.objects.create(name="Trzecia", slug="trzecia", kind="ngo",
                                            status=Organisation.Status.PENDING)
        dora = make_user("dora@example.org", "Dora")
        Membership.objects.create(user=dora, organisation=third, role="admin")
        start = timezone.now() - dt.timedelta(days=2)
        event = make_event(self.org, starts_at=start, status=Event.Status.HELD)
        for user in (self.alice, self.charlie, dora):
            register(event, user.email, user.name, user=user, status=R.ATTENDED)
        register(event, "absent@example.org", "Absent", user=self.bob)

        self.assertEqual(co_attending_organisations(event),
                         [tuple(sorted((self.org.pk, self.other_org.pk)))])
        upcoming = make_event(self.org)
        register(upcoming, self.charlie.email, user=self.charlie)
        register(upcoming, self.alice.email, user=self.alice)
        self.assertEqual(co_attending_organisations(upcoming), [])
