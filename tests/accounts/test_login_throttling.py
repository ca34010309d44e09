"""Login throttling (issue #17.4): wrong passwords lock the account and the client out."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr
from wspolnie.accounts import throttling
from wspolnie.accounts.sweeps import sweep

from .two_factor import log_in_with_password

LIMIT = settings.LOGIN_FAILURE_LIMIT


class LoginThrottlingTestCase(BaseTestCase):
    def fail(self, email: str, times: int, client: Client | None = None, **extra):
        client = client or self.client
        for _i in range(times):
            response = log_in_with_password(client, email, "not the password", **extra)
        return response

    def assert_locked_out(self, response, language: str = "pl") -> None:
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, html_tr(language, "Log in"), status_code=429)
        self.assertContains(response, 'name="username"', status_code=429)
        with translation.override(language):
            self.assertContains(response, throttling.lockout_message(), status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_right_password_no_longer_works_after_too_many_wrong_ones(self):
        # The probe: 40 wrong passwords, then the right one logged in.
        self.fail("bob@example.org", LIMIT)
        response = log_in_with_password(self.client, "bob@example.org")
        self.assert_locked_out(response)

    def test_the_lockout_is_a_translated_message_on_the_login_form(self):
        self.fail("bob@example.org", LIMIT - 1)
        response = self.fail("bob@example.org", 1, language="uk")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, 'lang="uk"', status_code=429)
        self.assertContains(response, reverse("accounts:password_reset"), status_code=429)
        with translation.override("uk"):
            message = throttling.lockout_message()
        self.assertIn(str(settings.LOGIN_COOLOFF_MINUTES), message)
        self.assertContains(response, message, status_code=429)

    def test_fewer_failures_do_not_lock(self):
        self.fail("bob@example.org", LIMIT - 1)
        response = log_in_with_password(self.client, "bob@example.org")
        self.assertRedirects(response, reverse("core:home"))

    def test_the_account_is_locked_from_every_client(self):
        """Guessing one account from many addresses is throttled by the account."""
        for number in range(LIMIT):
            self.fail("BOB@example.org" if number % 2 else "bob@example.org", 1,
                      client=Client(REMOTE_ADDR=f"198.51.100.{number + 1}"))
        owner = Client(REMOTE_ADDR="203.0.113.7")
        response = log_in_with_password(owner, "bob@example.org")
        self.assertEqual(response.status_code, 429)
        # Another account is not affected.
        response = log_in_with_password(owner, "alice@example.org")
        self.assertRedirects(response, reverse("core:home"))

    def test_the_client_is_locked_for_every_account(self):
        """One client trying many accounts is throttled by its address."""
        attacker = Client(REMOTE_ADDR="198.51.100.9")
        for number in range(LIMIT):
            self.fail(f"guess{number}@example.org", 1, client=attacker)
        response = log_in_with_password(attacker, "alice@example.org")
        self.assertEqual(response.status_code, 429)
        # Alice herself, from elsewhere, still logs in.
        response = log_in_with_password(Client(REMOTE_ADDR="203.0.113.8"), "alice@example.org")
        self.assertRedirects(response, reverse("core:home"))

    @override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
    def test_behind_the_reverse_proxy_each_client_is_counted_on_its_own(self):
        """Behind the proxy every request comes from its address: the client is the one the
        proxy names, so one guesser does not lock out everybody else behind the same proxy."""
        proxy = "10.0.0.2"
        attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
        for number in range(LIMIT):
            self.fail(f"guess{number}@example.org", 1, client=attacker)
        self.assertEqual(log_in_with_password(attacker, "alice@example.org").status_code, 429)
        # A spoofed left-most entry does not give the guesser a new bucket.
        spoofing = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.9")
        self.assertEqual(log_in_with_password(spoofing, "alice@example.org").status_code, 429)
        neighbour = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")
        self.assertRedirects(log_in_with_password(neighbour, "alice@example.org"),
                             reverse("core:home"))

    def test_the_lockout_ends_after_the_cool_off_period(self):
        self.fail("bob@example.org", LIMIT)
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
        )
        response = log_in_with_password(self.client, "bob@example.org")
        self.assertRedirects(response, reverse("core:home"))

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_the_limit_is_a_setting(self):
        self.fail("bob@example.org", 3)
        self.assertEqual(log_in_with_password(self.client, "bob@example.org").status_code, 429)

    def test_a_password_reset_unlocks_the_account(self):
        self.fail("bob@example.org", LIMIT, client=Client(REMOTE_ADDR="198.51.100.1"))
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        uid = urlsafe_base64_encode(force_bytes(self.bob.pk))
        token = default_token_generator.make_token(self.bob)
        url = reverse("accounts:password_reset_confirm", args=[uid, token])
        response = self.client.get(url)
        new = "Tbilisi-Wroclaw-2024-reset"
        response = self.client.post(
            response["Location"], {"new_password1": new, "new_password2": new}
        )
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))
        response = log_in_with_password(Client(REMOTE_ADDR="203.0.113.9"), "bob@example.org",
                                        new)
        self.assertRedirects(response, reverse("core:home"))

    def test_the_sweep_forgets_old_failures(self):
        self.fail("bob@example.org", 2)
        self.assertTrue(AccessAttempt.objects.exists())
        sweep()
        self.assertTrue(AccessAttempt.objects.exists())
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
        )
        sweep()
        self.assertFalse(AccessAttempt.objects.exists())

    def test_no_password_is_kept_in_the_failure_records(self):
        self.fail("bob@example.org", 1)
        [attempt] = AccessAttempt.objects.all()
        self.assertNotIn("not the password", attempt.post_data)
        self.assertEqual(attempt.username, "bob@example.org")

    def test_deleting_the_account_forgets_its_failed_logins(self):
        self.fail("bob@example.org", 2, client=Client(REMOTE_ADDR="198.51.100.3"))
        self.login(self.bob)
        self.client.post(reverse("accounts:delete"), {"password": PASSWORD})
        self.assertFalse(AccessAttempt.objects.filter(username="bob@example.org").exists())
