"""Setting up, renewing and turning off two-step login on the profile page (issue #17.4)."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr
from wspolnie.accounts import two_factor
from wspolnie.core.models import AuditEntry

from .two_factor import app_device, code_for, log_in_with_password, wait_out_throttling

STATUS = reverse("accounts:two_factor")
SETUP = reverse("accounts:two_factor_setup")
RENEW = reverse("accounts:renew_recovery_codes")
DISABLE = reverse("accounts:two_factor_disable")


def codes_on(response) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


class TwoFactorPagesRequireLoginTestCase(BaseTestCase):
    def test_every_page_requires_login(self):
        for url in (STATUS, SETUP, DISABLE):
            response = self.client.get(url)
            self.assertRedirects(response, reverse("accounts:login") + "?next=" + url)
        response = self.client.post(RENEW)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + RENEW)

    def test_the_profile_page_offers_it(self):
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("accounts:profile")), STATUS)
        response = self.client.get(STATUS)
        self.assertContains(response, html_tr("pl", "Two-step login is off."))
        self.assertContains(response, SETUP)


class TwoFactorSetupTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.bob)

    def pending(self) -> TOTPDevice:
        return TOTPDevice.objects.get(user=self.bob, confirmed=False)

    def test_it_shows_a_qr_code_and_the_secret(self):
        response = self.client.get(SETUP)
        self.assertEqual(response.status_code, 200)
        device = self.pending()
        self.assertContains(response, "<svg")
        self.assertContains(response, 'role="img"')
        self.assertNotContains(response, "<script>")
        self.assertContains(response, two_factor.secret_text(device))
        # A reload shows the same secret (the app may already have it).
        self.assertContains(self.client.get(SETUP), two_factor.secret_text(device))
        self.assertEqual(TOTPDevice.objects.filter(user=self.bob).count(), 1)

    def test_the_qr_code_holds_the_otpauth_address(self):
        self.client.get(SETUP)
        url = self.pending().config_url
        self.assertTrue(url.startswith("otpauth://totp/Wsp%C3%B3lnie%3Abob%40example.org?"))
        self.assertIn("issuer=Wsp%C3%B3lnie", url)

    def test_a_code_from_the_app_turns_it_on_and_shows_ten_recovery_codes_once(self):
        self.client.get(SETUP)
        device = self.pending()
        response = self.client.post(SETUP, {"code": code_for(device)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "Your recovery codes"))
        codes = codes_on(response)
        self.assertEqual(len(codes), 10)
        self.assertEqual(
            sorted(codes),
            sorted(StaticToken.objects.filter(device__user=self.bob).values_list("token",
                                                                                flat=True)),
        )
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertTrue(AuditEntry.objects.filter(action="account.two_factor_enabled").exists())
        # This session is verified already: the profile opens without a code.
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)
        # The codes are not shown again.
        status = self.client.get(STATUS)
        self.assertContains(status, html_tr("pl", "Two-step login is on."))
        self.assertEqual(codes_on(status), [])
        self.assertNotContains(status, codes[0])
        # And the next login asks for a code.
        self.client.post(reverse("accounts:logout"))
        response = log_in_with_password(self.client, "bob@example.org")
        self.assertIn(reverse("accounts:login_code"), response["Location"])

    def test_a_wrong_code_keeps_it_off(self):
        self.client.get(SETUP)
        code = code_for(self.pending())
        wrong = "000000" if code != "000000" else "111111"
        response = self.client.post(SETUP, {"code": wrong})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertFalse(two_factor.has_second_factor(self.bob))
        self.assertFalse(StaticDevice.objects.filter(user=self.bob).exists())

    def test_an_empty_code_is_a_form_error(self):
        response = self.client.post(SETUP, {"code": ""})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(two_factor.has_second_factor(self.bob))

    def test_with_two_step_login_on_the_setup_page_sends_back(self):
        app_device(self.bob)
        response = self.client.get(SETUP)
        self.assertRedirects(response, STATUS, fetch_redirect_response=False)


class RecoveryCodesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.device = app_device(self.bob)
        self.old = two_factor._new_recovery_codes(self.bob)
        self.login(self.bob)

    def test_new_codes_replace_the_old_ones(self):
        response = self.client.post(RENEW)
        new = codes_on(response)
        self.assertEqual(len(new), 10)
        self.assertFalse(set(new) & set(self.old))
        self.assertIsNone(two_factor.verify_code(self.bob, self.old[0]))
        wait_out_throttling(StaticDevice.objects.get(user=self.bob))
        self.assertIsNotNone(two_factor.verify_code(self.bob, new[0]))
        self.assertIsNone(two_factor.verify_code(self.bob, new[0]))  # used up

    def test_renewing_needs_post(self):
        self.assertEqual(self.client.get(RENEW).status_code, 405)

    def test_without_two_step_login_there_is_nothing_to_renew(self):
        self.login(self.alice)
        response = self.client.post(RENEW)
        self.assertRedirects(response, STATUS)
        self.assertFalse(StaticDevice.objects.filter(user=self.alice).exists())

    def test_the_status_page_counts_the_codes_left(self):
        two_factor.verify_code(self.bob, self.old[0])
        response = self.client.get(STATUS)
        with translation.override("pl"):
            left = ngettext("You have %(counter)s unused recovery code left.",
                            "You have %(counter)s unused recovery codes left.", 9)
        self.assertContains(response, left % {"counter": 9})


class DisableTwoFactorTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.device = app_device(self.bob)
        self.codes = two_factor._new_recovery_codes(self.bob)
        self.login(self.bob)

    def test_the_password_and_a_code_turn_it_off(self):
        response = self.client.post(DISABLE, {"password": PASSWORD,
                                              "code": code_for(self.device)})
        self.assertRedirects(response, STATUS)
        self.assertFalse(TOTPDevice.objects.filter(user=self.bob).exists())
        self.assertFalse(StaticDevice.objects.filter(user=self.bob).exists())
        self.assertTrue(AuditEntry.objects.filter(action="account.two_factor_disabled").exists())
        self.client.post(reverse("accounts:logout"))
        response = log_in_with_password(self.client, "bob@example.org")
        self.assertRedirects(response, reverse("core:home"))

    def test_a_recovery_code_will_do(self):
        response = self.client.post(DISABLE, {"password": PASSWORD, "code": self.codes[3]})
        self.assertRedirects(response, STATUS)
        self.assertFalse(two_factor.has_second_factor(self.bob))

    def test_a_wrong_password_keeps_it_on(self):
        response = self.client.post(DISABLE, {"password": "wrong",
                                              "code": code_for(self.device)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, html_tr("pl", "The password is not correct."),
                            status_code=400)
        self.assertTrue(two_factor.has_second_factor(self.bob))

    def test_a_wrong_code_keeps_it_on(self):
        code = code_for(self.device)
        response = self.client.post(DISABLE, {"password": PASSWORD,
                                              "code": "000000" if code != "000000" else "1"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, html_tr("pl", "The code is not correct."),
                            status_code=400)
        self.assertTrue(two_factor.has_second_factor(self.bob))

    def test_both_fields_are_required(self):
        response = self.client.post(DISABLE, {})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"password", "code"})
        self.assertTrue(two_factor.has_second_factor(self.bob))

    def test_someone_elses_device_is_out_of_reach(self):
        """The page works on the signed-in account only: alice has nothing to turn off."""
        self.login(self.alice)
        response = self.client.post(DISABLE, {"password": PASSWORD,
                                              "code": code_for(self.device)})
        self.assertRedirects(response, STATUS)
        self.assertTrue(two_factor.has_second_factor(self.bob))
