"""Two-step login in a real browser: a new staff member logs in with the password, is sent to
set up the authenticator app (QR code and key), confirms with a code, saves the recovery codes,
and the next login asks for the code. Every page checked with axe; screenshots of the setup
page at 1280 and 390 px go to /tmp (for looking at, never committed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor import code_for, wait_out_throttling
from tests.base import make_user

from .axe import follow
from .helpers import DESKTOP, field, log_in, tr

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/wspolnie-two-factor-shots")  # noqa: S108 (screenshots to look at)
PHONE_390 = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for device, viewport in (("1280", DESKTOP), ("390", PHONE_390)):
        page.set_viewport_size(viewport)
        page.screenshot(path=SHOTS / f"{name}-{device}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_staff_set_up_two_step_login_and_log_in_with_a_code(new_page, live_server, language):
    staff = make_user("nowa@example.org", "Nowa Staff", is_staff=True, is_superuser=True,
                      preferred_language=language)
    page = new_page(locale={"pl": "pl-PL", "uk": "uk-UA"}[language])

    log_in(page, staff.email, language=language)
    # Straight to the setup: nothing else is open to staff without a second factor.
    assert "/accounts/profile/two-step/set-up/" in page.url
    assert page.get_by_role("heading", name=tr(language, "Set up two-step login")).is_visible()
    assert page.get_by_role("img", name=tr(language, "QR code for your authenticator app")
                            ).is_visible()
    secret = page.locator(".secret code").inner_text()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    shoot(page, f"setup-{language}")

    # A wrong code: the form says so and keeps it off.
    field(page, tr(language, "Code from the app")).fill("12")
    follow(page, page.get_by_role("button", name=tr(language, "Turn on two-step login")),
           status=400)
    assert page.locator(".error").first.is_visible()
    shoot(page, f"setup-error-{language}")

    wait_out_throttling(device)  # a person takes more than the second it asks to wait
    field(page, tr(language, "Code from the app")).fill(code_for(device))
    follow(page, page.get_by_role("button", name=tr(language, "Turn on two-step login")))
    assert page.get_by_role("heading", name=tr(language, "Your recovery codes")).is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    shoot(page, f"recovery-codes-{language}")
    follow(page, page.get_by_role("link", name=tr(language, "I have saved them")))
    follow(page, page.get_by_role("link", name=tr(language, "Administration")))
    assert "/admin/" in page.url

    follow(page, page.get_by_role("button", name=tr(language, "Log out")))
    log_in(page, staff.email, language=language)
    assert "/accounts/login/code/" in page.url
    shoot(page, f"code-step-{language}")
    field(page, tr(language, "Code")).fill(code_for(device, steps_ahead=1))
    follow(page, page.get_by_role("button", name=tr(language, "Continue")))
    assert page.get_by_role("button", name=tr(language, "Log out")).is_visible()
