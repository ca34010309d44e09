"""The contact exchange's pages: the choice (at registration and afterwards), the participant
list with search, vCard and CSV, messages, the feedback form, the consent exports; each with
its personas."""

from __future__ import annotations

import datetime as dt
import json

from django.urls import reverse
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.core.models import OutgoingMail
from wspolnie.meetings import exchange
from wspolnie.meetings.exchange import SharingChoice
from wspolnie.meetings.models import Event, EventFeedback, Registration, ShareAudience

from .factories import make_event, register


def share(registration, *fields, **values):
    return exchange.do_set_sharing(
        None, registration, SharingChoice(on_list=True, fields=list(fields), **values),
        token=registration.token)


class PagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.event = make_event(cls.org)
        cls.olena = register(cls.event, "olena@example.org", "Olena Kowalenko", language="uk")
        cls.piotr = register(cls.event, "piotr@example.org", "Piotr Nowak")

    def url(self, name, registration, **kwargs):
        return reverse(f"meetings:{name}", kwargs={"token": registration.token, **kwargs})


class RegisterWithSharingTest(PagesTestCase):
    def test_the_registration_form_records_the_choice_and_its_consent(self):
        url = reverse("meetings:register", kwargs={"slug": self.event.slug})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {
                "name": "Maria", "email": "maria@example.org", "language": "en",
                "sharing-on_list": "on", "sharing-fields_shared": ["email", "can_help_with"],
                "sharing-audience": "participants", "sharing-months": "6",
                "sharing-can_help_with": "Grant writing",
            }, HTTP_ACCEPT_LANGUAGE="en")

        registration = Registration.objects.get(email="maria@example.org")
        self.assertRedirects(response, registration.get_absolute_url())
        self.assertEqual(registration.shared_fields, ["email", "can_help_with"])
        self.assertEqual(registration.can_help_with, "Grant writing")
        [consent] = registration.sharing_consents.all()
        self.assertIn("Shared: E-mail address, I can help with….", consent.shown_text)

    def test_a_bad_sharing_answer_keeps_the_whole_form(self):
        url = reverse("meetings:register", kwargs={"slug": self.event.slug})
        response = self.client.post(url, {
            "name": "Maria", "email": "maria@example.org", "language": "pl",
            "sharing-on_list": "on", "sharing-audience": "participants",
            "sharing-months": "7", "sharing-phone": "+48 600",
        })

        self.assertEqual(response.status_code, 422)
        self.assertFalse(Registration.objects.filter(email="maria@example.org").exists())
        self.assertContains(response, 'value="Maria"', status_code=422)

    def test_without_ticking_the_list_nothing_is_shared(self):
        url = reverse("meetings:register", kwargs={"slug": self.event.slug})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"name": "Maria", "email": "maria@example.org",
                                   "language": "pl", "sharing-audience": "participants",
                                   "sharing-months": "6",
                                   "sharing-fields_shared": ["email"]})

        registration = Registration.objects.get(email="maria@example.org")
        self.assertFalse(registration.on_participant_list)
        self.assertFalse(registration.sharing_consents.exists())


