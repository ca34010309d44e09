"""Two-step login in tests: real TOTP codes computed from a device's key, as an app does."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.base import PASSWORD


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `device` now (or `steps_ahead` periods later:
    a code may be used only once, the next one is accepted within the device's tolerance)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return str(value).zfill(device.digits)


def app_device(user, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=confirmed)


def log_in_with_password(
    client: Client, email: str, password: str = PASSWORD, *, language: str = "", **extra
):
    """The login form's first step; `extra` are more form fields (e.g. next)."""
    headers = {"Accept-Language": language} if language else None
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password, **extra},
        headers=headers,
    )


def log_in_without_second_factor(client: Client, user) -> None:
    """A signed-in session that has not given its code (force_login gives it, conftest.py)."""
    client.force_login(user)
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


def wait_out_throttling(device) -> None:
    """django-otp makes the next try wait after a wrong code (1 s, then 2, 4, …): the test
    plays the wait instead of sleeping."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )


