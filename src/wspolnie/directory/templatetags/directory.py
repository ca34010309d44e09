from django import template
from django.conf import settings
from django.utils import translation

from wspolnie.lib.languages import native_name
from wspolnie.lib.multilingual import pick_translation

register = template.Library()


@register.simple_tag
def directory_cards(cards, view_mode: str, topics_label: str, languages_label: str):
    """{% directory_cards cards view_mode topics_label languages_label %}: the directory's
    cards (directory.listing.cards_html)."""
    from wspolnie.directory.listing import cards_html

    return cards_html(cards, listed=view_mode == "list", topics_label=topics_label,
                      languages_label=languages_label)


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
