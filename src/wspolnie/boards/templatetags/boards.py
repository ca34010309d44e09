from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..models import Board
from ..text import render_text

register = template.Library()


@register.filter
def card_html(text: str) -> SafeString:
    """A card's (or a board description's) Markdown as sanitised HTML."""
    return render_text(text)


@register.simple_tag(takes_context=True)
def event_boards(context, event) -> list[Board]:
    """The boards of a meeting the page's reader may see (for the meeting's page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    from django.contrib.auth.models import AnonymousUser

    return list(
        Board.objects.visible_to(user or AnonymousUser()).filter(event=event).order_by("created")
    )


@register.simple_tag(takes_context=True)
def library_promote_url(context, card) -> str:
    """The library's "add an entry" page, prefilled from the card (services.
    card_as_library_draft), or "" when there is no library app."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    from ..services import card_as_library_draft

    try:
        url = reverse("library:choose")
    except NoReverseMatch:
        return ""
    draft = card_as_library_draft(card)
    request = context.get("request")
    source = request.build_absolute_uri(draft["source"]["url"]) if request else ""
    params = [("title", draft["title"]), ("description", draft["description"]),
              ("source_url", source)]
    params += [("link", f"{link['title']} | {link['url']}") for link in draft["links"]]
    if draft["language"]:
        params.append(("language", draft["language"]))
    return f"{url}?{urlencode(params)}"
