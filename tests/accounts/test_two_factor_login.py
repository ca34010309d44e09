"""Logging in with a second factor: the password, then a code (issue #17.4)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticToken

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.accounts import two_factor

from .two_factor import (
    app_device,
    code_for,
    log_in_with_password,
    log_in_without_second_factor,
    wait_out_throttling,
)

CODE_URL = reverse("accounts:login_code")


class TwoFactorLoginTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.device = app_device(self.bob)
        self.recovery = two_factor._new_recovery_codes(self.bob)

    def assert_logged_out(self) -> None:
        self.assertNotIn("_auth_user_id", self.client.session)

    def enter(self, code: str, **extra):
        return self.client.post(CODE_URL, {"code": code, **extra})

    def test_the_right_password_leads_to_the_code_step_not_in(self):
        response = log_in_with_password(self.client, "bob@example.org")
        self.assertRedirects(response, f"{CODE_URL}?next=/", fetch_redirect_response=False)
        self.assert_logged_out()
        page = self.client.get(response["Location"])
        self.assertContains(page, html_tr("pl", "Enter your code"))
        self.assertContains(page, 'autocomplete="one-time-code"')
        # Nothing behind a login is reachable in between.
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 302)
        self.assert_logged_out()

    def test_the_code_from_the_app_logs_in(self):
        log_in_with_password(self.client, "bob@example.org")
        response = self.enter(code_for(self.device))
        self.assertRedirects(response, reverse("core:home"))
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)

    def test_it_keeps_next_and_the_language_through_both_steps(self):
        get_user_model().objects.filter(pk=self.bob.pk).update(preferred_language="uk")
        target = reverse("accounts:registrations")
        response = log_in_with_password(self.client, "bob@example.org", next=target)
        page = self.client.get(response["Location"])
        self.assertContains(page, f'name="next" value="{target}"')
        response = self.enter(code_for(self.device), next=target)
        self.assertRedirects(response, target)
        self.assertEqual(response.cookies["wspolnie_language"].value, "uk")

    def test_an_offsite_next_is_ignored(self):
        log_in_with_password(self.client, "bob@example.org")
        response = self.enter(code_for(self.device), next="https://evil.example/")
        self.assertRedirects(response, reverse("core:home"))

    def test_a_wrong_code_is_refused_with_a_message(self):
        log_in_with_password(self.client, "bob@example.org")
        response = self.enter("000000" if code_for(self.device) != "000000" else "111111")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, html_tr("pl", "Enter your code"), status_code=400)
        self.assert_logged_out()

    def test_a_wrong_code_makes_the_next_try_wait(self):
        """django-otp's throttling: right after a failure even the right code is refused."""
        log_in_with_password(self.client, "bob@example.org")
        self.enter("abc")  # not even a code: nothing counted
        self.enter("000000" if code_for(self.device) != "000000" else "111111")
        self.assertEqual(self.enter(code_for(self.device)).status_code, 400)
        self.assert_logged_out()
        wait_out_throttling(self.device)
        self.assertRedirects(self.enter(code_for(self.device)), reverse("core:home"))

    def test_a_code_works_only_once(self):
        log_in_with_password(self.client, "bob@example.org")
        code = code_for(self.device)
        self.enter(code)
        self.client.post(reverse("accounts:logout"))
        log_in_with_password(self.client, "bob@example.org")
        self.assertEqual(self.enter(code).status_code, 400)
        self.assert_logged_out()

    def test_a_recovery_code_logs_in_once(self):
        code = self.recovery[0]
        log_in_with_password(self.client, "bob@example.org")
        response = self.enter(code.upper()[:4] + "-" + code.upper()[4:])  # as people type it
        self.assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))
        self.assertEqual(StaticToken.objects.filter(device__user=self.bob).count(), 9)
        page = self.client.get(reverse("core:home"))
        with translation.override("pl"):
            left = ngettext(
                "You used a recovery code; %(count)d is left. Make new ones on your "
                "profile page before you run out.",
                "You used a recovery code; %(count)d are left. Make new ones on your "
                "profile page before you run out.",
                9,
            ) % {"count": 9}
        self.assertContains(page, escape(left))

        self.client.post(reverse("accounts:logout"))
        log_in_with_password(self.client, "bob@example.org")
        self.assertEqual(self.enter(code).status_code, 400)
        self.assert_logged_out()

    def test_the_code_step_expires(self):
        log_in_with_password(self.client, "bob@example.org")
        session = self.client.session
        session["accounts_login_pending"]["at"] = int(time.time()) - settings.LOGIN_CODE_MAX_AGE - 1
        session.save()
        response = self.enter(code_for(self.device))
        self.assertRedirects(response, reverse("accounts:login"))
        self.assert_logged_out()

    def test_a_password_change_ends_the_code_step(self):
        log_in_with_password(self.client, "bob@example.org")
        self.bob.set_password("another password 1234")
        self.bob.save()
        response = self.enter(code_for(self.device))
        self.assertRedirects(response, reverse("accounts:login"))
        self.assert_logged_out()

    def test_without_the_password_step_there_is_no_code_step(self):
        response = self.enter(code_for(self.device))
        self.assertRedirects(response, reverse("accounts:login"))
        self.assert_logged_out()

    def test_the_code_is_for_the_account_of_the_password(self):
        alice_device = app_device(self.alice)
        log_in_with_password(self.client, "bob@example.org")
        self.assertEqual(self.enter(code_for(alice_device)).status_code, 400)
        self.assert_logged_out()

    def test_an_account_without_a_device_logs_in_with_the_password_alone(self):
        response = log_in_with_password(self.client, "alice@example.org")
        self.assertRedirects(response, reverse("core:home"))

    def test_a_session_that_has_not_given_its_code_must_give_it(self):
        """E.g. a session from before the device: every page sends it to the code step."""
        log_in_without_second_factor(self.client, self.bob)
        response = self.client.get(reverse("accounts:profile"))
        self.assertRedirects(
            response, f"{CODE_URL}?next={reverse('accounts:profile')}",
            fetch_redirect_response=False,
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, html_tr("pl", "Log out"))
        response = self.enter(code_for(self.device), next=reverse("accounts:profile"))
        self.assertRedirects(response, reverse("accounts:profile"))
