"""Account mails are rate-limited, and sign-up does not tell which addresses have accounts
(issue #17.5). Counted on a real SMTP server."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import links_in, site_path, subject_of, tr
from tests.smtp import body_text
from wspolnie.accounts.services import do_sign_up

User = get_user_model()
PER_ADDRESS = settings.ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR
NEW_PASSWORD = "Tbilisi-Wroclaw-2024"


class MailTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def post(self, url: str, data: dict, client: Client | None = None):
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.client).post(url, data)

    def settle(self) -> list:
        """Every mail that is coming (tasks run at commit; give SMTP a moment)."""
        time.sleep(0.3)
        return self.smtp.messages


class PasswordResetLimitTestCase(MailTestCase):
    url = reverse("accounts:password_reset")

    def test_fifteen_requests_send_three_mails_with_the_same_answer(self):
        for _i in range(15):
            response = self.post(self.url, {"email": "bob@example.org"})
            self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.smtp.wait_for(PER_ADDRESS)
        self.assertEqual(len(self.settle()), PER_ADDRESS)

    def test_the_limit_is_per_address(self):
        for _i in range(PER_ADDRESS + 2):
            self.post(self.url, {"email": "bob@example.org"})
        self.post(self.url, {"email": "alice@example.org"})
        messages = self.smtp.wait_for(PER_ADDRESS + 1)
        self.assertEqual([m["To"] for m in self.settle()].count("alice@example.org"), 1)
        self.assertEqual(len(messages), PER_ADDRESS + 1)

    @override_settings(ACCOUNT_MAILS_PER_CLIENT_PER_HOUR=4)
    def test_the_limit_is_per_client_too(self):
        """One client asking for many addresses."""
        for email in ["alice@example.org", "bob@example.org", "charlie@example.org",
                      "staff@example.org", "bob@example.org", "charlie@example.org"]:
            response = self.post(self.url, {"email": email})
            self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(len(self.settle()), 4)
        # Another client is not affected.
        self.post(self.url, {"email": "charlie@example.org"}, Client(REMOTE_ADDR="203.0.113.5"))
        self.assertEqual(len(self.settle()), 5)

    def test_the_address_is_counted_in_any_case(self):
        for email in ["bob@example.org", "BOB@example.org", "Bob@Example.org",
                      "bob@EXAMPLE.ORG", "bOb@example.org"]:
            self.post(self.url, {"email": email})
        self.assertEqual(len(self.settle()), PER_ADDRESS)


class ResendVerificationLimitTestCase(MailTestCase):
    url = reverse("accounts:resend_verification")

    def test_fifteen_requests_send_three_mails_with_the_same_answer(self):
        with self.captureOnCommitCallbacks(execute=True):
            do_sign_up(email="nino@example.org", name="Nino", password=NEW_PASSWORD,
                       preferred_language="uk")
        self.smtp.wait_for(1)
        for _i in range(15):
            response = self.post(self.url, {"email": "nino@example.org"})
            self.assertRedirects(response, reverse("accounts:sign_up_done"))
        self.smtp.wait_for(1 + PER_ADDRESS)
        self.assertEqual(len(self.settle()), 1 + PER_ADDRESS)


class NeutralSignUpTestCase(MailTestCase):
    url = reverse("accounts:sign_up")

    def data(self, email: str) -> dict:
        return {"name": "Nino Beridze", "email": email, "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD, "preferred_language": "uk"}

    def test_an_existing_address_gets_the_same_answer_as_a_new_one(self):
        new = self.post(self.url, self.data("nino@example.org"))
        existing = self.post(self.url, self.data("ALICE@example.org"))
        self.assertRedirects(new, reverse("accounts:sign_up_done"))
        self.assertRedirects(existing, reverse("accounts:sign_up_done"))
        self.assertEqual(User.objects.filter(email__iexact="alice@example.org").count(), 1)
        self.assertTrue(User.objects.get(email="alice@example.org").check_password(PASSWORD))

    def test_the_owner_is_told_instead_in_their_language(self):
        User.objects.filter(pk=self.alice.pk).update(preferred_language="en")
        self.post(self.url, self.data("alice@example.org"))
        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "alice@example.org")
        self.assertEqual(
            subject_of(message),
            tr("en", "Somebody tried to sign up with your address at Wspólnie"),
        )
        body = body_text(message)
        self.assertIn("Alice Admin", body)
        self.assertNotIn("Nino", body)  # nothing of what the stranger typed
        paths = [site_path(link) for link in links_in(message)]
        self.assertEqual(paths, [reverse("accounts:login"), reverse("accounts:password_reset")])

    def test_an_account_waiting_for_verification_gets_a_fresh_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            do_sign_up(email="nino@example.org", name="Nino", password=NEW_PASSWORD,
                       preferred_language="uk")
        self.smtp.wait_for(1)
        self.post(self.url, self.data("nino@example.org"))
        messages = self.smtp.wait_for(2)
        self.assertEqual(len(messages), 2)
        self.assertEqual(subject_of(messages[1]),
                         tr("uk", "Confirm your e-mail address for Wspólnie"))
        self.assertEqual(User.objects.filter(email="nino@example.org").count(), 1)

    def test_the_owner_is_mailed_within_the_limit(self):
        for _i in range(10):
            self.post(self.url, self.data("alice@example.org"))
        self.smtp.wait_for(PER_ADDRESS)
        self.assertEqual(len(self.settle()), PER_ADDRESS)
