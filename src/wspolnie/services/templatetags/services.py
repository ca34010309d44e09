"""{{ value|text_language }}: the language code of the text `|translated` shows, for lang=."""

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@register.filter
def text_language(values) -> str:
    """The code of the translation `translated` picks (same order: current language, its
    primary subtag, the default language, English, then the first non-empty one)."""
    if not values:
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in [language, language.split("-")[0], settings.LANGUAGE_CODE, "en", *values]:
        text = values.get(code)
        if text and text.strip():
            return code
    return ""
