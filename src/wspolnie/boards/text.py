"""Card and comment text: the site's Markdown + nh3 helper (the announcements'), and a plain
title made from a card's first line."""

from __future__ import annotations

from django.utils.safestring import SafeString

from wspolnie.announcements.text import markdown_to_text, render_markdown

__all__ = ["card_title", "render_markdown", "render_text"]


def render_text(text: str) -> SafeString:
    """Markdown → sanitised HTML (raw HTML escaped by the parser, the result cleaned by
    nh3)."""
    return render_markdown(text)


def card_title(card) -> str:
    """The card's first line as plain text (Markdown marks dropped)."""
    plain = markdown_to_text(card.text)
    return next((line.strip() for line in plain.splitlines() if line.strip()), "")
