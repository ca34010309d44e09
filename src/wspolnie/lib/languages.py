"""BCP-47 language tags: validation and display names (in the language itself)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

#: Languages CLDR (and so babel) has no locale data for, but our communities speak.
SUPPLEMENTARY = {
    "rom": {"native": "Romani ćhib", "pl": "Romski", "en": "Romani", "uk": "Ромська"},
}


def normalise_language_tag(tag: str) -> str:
    """'uk', 'pt-BR', 'sr-Latn' → canonical case; ValueError for what we do not know."""
    cleaned = (tag or "").strip().replace("_", "-")
    if not cleaned:
        raise ValueError("empty language tag")
    if cleaned.lower() in SUPPLEMENTARY:
        return cleaned.lower()
    try:
        locale = Locale.parse(cleaned, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"unknown language tag {tag!r}") from None
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    return "-".join(parts)


def _capitalise(name: str) -> str:
    # Georgian has no capital letters in running text (upper() would give Mtavruli).
    if not name or "\u10a0" <= name[0] <= "\u10ff":
        return name
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=1024)
def native_name(tag: str) -> str:
    """The language's name in itself: 'uk' → 'Українська'. (Remembered: babel parses its
    locale data on every call, and a directory page asks for the same few names hundreds of
    times.)"""
    if tag in SUPPLEMENTARY:
        return SUPPLEMENTARY[tag]["native"]
    try:
        return _capitalise(Locale.parse(tag, sep="-").get_display_name() or tag)
    except (UnknownLocaleError, ValueError):
        return tag


@lru_cache(maxsize=4096)
def name_in(tag: str, display_language: str) -> str:
    """The language's name in another language: ('uk', 'pl') → 'Ukraiński'."""
    if tag in SUPPLEMENTARY:
        names = SUPPLEMENTARY[tag]
        return names.get(display_language.split("-")[0], names["en"])
    try:
        return _capitalise(Locale.parse(tag, sep="-").get_display_name(display_language) or tag)
    except (UnknownLocaleError, ValueError):
        return tag
