"""Phone numbers of contact persons: validated with libphonenumber, stored in E.164
("+48711234567"), shown in the international format ("+48 71 123 45 67")."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Numbers written without a country code are read as Polish ones.
DEFAULT_REGION = "PL"


def normalise_phone(value: str, region: str = DEFAULT_REGION) -> str:
    """Any way of writing a valid number → its E.164 form; "" stays "".

    Raises ValidationError (with a message a person can act on) for anything else.
    """
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” is not a phone number. Write it with digits, e.g. +48 71 123 45 67."),
            params={"value": value},
            code="not_a_phone_number",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid phone number. Check the number of digits, and add "
                "the country code (e.g. +380) for a number from outside Poland."
            ),
            params={"value": value},
            code="invalid_phone_number",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value: str) -> None:
    """Model validator: the stored value must already be a valid number in E.164."""
    if value and normalise_phone(value) != value:
        raise ValidationError(
            _("Store the phone number in the international E.164 form, e.g. +48711234567."),
            code="not_e164",
        )


def display_phone(e164: str) -> str:
    """'+48711234567' → '+48 71 123 45 67' (the international format)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
