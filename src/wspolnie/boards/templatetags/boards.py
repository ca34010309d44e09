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
