from django import template
from django.conf import settings
from django.utils import translation

from wspolnie.lib.languages import native_name
from wspolnie.lib.multilingual import pick_translation

register = template.Library()


@register.filter
def translated(values) -> str:
    """{{ organisation.description|translated }}: the text in the current language, or the best
    fallback."""
    return pick_translation(
        values, translation.get_language() or settings.LANGUAGE_CODE,
        [settings.LANGUAGE_CODE, "en"],
    )


@register.filter
def language_name(code: str) -> str:
    """{{ "uk"|language_name }} → Українська"""
    return native_name(code)


@register.filter
def get_item(mapping, key):
    """{{ term.names|get_item:code }}: a value of a dict by a variable key ('' if missing)."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""
