"""Text kept in several languages as {language code: text}, and picking the best version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def pick_translation(
    values: Mapping[str, str] | None, language: str, fallbacks: Iterable[str] = ()
) -> str:
    """The text in `language`, else in the first fallback that has one, else any non-empty one.

    Language codes are compared by their primary subtag too, so "uk-UA" finds "uk".
    """
    if not values:
        return ""
    candidates = [language, language.split("-")[0], *fallbacks]
    for code in candidates:
        text = values.get(code)
        if text and text.strip():
            return text
    for text in values.values():
        if text and text.strip():
            return text
    return ""


def completeness(values: Mapping[str, str] | None, languages: Iterable[str]) -> dict[str, bool]:
    """{language: has non-empty text} for each wanted language."""
    values = values or {}
    return {code: bool((values.get(code) or "").strip()) for code in languages}