class SharingPageTest(PagesTestCase):
    def test_the_person_chooses_and_withdraws_with_one_click(self):
        response = self.client.post(self.url("sharing", self.olena), {
            "sharing-on_list": "on", "sharing-fields_shared": ["name", "phone"],
            "sharing-audience": "members", "sharing-months": "3",
            "sharing-phone": "+48 600 100 200",
        })
        self.assertRedirects(response, self.url("sharing", self.olena))
        self.olena.refresh_from_db()
        self.assertEqual((self.olena.shared_fields, self.olena.share_audience),
                         (["name", "phone"], "members"))

        self.client.post(self.url("sharing_withdraw", self.olena))

        self.olena.refresh_from_db()
        self.assertFalse(self.olena.on_participant_list)
        self.assertEqual(self.olena.sharing_consents.count(), 2)

    def test_bad_input_re_renders_with_a_message(self):
        response = self.client.post(self.url("sharing", self.olena), {
            "sharing-on_list": "on", "sharing-audience": "participants",
            "sharing-months": "6", "sharing-phone": "not a phone",
        })
        self.assertContains(
            response, html_tr("pl", "Please give a phone number of digits, spaces and "
                                    "“+ ( ) - /”."), status_code=422)

    def test_a_wrong_token_opens_nothing(self):
        for name in ("sharing", "participants", "feedback", "consents_csv"):
            with self.subTest(name=name):
                response = self.client.get(reverse(f"meetings:{name}",
                                                   kwargs={"token": "wrong"}))
                self.assertEqual(response.status_code, 404)

    def test_the_consent_records_download_as_json_and_csv(self):
        share(self.olena, "email")
        rows = json.loads(self.client.get(self.url("consents_json", self.olena)).content)
        self.assertEqual([row["shared_fields"] for row in rows], ["email"])
        csv_text = self.client.get(self.url("consents_csv", self.olena)).content.decode()
        self.assertIn(tr("pl", "Shared: %(fields)s.") % {"fields": tr("pl", "E-mail address")},
                      csv_text)

    def test_the_consent_export_of_a_meeting_is_for_staff_only(self):
        share(self.olena, "email")
        url = reverse("meetings:consents_staff_csv", kwargs={"slug": self.event.slug})
        self.assertEqual(self.client.get(url).status_code, 302)
        for persona in (self.alice, self.bob, self.charlie):
            self.login(persona)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.staff)
        self.assertContains(self.client.get(url), f"{self.olena.pk},{self.event.slug}")


class ParticipantListPageTest(PagesTestCase):
    def test_a_participant_on_the_list_sees_the_others_shared_fields(self):
        share(self.olena, "email", "can_help_with", can_help_with="Granty", role="Tajna")
        share(self.piotr)

        response = self.client.get(self.url("participants", self.piotr))

        self.assertContains(response, "olena@example.org")
        self.assertContains(response, "Granty")
        self.assertNotContains(response, "Olena")
        self.assertNotContains(response, "Tajna")

    def test_somebody_not_on_the_list_is_told_how_to_join(self):
        share(self.olena, "name")
        response = self.client.get(self.url("participants", self.piotr))
        self.assertContains(response, 'id="not-on-list"')
        self.assertNotContains(response, "Olena")
        for extension in ("csv", "vcf"):
            file_url = self.url(f"participants_{extension}", self.piotr)
            self.assertEqual(self.client.get(file_url).status_code, 403)

    def test_an_expired_share_is_gone_from_the_page_and_the_files(self):
        share(self.olena, "name", "email")
        share(self.piotr, "name")
        Registration.objects.filter(pk=self.olena.pk).update(
            share_until=timezone.now() - dt.timedelta(seconds=1))

        self.assertNotContains(self.client.get(self.url("participants", self.piotr)), "Olena")
        for extension in ("csv", "vcf"):
            response = self.client.get(self.url(f"participants_{extension}", self.piotr))
            self.assertNotIn(b"olena", response.content.lower())

    def test_search_and_files(self):
        share(self.olena, "name", "email", can_help_with="x")
        share(self.piotr, "name")

        self.assertContains(self.client.get(self.url("participants", self.piotr), {"q": "kowal"}),
                            "Olena Kowalenko")
        self.assertContains(self.client.get(self.url("participants", self.piotr), {"q": "zzz"}),
                            'id="no-participants"')
        long_query = self.client.get(self.url("participants", self.piotr), {"q": "x" * 101})
        self.assertContains(long_query, 'id="participant-q-error"')
        vcf = self.client.get(self.url("participants_vcf", self.piotr))
        self.assertEqual(vcf["Content-Type"], "text/vcard; charset=utf-8")
        self.assertIn(b"EMAIL;TYPE=INTERNET:olena@example.org", vcf.content)
        self.assertIn("Olena Kowalenko", self.client.get(
            self.url("participants_csv", self.piotr)).content.decode("utf-8-sig"))

    def test_signed_in_list_personas(self):
        share(self.olena, "name", audience=ShareAudience.MEMBERS)
        share(self.piotr, "name")
        url = reverse("meetings:event_participants", kwargs={"slug": self.event.slug})

        self.assertEqual(self.client.get(url).status_code, 302)  # anonymous → login
        for persona in (self.alice, self.bob, self.charlie, self.staff):
            with self.subTest(persona=persona.name):
                self.login(persona)
                response = self.client.get(url)
                self.assertContains(response, "Olena Kowalenko")
                self.assertNotContains(response, "Piotr")  # shared with participants only

    def test_an_account_that_is_no_member_of_the_hub_gets_403(self):
        from tests.base import make_user

        self.login(make_user("nobody@example.org", "Nobody"))
        url = reverse("meetings:event_participants", kwargs={"slug": self.event.slug})
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_draft_meeting_has_no_list(self):
        draft = make_event(self.org, status=Event.Status.DRAFT)
        self.login(self.bob)
        url = reverse("meetings:event_participants", kwargs={"slug": draft.slug})
        self.assertEqual(self.client.get(url).status_code, 404)


