"""The second factor (django-otp): a TOTP app plus ten one-time recovery codes.

- Offered to everyone on the profile page; required for staff (and for organisation admins
  when settings.TWO_FACTOR_FOR_ORGANISATION_ADMINS is on): SecondFactorMiddleware sends such
  a person to set it up, and lets them use nothing else until their session is verified.
- The login asks for the code after the password whenever the account has a device.
- State changes are do_* functions taking the acting user, and write the audit log (never the
  secret or the codes).
"""

from __future__ import annotations

import html
from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wspolnie.core import audit

from .models import User

RECOVERY_CODE_COUNT = 10
#: The names of the two devices an account can have (one of each kind).
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery"

audit.register_action("account.two_factor_enabled", gettext_lazy("Two-step login turned on"))
audit.register_action("account.two_factor_disabled", gettext_lazy("Two-step login turned off"))
audit.register_action(
    "account.recovery_codes_renewed", gettext_lazy("New recovery codes made")
)


def second_factor_required(user) -> bool:
    """Staff always; organisation admins when the setting says so."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(
        settings.TWO_FACTOR_FOR_ORGANISATION_ADMINS
        and user.memberships.filter(role="admin").exists()
    )


def has_second_factor(user) -> bool:
    """A confirmed authenticator app (recovery codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def can_verify(user) -> bool:
    """The login must ask this account for a code. Recovery codes come and go with the app
    (do_enable_two_factor, do_disable_two_factor), so the app alone decides: one query, on
    every request of a session that has not given a code."""
    return has_second_factor(user)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- setting up ---------------------------------------------------------------------------


def pending_app_device(user: User) -> TOTPDevice:
    """The not yet confirmed device being set up (made on first visit, kept until confirmed
    so that a reload shows the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code (no script, no request)."""
    label = _("QR code for your authenticator app")
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, title=label, svgclass="qr-code"
    )
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (made by segno; the label is escaped)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def do_enable_two_factor(actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app being set up with a code it shows; returns the recovery codes (shown
    once, never again). Raises ValidationError({"code": …}) for a wrong code."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise_code(code)):
            raise ValidationError({"code": [_("The code is not correct. Enter the code the "
                                              "app shows now.")]})
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(actor)
        audit.record(actor, "account.two_factor_enabled", actor)
    return codes


@transaction.atomic
def do_renew_recovery_codes(actor: User) -> list[str]:
    """Ten new codes; the old ones stop working."""
    if not has_second_factor(actor):
        raise PermissionDenied
    codes = _new_recovery_codes(actor)
    audit.record(actor, "account.recovery_codes_renewed", actor)
    return codes


def do_disable_two_factor(actor: User, password: str, code: str) -> None:
    """Turn the second factor off; the password and a current code (or a recovery code)
    confirm it. Raises ValidationError per field."""
    errors = {}
    if not actor.check_password(password or ""):
        errors["password"] = [_("The password is not correct.")]
    elif verify_code(actor, code) is None:
        errors["code"] = [_("The code is not correct.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        forget_second_factor(actor)
        audit.record(actor, "account.two_factor_disabled", actor)


def forget_second_factor(user: User) -> None:
    """The app's secret and the recovery codes (turning it off, deleting the account)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- verifying ----------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """What people type: spaces and dashes anywhere, any case."""
    return "".join((code or "").split()).replace("-", "").lower()


def verify_code(user: User, code: str):
    """The device that accepts `code` (six digits from the app, or a recovery code, which is
    then used up), or None. Each device throttles repeated failures itself (django-otp: the
    wait doubles after every wrong code)."""
    code = normalise_code(code)
    if not code or len(code) > 16:
        return None
    for device in devices_for_user(user, confirmed=True):
        app_code = code.isdigit() and len(code) == getattr(device, "digits", 6)
        if isinstance(device, TOTPDevice) != app_code:
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None
