"""Polish registry numbers: KRS, NIP and REGON, checked by format and checksum.

Each validator returns the normalised number (digits only) or raises ValueError with a short
English reason; the form layer turns that into a translated message.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-]")


def _digits(value: str) -> str:
    cleaned = _SEPARATORS.sub("", value or "")
    if cleaned.upper().startswith("PL"):
        cleaned = cleaned[2:]
    if not cleaned.isdigit():
        raise ValueError("must contain digits only")
    return cleaned


def _weighted_checksum(digits: str, weights: tuple[int, ...], modulus: int = 11) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % modulus


def normalise_nip(value: str) -> str:
    digits = _digits(value)
    if len(digits) != 10:
        raise ValueError("must have 10 digits")
    check = _weighted_checksum(digits, (6, 5, 7, 2, 3, 4, 5, 6, 7))
    if check == 10 or check != int(digits[9]):
        raise ValueError("checksum does not match")
    return digits


def normalise_regon(value: str) -> str:
    digits = _digits(value)
    if len(digits) == 9:
        weights: tuple[int, ...] = (8, 9, 2, 3, 4, 5, 6, 7)
    elif len(digits) == 14:
        weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    else:
        raise ValueError("must have 9 or 14 digits")
    check = _weighted_checksum(digits, weights) % 10
    if check != int(digits[-1]):
        raise ValueError("checksum does not match")
    if len(digits) == 14:
        normalise_regon(digits[:9])  # the first nine digits are a REGON of their own
    return digits


def normalise_krs(value: str) -> str:
    digits = _digits(value)
    if len(digits) > 10 or len(digits) == 0:
        raise ValueError("must have up to 10 digits")
    if int(digits) == 0:
        raise ValueError("cannot be zero")
    return digits.zfill(10)
