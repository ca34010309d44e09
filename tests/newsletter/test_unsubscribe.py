"""Unsubscribing without login: the page, RFC 8058 one-click, and by e-mail address — none of
which may tell whether an address or token is subscribed."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr, links_in, site_path, tr
from tests.smtp import body_text
from wspolnie.newsletter.models import ConsentRecord, Subscriber

from .factories import make_subscriber

S = Subscriber.Status


def strip_csrf(html: bytes) -> bytes:
    """The page without its per-request CSRF tokens (they differ on every answer)."""
    return re.sub(rb'value="[A-Za-z0-9]{64}"|"X-CSRFToken": "[A-Za-z0-9]{64}"', b"", html)


class UnsubscribePageTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.subscriber = make_subscriber("olena@example.org", ["uk"])
        self.url = reverse("newsletter:unsubscribe", args=[self.subscriber.token])

    def test_get_asks_and_changes_nothing(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(
            response, html_tr("en", "Do you want to stop receiving the newsletter?")
        )
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.status, S.CONFIRMED)

    def test_post_unsubscribes_without_login_and_logs_it(self):
        response = self.client.post(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, html_tr("en", "You are unsubscribed"))
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.status, S.UNSUBSCRIBED)
        self.assertIsNotNone(self.subscriber.unsubscribed_at)
        [consent] = ConsentRecord.objects.all()
        self.assertEqual((consent.action, consent.source, consent.email),
                         (ConsentRecord.Action.UNSUBSCRIBE, "unsubscribe page",
                          "olena@example.org"))

    def test_it_is_idempotent(self):
        first = self.client.post(self.url, HTTP_ACCEPT_LANGUAGE="en")
        second = self.client.post(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(strip_csrf(first.content), strip_csrf(second.content))
        self.assertEqual(ConsentRecord.objects.count(), 1)

    def test_an_unknown_token_answers_exactly_like_a_known_one(self):
        unknown = reverse("newsletter:unsubscribe", args=["no-such-token-at-all"])
        for method in ("get", "post"):
            known_response = getattr(Client(), method)(self.url, HTTP_ACCEPT_LANGUAGE="en")
            unknown_response = getattr(Client(), method)(unknown, HTTP_ACCEPT_LANGUAGE="en")
            self.assertEqual(known_response.status_code, unknown_response.status_code)
            # Equal but for the token itself (in the language switcher's "next" field).
            self.assertEqual(
                strip_csrf(known_response.content).replace(
                    self.subscriber.token.encode(), b"TOKEN"),
                strip_csrf(unknown_response.content).replace(
                    b"no-such-token-at-all", b"TOKEN"),
            )

    def test_a_pending_sign_up_can_be_withdrawn(self):
        pending = make_subscriber("pending@example.org", confirmed=False)
        self.client.post(reverse("newsletter:unsubscribe", args=[pending.token]))
        pending.refresh_from_db()
        self.assertEqual(pending.status, S.UNSUBSCRIBED)


class OneClickTestCase(BaseTestCase):
    """RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click`, with no cookies and no
    CSRF token."""

    def setUp(self) -> None:
        super().setUp()
        self.subscriber = make_subscriber("olena@example.org")
        self.url = reverse("newsletter:one_click_unsubscribe", args=[self.subscriber.token])
        self.client = Client(enforce_csrf_checks=True)

    def one_click(self, url: str):
        return self.client.post(url, "List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")

    def test_the_rfc_8058_post_unsubscribes(self):
        response = self.one_click(self.url)
        self.assertEqual(response.status_code, 200)
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.status, S.UNSUBSCRIBED)
        [consent] = ConsentRecord.objects.all()
        self.assertEqual(consent.source, "one-click unsubscribe")

    def test_an_unknown_token_gets_the_same_answer(self):
        known = self.one_click(self.url)
        unknown = self.one_click(
            reverse("newsletter:one_click_unsubscribe", args=["no-such-token"])
        )
        self.assertEqual((known.status_code, known.content),
                         (unknown.status_code, unknown.content))

    def test_get_is_not_allowed(self):
        # Link scanners GET every URL; only the POST of RFC 8058 may unsubscribe.
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.status, S.CONFIRMED)

    def test_a_post_without_the_one_click_body_is_refused(self):
        response = self.client.post(self.url, "", content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 400)
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.status, S.CONFIRMED)


class UnsubscribeByAddressTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("newsletter:unsubscribe_request")
        self.subscriber = make_subscriber("olena@example.org", ["uk"])

    def post(self, email: str, **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"email": email}, HTTP_ACCEPT_LANGUAGE="en",
                                    **extra)

    def test_a_subscribed_address_gets_a_working_link(self):
        response = self.post("Olena@example.org")
        self.assertContains(response, html_tr(
            "en", "If this address is subscribed, we have sent it a link to unsubscribe."))
        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "olena@example.org")
        self.assertIn(tr("uk", "Hello,"), body_text(message))  # the subscriber's language
        [link] = [link for link in links_in(message) if "/unsubscribe/" in link]
        self.client.post(site_path(link))
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.status, S.UNSUBSCRIBED)

    def test_unknown_and_pending_addresses_get_the_same_answer_and_no_mail(self):
        make_subscriber("pending@example.org", confirmed=False)
        known = self.post("olena@example.org")
        for address in ["nobody@example.org", "pending@example.org"]:
            response = self.post(address)
            self.assertEqual(response.status_code, known.status_code)
            self.assertEqual(strip_csrf(response.content), strip_csrf(known.content))
        self.assertEqual([m["To"] for m in self.smtp.wait_for(1)], ["olena@example.org"])

    def test_a_malformed_address_is_refused_with_a_clear_message(self):
        response = self.post("olena@@example.org")
        self.assertContains(response, html_tr(
            "en", "Enter a valid e-mail address, for example name@example.org."), status_code=422)

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=2)
    def test_it_is_rate_limited_so_nobody_can_flood_a_mailbox(self):
        self.post("olena@example.org")
        self.post("olena@example.org", REMOTE_ADDR="10.1.1.1")
        response = self.post("olena@example.org", REMOTE_ADDR="10.1.1.2")
        self.assertContains(response, html_tr(
            "en", "Too many sign-up attempts. Please wait an hour and try again."),
            status_code=429)
        self.assertEqual(len(self.smtp.wait_for(2)), 2)
