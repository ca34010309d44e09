"""Phone numbers: parsed and formatted with the `phonenumbers` library (Polish by default)."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "PL"


def normalise_phone(value: str, region: str = DEFAULT_REGION) -> str:
    """'71 123 45 67' → '+48 71 123 45 67'; ValueError for what is not a valid number."""
    text = (value or "").strip()
    if not text:
        raise ValueError("empty phone number")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"not a phone number: {value!r}") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_link(value: str, region: str = DEFAULT_REGION) -> str:
    """The tel: URI of a stored number ('' if it cannot be read)."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