class MessagePageTest(PagesTestCase):
    def test_a_participant_writes_without_seeing_the_address(self):
        share(self.olena, "can_help_with", can_help_with="Granty")
        share(self.piotr, "name")
        url = self.url("participant_message", self.piotr, pk=self.olena.pk)

        form = self.client.get(url)
        self.assertNotContains(form, "olena@example.org")
        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(url, {"subject": "Granty", "body": "Porozmawiajmy?"})

        self.assertRedirects(response, self.url("participants", self.piotr))
        self.assertEqual(OutgoingMail.objects.get().to, "olena@example.org")

    def test_the_rate_limit_shows_on_the_form(self):
        share(self.olena, "can_help_with", can_help_with="Granty")
        share(self.piotr, "name")
        url = self.url("participant_message", self.piotr, pk=self.olena.pk)
        with self.settings(PARTICIPANT_MESSAGES_PER_HOUR=0):
            response = self.client.post(url, {"subject": "Granty", "body": "Hej"})
        self.assertContains(response, html_tr("pl", "You have sent many messages in a short "
                                                    "time. Please wait a while and try again."),
                            status_code=422)

    def test_nobody_else_can_be_written_to(self):
        share(self.piotr, "name")
        for pk in (self.olena.pk, self.piotr.pk, 999999):
            url = self.url("participant_message", self.piotr, pk=pk)
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(
            self.url("participant_message", self.olena, pk=self.piotr.pk)).status_code, 403)


class FeedbackAndManagePageTest(PagesTestCase):
    def test_feedback_after_the_meeting_reaches_the_organisers_aggregated(self):
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() - dt.timedelta(hours=3),
            ends_at=timezone.now() - dt.timedelta(hours=1))
        response = self.client.post(self.url("feedback", self.olena),
                                    {"usefulness": "4", "next_topics": "Mieszkania"})
        self.assertRedirects(response, self.url("feedback", self.olena))
        self.client.post(self.url("feedback", self.piotr), {"usefulness": "5"})
        bad = self.client.post(self.url("feedback", self.piotr), {"usefulness": "9"})
        self.assertEqual(bad.status_code, 422)

        self.login(self.alice)
        manage = self.client.get(reverse("meetings:manage", kwargs={"slug": self.event.slug}))
        self.assertContains(manage, "4,5")  # Polish decimal comma
        self.assertContains(manage, "Mieszkania")
        self.assertNotContains(manage, "consents.csv")  # staff only
        self.assertEqual(EventFeedback.objects.count(), 2)

    def test_no_feedback_before_the_meeting(self):
        response = self.client.get(self.url("feedback", self.olena))
        self.assertContains(response, 'id="feedback-closed"')
        self.client.post(self.url("feedback", self.olena), {"usefulness": "4"})
        self.assertFalse(EventFeedback.objects.exists())
