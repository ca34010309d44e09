"""The public sign-up page: double opt-in with a real confirmation mail, neutral answers,
the honeypot, malformed addresses and the rate limit."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.base import BaseTestCase
from tests.helpers import html_tr, links_in, site_path, subject_of, tr
from tests.smtp import body_text
from wspolnie.directory.models import Topic
from wspolnie.newsletter.forms import CONSENT_TEXT
from wspolnie.newsletter.models import ConsentRecord, SignupAttempt, Subscriber

from .factories import make_subscriber

S = Subscriber.Status


def consent_text(language: str) -> str:
    with translation.override(language):
        return str(CONSENT_TEXT)


class SignupTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("newsletter:signup")
        self.work = Topic.objects.create(slug="work", names={"pl": "Praca", "en": "Work"})
        self.health = Topic.objects.create(slug="health", names={"pl": "Zdrowie"})

    def post(self, language: str = "pl", **values):
        data = {"email": "Olena@Example.org ", "languages": ["uk", "pl"],
                "topics": [self.work.pk], "consent": "on"}
        data.update(values)
        data = {key: value for key, value in data.items() if value is not None}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE=language)

    def confirm_link(self, message) -> str:
        [link] = [link for link in links_in(message) if "/confirm/" in link]
        return site_path(link)

    def test_the_form_offers_languages_in_their_own_names_topics_and_the_consent_text(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<span lang="uk">Українська</span>', html=True)
        self.assertContains(response, "Polski")
        self.assertContains(response, "Work")
        self.assertContains(response, escape(consent_text("en")))

    def test_double_opt_in_sends_a_confirmation_in_the_chosen_language_and_nothing_else(self):
        response = self.post(language="uk")
        self.assertRedirects(response, reverse("newsletter:signup_done"))

        subscriber = Subscriber.objects.get()
        self.assertEqual(subscriber.email, "olena@example.org")
        self.assertEqual(subscriber.status, S.PENDING)
        self.assertEqual(subscriber.languages, ["uk", "pl"])
        self.assertEqual(list(subscriber.topics.all()), [self.work])

        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "olena@example.org")
        self.assertEqual(subject_of(message), tr(
            "uk", "Confirm your subscription to the %(site_name)s newsletter"
        ) % {"site_name": "Wspólnie"})
        self.assertIn(tr("uk", "Hello,"), body_text(message))

        # The link works: the page asks (mail scanners open links), the button confirms.
        link = self.confirm_link(message)
        self.assertContains(self.client.get(link), html_tr("pl", "Confirm my subscription"))
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, S.PENDING)
        response = self.client.post(link)
        self.assertRedirects(
            response, reverse("newsletter:preferences", args=[subscriber.token])
        )
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, S.CONFIRMED)
        self.assertIsNotNone(subscriber.confirmed_at)
        # Confirmation itself mails nothing more.
        self.assertEqual(len(self.smtp.messages), 1)

    def test_the_mail_follows_the_page_language_when_it_was_chosen_for_the_newsletter(self):
        self.post(language="en", languages=["pl", "en"])
        [message] = self.smtp.wait_for(1)
        self.assertIn(tr("en", "Hello,"), body_text(message))

    def test_it_records_the_consent_exactly_as_shown(self):
        self.post(language="en")
        [consent] = ConsentRecord.objects.all()
        self.assertEqual(consent.action, ConsentRecord.Action.SIGN_UP)
        self.assertEqual(consent.email, "olena@example.org")
        self.assertEqual(consent.source, "sign-up page")
        self.assertEqual(consent.language, "en")
        self.assertEqual(consent.text, consent_text("en"))
        self.assertEqual(consent.details, {"languages": ["uk", "pl"], "topics": ["work"]})

    def test_a_confirmed_address_gets_the_same_answer_and_no_new_state(self):
        subscriber = make_subscriber("olena@example.org", languages=["pl"], topics=[self.health])
        response = self.post()
        self.assertRedirects(response, reverse("newsletter:signup_done"))
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, S.CONFIRMED)
        self.assertEqual(subscriber.languages, ["pl"])
        self.assertEqual(list(subscriber.topics.all()), [self.health])
        self.assertFalse(ConsentRecord.objects.exists())
        # Only the mailbox's owner learns that it was subscribed already.
        [message] = self.smtp.wait_for(1)
        self.assertNotIn("/confirm/", body_text(message))
        self.assertIn(f"/newsletter/preferences/{subscriber.token}/", body_text(message))

    def test_signing_up_again_while_pending_refreshes_the_choices(self):
        self.post(languages=["pl"])
        self.post(languages=["en"], topics=None)
        subscriber = Subscriber.objects.get()
        self.assertEqual(subscriber.status, S.PENDING)
        self.assertEqual(subscriber.languages, ["en"])
        self.assertFalse(subscriber.topics.exists())
        self.assertEqual(len(self.smtp.wait_for(2)), 2)

    def test_an_unsubscribed_address_needs_a_new_confirmation_and_gets_a_new_token(self):
        old = make_subscriber("olena@example.org")
        old.status = S.UNSUBSCRIBED
        old.save()
        self.post()
        subscriber = Subscriber.objects.get()
        self.assertEqual(subscriber.status, S.PENDING)
        self.assertNotEqual(subscriber.token, old.token)
        # The old links do not confirm the new sign-up.
        self.client.post(reverse("newsletter:confirm", args=[old.token]))
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, S.PENDING)

    def test_it_rejects_a_malformed_address_with_a_clear_message(self):
        for address in ["olena", "olena@", "olena@example", "a b@example.org", "<x>@example.org"]:
            with self.subTest(address=address):
                response = self.post(language="uk", email=address)
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, html_tr(
                    "uk", "Enter a valid e-mail address, for example name@example.org."
                ), status_code=422)
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(self.smtp.messages, [])

    def test_it_requires_a_language_and_the_consent(self):
        response = self.post(language="en", languages=[], consent=None)
        self.assertContains(response, html_tr("en", "Choose at least one language."),
                            status_code=422)
        self.assertContains(response, html_tr(
            "en", "Please agree so that we may send you the newsletter."), status_code=422)
        self.assertFalse(Subscriber.objects.exists())

    def test_a_filled_honeypot_looks_like_success_but_does_nothing(self):
        response = self.post(website="http://spam.example")
        self.assertRedirects(response, reverse("newsletter:signup_done"))
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(self.smtp.messages, [])

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=3)
    def test_one_client_is_limited_per_hour(self):
        for number in range(3):
            response = self.post(email=f"person{number}@example.org")
            self.assertEqual(response.status_code, 302)
        response = self.post(language="en", email="person9@example.org")
        self.assertContains(response, html_tr(
            "en", "Too many sign-up attempts. Please wait an hour and try again."
        ), status_code=429)
        self.assertFalse(Subscriber.objects.filter(email="person9@example.org").exists())
        self.assertEqual(len(self.smtp.wait_for(3)), 3)
        # Addresses are kept only as keyed hashes.
        self.assertFalse(SignupAttempt.objects.filter(key__contains="example").exists())

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=2)
    def test_one_address_is_limited_per_hour_whatever_the_client(self):
        for client_address in ["10.0.0.1", "10.0.0.2"]:
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(self.url, {"email": "olena@example.org", "languages": ["pl"],
                                            "consent": "on"}, REMOTE_ADDR=client_address)
        response = self.client.post(
            self.url, {"email": "olena@example.org", "languages": ["pl"], "consent": "on"},
            REMOTE_ADDR="10.0.0.3",
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(self.smtp.wait_for(2)), 2)

    def signup_from(self, email: str, **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                self.url, {"email": email, "languages": ["pl"], "consent": "on"}, **extra
            )

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=1, TRUSTED_PROXY_HEADER="X-Forwarded-For",
                       TRUSTED_PROXY_COUNT=1)
    def test_two_clients_behind_the_proxy_have_separate_limits(self):
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        first = self.signup_from("a@example.org", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
        second = self.signup_from("b@example.org", HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy)
        self.assertEqual((first.status_code, second.status_code), (302, 302))
        again = self.signup_from("c@example.org", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
        self.assertEqual(again.status_code, 429)
        # Prepending another address does not give the first client a fresh bucket.
        spoofed = self.signup_from(
            "d@example.org", HTTP_X_FORWARDED_FOR="198.51.100.5, 203.0.113.1", **proxy
        )
        self.assertEqual(spoofed.status_code, 429)

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=1)
    def test_without_a_configured_proxy_a_forged_header_gives_no_fresh_limit(self):
        first = self.signup_from("a@example.org", HTTP_X_FORWARDED_FOR="203.0.113.1")
        self.assertEqual(first.status_code, 302)
        forged = self.signup_from("b@example.org", HTTP_X_FORWARDED_FOR="203.0.113.2")
        self.assertEqual(forged.status_code, 429)

    def test_the_check_your_mailbox_page_is_neutral(self):
        response = self.client.get(reverse("newsletter:signup_done"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, html_tr("en", "Check your mailbox"))
