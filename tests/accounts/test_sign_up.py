from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from tests.base import BaseTestCase
from tests.helpers import html_tr, links_in, site_path, subject_of, tr
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry

User = get_user_model()

NEW_PASSWORD = "Tbilisi-Wroclaw-2024"


class SignUpTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("accounts:sign_up")

    def post(self, **overrides):
        data = {
            "name": "Nino Beridze",
            "email": "nino@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "preferred_language": "uk",
        }
        data.update(overrides)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data)

    def assert_nothing_created(self) -> None:
        self.assertFalse(User.objects.filter(email="nino@example.org").exists())
        self.assertEqual(self.smtp.messages, [])

    def test_it_shows_the_form(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="email"')
        self.assertContains(response, 'name="password2"')
        self.assertContains(response, html_tr("pl", "Create account"))

    def test_it_preselects_the_page_language(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.context["form"].initial["preferred_language"], "uk")

    def test_it_redirects_a_logged_in_user_to_the_profile(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:profile"))

    def test_it_creates_an_inactive_account(self):
        response = self.post()
        self.assertRedirects(response, reverse("accounts:sign_up_done"))

        user = User.objects.get(email="nino@example.org")
        self.assertFalse(user.is_active)
        self.assertIsNone(user.email_verified_at)
        self.assertEqual(user.name, "Nino Beridze")
        self.assertEqual(user.preferred_language, "uk")
        self.assertTrue(user.check_password(NEW_PASSWORD))
        self.assertTrue(
            AuditEntry.objects.filter(action="account.signed_up", object_id=str(user.pk)).exists()
        )
        # Signing up does not log anybody in.
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_stores_the_email_address_in_lower_case(self):
        self.post(email="Nino@Example.ORG")
        self.assertTrue(User.objects.filter(email="nino@example.org").exists())

    def test_done_page_tells_to_check_the_inbox(self):
        response = self.client.get(reverse("accounts:sign_up_done"))
        self.assertContains(response, html_tr("pl", "Check your inbox"))

    def test_it_sends_the_verification_mail_in_the_chosen_language(self):
        self.post(preferred_language="uk")

        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "nino@example.org")
        self.assertEqual(
            subject_of(message), tr("uk", "Confirm your e-mail address for Wspólnie")
        )
        body = body_text(message)
        self.assertIn(
            tr("uk", "Open this link to confirm your e-mail address and activate your "
                     "Wspólnie account:"),
            body,
        )
        self.assertIn("Nino Beridze", body)
        [link] = links_in(message)
        self.assertTrue(site_path(link).startswith("/accounts/verify/"))

    def test_the_link_in_the_mail_activates_the_account_and_logs_in(self):
        self.post(preferred_language="en")
        [message] = self.smtp.wait_for(1)
        [link] = links_in(message)

        response = self.client.get(site_path(link))
        self.assertRedirects(response, reverse("accounts:profile"))

        user = User.objects.get(email="nino@example.org")
        self.assertTrue(user.is_active)
        self.assertIsNotNone(user.email_verified_at)
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))
        self.assertEqual(response.cookies["wspolnie_language"].value, "en")

    def test_the_new_account_can_log_in_after_verification(self):
        self.post()
        [message] = self.smtp.wait_for(1)
        self.client.get(site_path(links_in(message)[0]))
        self.client.post(reverse("accounts:logout"))

        response = self.client.post(
            reverse("accounts:login"), {"username": "nino@example.org", "password": NEW_PASSWORD}
        )
        self.assertRedirects(response, reverse("core:home"))

    def test_an_existing_email_address_gets_the_neutral_answer(self):
        """No "already exists" (account enumeration): tests/accounts/test_account_mail_limits.py
        has the mail its owner gets instead."""
        response = self.post(email="ALICE@example.org")
        self.assertRedirects(response, reverse("accounts:sign_up_done"))
        self.assertEqual(User.objects.filter(email__iexact="alice@example.org").count(), 1)
        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "alice@example.org")

    def test_it_rejects_mismatched_passwords(self):
        response = self.post(password2="Tbilisi-Wroclaw-2025")
        self.assertContains(response, html_tr("pl", "The two passwords do not match."))
        self.assert_nothing_created()

    def test_it_rejects_a_weak_password(self):
        response = self.post(password1="12345678", password2="12345678")
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors["password1"]
        self.assertGreaterEqual(len(errors), 1)
        for error in errors:
            self.assertContains(response, escape(error))
        self.assert_nothing_created()

    def test_it_rejects_a_password_like_the_email_address(self):
        response = self.post(password1="nino@example.org", password2="nino@example.org")
        self.assertIn("password1", response.context["form"].errors)
        self.assert_nothing_created()

    def test_it_rejects_a_malformed_email_address(self):
        response = self.post(email="nino-at-example.org")
        self.assertEqual(response.status_code, 200)
        [error] = response.context["form"].errors["email"]
        self.assertContains(response, escape(error))
        self.assertFalse(User.objects.filter(name="Nino Beridze").exists())
        self.assertEqual(self.smtp.messages, [])

    def test_it_rejects_an_unknown_language(self):
        response = self.post(preferred_language="xx")
        self.assertIn("preferred_language", response.context["form"].errors)
        self.assert_nothing_created()

    def test_it_requires_every_field(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            set(response.context["form"].errors),
            {"name", "email", "password1", "password2", "preferred_language"},
        )
        self.assertEqual(self.smtp.messages, [])
