"""Announcement text: Markdown (CommonMark) → sanitised HTML, and plain text for mail and
short posts."""

from __future__ import annotations

import html as html_lib
import re

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}


def _absolute_links(html: str) -> str:
    """Links to pages of this site ("/meetings/…") made absolute: the same text goes into
    mails, feeds and posters, where a relative address leads nowhere."""
    return re.sub(r'href="/(?!/)', f'href="{settings.SITE_URL}/', html)


def render_markdown(text: str) -> SafeString:
    """The body as HTML safe to put in a page or a mail: raw HTML in the source is escaped by
    the parser, and the result is sanitised again (links get rel="noopener noreferrer")."""
    html = _markdown.render(text or "")
    # Headings of the body sit under the page's own h1/h2.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    html = _absolute_links(html)
    return sanitise_html(html)


def sanitise_html(html: str) -> SafeString:
    """HTML from elsewhere (Markdown rendered above, an imported feed's description) made safe
    to show: the tags and link schemes of ALLOWED_TAGS only, links with rel="noopener"."""
    clean = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


def markdown_to_text(text: str) -> str:
    """Plain text of the body (for text mail and short posts): tags dropped, link targets
    kept in brackets after their text, blank lines collapsed."""
    html = _absolute_links(_markdown.render(text or ""))
    html = re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>', r"\2 (\1)", html)
    html = re.sub(r"</li>\n?", "\n", html)  # list items on consecutive lines
    html = re.sub(r"<(ul|ol)>\n?", "", html)
    html = re.sub(r"</(p|h\d|blockquote|pre|tr)>", "\n", html)
    html = re.sub(r"<li>", "• ", html)
    plain = strip_tags(html)
    plain = html_lib.unescape(plain)
    lines = [line.rstrip() for line in plain.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
