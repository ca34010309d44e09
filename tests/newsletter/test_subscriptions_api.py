"""/api/newsletter/: self-service subscriptions with the mailed token, and the staff-only
subscriber list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import links_in, tr
from wspolnie.accounts.services import do_create_api_token
from wspolnie.directory.models import Topic
from wspolnie.newsletter.models import ConsentRecord, Subscriber

from .factories import make_subscriber

S = Subscriber.Status
API = "/api/newsletter"


class SelfServiceApiTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.work = Topic.objects.create(slug="work", names={"pl": "Praca"})

    def sign_up(self, language: str = "en", **values):
        payload = {"email": "Olena@Example.org", "languages": ["uk"], "topics": ["work"],
                   "consent": True}
        payload.update(values)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"{API}/subscriptions", payload,
                                    content_type="application/json",
                                    HTTP_ACCEPT_LANGUAGE=language)

    def test_the_whole_self_service_cycle(self):
        response = self.sign_up()
        self.assertEqual(response.status_code, 202)
        subscriber = Subscriber.objects.get()
        self.assertEqual((subscriber.email, subscriber.status), ("olena@example.org", S.PENDING))
        [message] = self.smtp.wait_for(1)
        [link] = [link for link in links_in(message) if "/confirm/" in link]
        token = link.rstrip("/").rsplit("/", 1)[1]

        # Nothing to see before the confirmation.
        self.assertEqual(self.client.get(f"{API}/subscriptions/{token}").status_code, 404)
        response = self.client.post(f"{API}/subscriptions/confirm", {"token": token},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "confirmed")

        response = self.client.get(f"{API}/subscriptions/{token}")
        self.assertEqual(response.json(), {"email": "olena@example.org", "status": "confirmed",
                                           "languages": ["uk"], "topics": ["work"]})
        response = self.client.put(f"{API}/subscriptions/{token}",
                                   {"languages": ["pl", "uk"], "topics": []},
                                   content_type="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["languages"], ["pl", "uk"])

        response = self.client.post(f"{API}/subscriptions/{token}/unsubscribe")
        self.assertEqual(response.status_code, 200)
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, S.UNSUBSCRIBED)
        self.assertEqual(
            list(ConsentRecord.objects.order_by("id").values_list("action", "source")),
            [("sign_up", "API"), ("confirm", "API"), ("change", "API"), ("unsubscribe", "API")],
        )
        self.assertEqual(len(self.smtp.messages), 1)

    def test_an_already_confirmed_address_gets_the_same_answer(self):
        fresh = self.sign_up(email="new@example.org")
        make_subscriber("olena@example.org", ["pl"])
        known = self.sign_up()
        self.assertEqual((known.status_code, known.json()), (fresh.status_code, fresh.json()))
        self.assertEqual(Subscriber.objects.get(email="olena@example.org").languages, ["pl"])

    def test_the_consent_text_sent_by_the_client_is_recorded(self):
        self.sign_up(consent_text="Tak, chcę dostawać newsletter.", language="pl")
        consent = ConsentRecord.objects.get()
        self.assertEqual((consent.text, consent.language), ("Tak, chcę dostawać newsletter.", "pl"))

    def test_bad_input_answers_422_with_a_translated_detail(self):
        cases = [
            ({"email": "not-an-address"},
             tr("uk", "Enter a valid e-mail address, for example name@example.org.")),
            ({"languages": ["xx"]}, tr("uk", "Unknown language: %(code)s.") % {"code": "xx"}),
            ({"languages": []}, None),
            ({"topics": ["nope"]}, tr("uk", "Unknown topic: %(slug)s.") % {"slug": "nope"}),
            ({"consent": False}, tr("uk", "Please agree so that we may send you the newsletter.")),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self.sign_up(language="uk", **values)
                self.assertEqual(response.status_code, 422)
                if message is not None:
                    self.assertEqual(response.json()["detail"], message)
                else:
                    self.assertIn("detail", response.json())
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(self.smtp.messages, [])

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=2)
    def test_sign_ups_are_rate_limited(self):
        self.sign_up(email="a@example.org")
        self.sign_up(email="b@example.org")
        response = self.sign_up(email="c@example.org")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["detail"], tr(
            "en", "Too many sign-up attempts. Please wait an hour and try again."))

    @override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=1, TRUSTED_PROXY_HEADER="X-Forwarded-For")
    def test_clients_behind_a_trusted_proxy_are_limited_separately(self):
        def sign_up_from(client: str, email: str):
            with self.captureOnCommitCallbacks(execute=True):
                return self.client.post(
                    f"{API}/subscriptions", {"email": email, "languages": ["uk"],
                                             "consent": True},
                    content_type="application/json", REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=client,
                )
        self.assertEqual(sign_up_from("203.0.113.1", "a@example.org").status_code, 202)
        self.assertEqual(sign_up_from("203.0.113.2", "b@example.org").status_code, 202)
        self.assertEqual(sign_up_from("203.0.113.1", "c@example.org").status_code, 429)

    def test_an_expired_or_unknown_token_cannot_be_confirmed(self):
        pending = make_subscriber("p@example.org", confirmed=False)
        Subscriber.objects.filter(pk=pending.pk).update(
            confirmation_sent_at=timezone.now() - timedelta(days=30))
        for token in [pending.token, "no-such-token"]:
            response = self.client.post(f"{API}/subscriptions/confirm", {"token": token},
                                        content_type="application/json")
            self.assertEqual(response.status_code, 410)
            self.assertIn("detail", response.json())

    def test_unknown_tokens_find_nothing_and_unsubscribe_answers_the_same(self):
        known = make_subscriber("olena@example.org")
        self.assertEqual(self.client.get(f"{API}/subscriptions/nope").status_code, 404)
        response = self.client.put(f"{API}/subscriptions/nope", {"languages": ["pl"]},
                                   content_type="application/json")
        self.assertEqual(response.status_code, 404)
        known_answer = self.client.post(f"{API}/subscriptions/{known.token}/unsubscribe")
        unknown_answer = self.client.post(f"{API}/subscriptions/nope/unsubscribe")
        self.assertEqual((known_answer.status_code, known_answer.json()),
                         (unknown_answer.status_code, unknown_answer.json()))


class SubscriberListApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        make_subscriber("olena@example.org", ["uk"])
        make_subscriber("nino@example.org", ["en"])
        make_subscriber("pending@example.org", ["uk"], confirmed=False)
        self.url = f"{API}/subscribers"

    def test_anonymous_callers_must_authenticate(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_members_org_admins_and_other_orgs_admins_get_403(self):
        for user in [self.bob, self.alice, self.charlie]:
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("olena", response.content.decode())
                self.assertIn("detail", response.json())

    def test_a_non_staff_token_gets_403_too(self):
        token = do_create_api_token(self.alice, "script")[1]
        response = self.client.get(self.url, HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 403)

    def test_staff_get_a_filtered_paginated_list(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 3)
        response = self.client.get(self.url, {"status": "confirmed", "language": "uk"})
        [item] = response.json()["items"]
        self.assertEqual((item["email"], item["languages"]), ("olena@example.org", ["uk"]))
        self.assertEqual(self.client.get(self.url, {"status": "bogus"}).status_code, 422)
