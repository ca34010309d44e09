"""One announcement, every channel kind: pure functions from an approved version (the source or
an approved translation, `Announcement.version(language)`) to what each channel needs.

- web: title + sanitised HTML body + links;
- newsletter e-mail: subject, simply inline-styled HTML, plain text;
- RSS/Atom item: title, absolute link, HTML description;
- short post per platform: length-limited, the link always kept whole;
- A4 poster: title, date and place of the event, short text, QR code to the public page.

Fixed words ("Read online", "When") are rendered in the version's language, not in the language
of the person looking at the preview: the text goes out to readers of that language.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Announcement, Version
from .text import markdown_to_text, render_markdown

ELLIPSIS = "…"


@dataclass(frozen=True)
class Platform:
    slug: str
    label: str
    #: Maximum length of a post, in characters.
    limit: int
    #: Length every link counts as, whatever its real length (X wraps links in t.co).
    link_length: int | None = None
    #: Limit when the text needs Unicode (an SMS outside the GSM 7-bit alphabet, e.g.
    #: Cyrillic, holds 70 characters instead of 160).
    unicode_limit: int | None = None


#: Practical limits per platform (one table; the slugs are the `platform` route parameter).
PLATFORMS: dict[str, Platform] = {
    p.slug: p
    for p in [
        Platform("x", "X (Twitter)", 280, link_length=23),
        Platform("mastodon", "Mastodon", 500, link_length=23),
        Platform("bluesky", "Bluesky", 300),
        Platform("facebook", "Facebook", 2000),
        Platform("telegram", "Telegram", 4096),
        Platform("whatsapp", "WhatsApp", 1000),
        Platform("viber", "Viber", 1000),
        Platform("sms", gettext_lazy("SMS"), 160, unicode_limit=70),
    ]
}
PLATFORMS["twitter"] = PLATFORMS["x"]

#: The GSM 03.38 basic alphabet (what fits a 160-character SMS).
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def public_url(announcement: Announcement, language: str) -> str:
    """The absolute address of the public page in this language (what QR codes, feeds, mails
    and posts point to)."""
    query = urlencode({"language": language})
    return f"{settings.SITE_URL}{announcement.get_absolute_url()}?{query}"


def safe_links(announcement: Announcement) -> list[dict[str, str]]:
    """The announcement's links with a web or mail address only (no javascript: and the like)."""
    links = []
    for item in announcement.links or []:
        if not isinstance(item, dict):
            continue
        url = str(item.get("url") or "").strip()
        if not re.match(r"^(https?://|mailto:)", url, re.IGNORECASE):
            continue
        links.append({"url": url, "label": str(item.get("label") or url).strip() or url})
    return links


# --- web -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebRendering:
    title: str
    html: SafeString
    links: list[dict[str, str]]
    url: str


def web(announcement: Announcement, version: Version) -> WebRendering:
    return WebRendering(
        title=version.title,
        html=render_markdown(version.body),
        links=safe_links(announcement),
        url=public_url(announcement, version.language),
    )


# --- newsletter e-mail ---------------------------------------------------------------------


@dataclass(frozen=True)
class EmailRendering:
    subject: str
    html: SafeString
    text: str


def email(announcement: Announcement, version: Version) -> EmailRendering:
    """One announcement as a mail (or a section of a newsletter issue)."""
    url = public_url(announcement, version.language)
    links = safe_links(announcement)
    with translation.override(version.language):
        body_html = render_to_string("announcements/renderings/email.html", {
            "title": version.title,
            "body": render_markdown(version.body),
            "links": links,
            "url": url,
            "event": _event_facts(announcement),
            "language": version.language,
        })
        parts = [version.title, "=" * min(len(version.title), 60)]
        facts = _event_facts(announcement)
        if facts:
            parts.append("\n".join(f"{label}: {value}" for label, value in facts))
        body_text = markdown_to_text(version.body)
        if body_text:
            parts.append(body_text)
        if links:
            parts.append("\n".join(f"• {link['label']}: {link['url']}"
                                   if link["label"] != link["url"] else f"• {link['url']}"
                                   for link in links))
        parts.append(_("Read online: %(url)s") % {"url": url})
    return EmailRendering(
        subject=version.title, html=mark_safe(body_html),  # noqa: S308 (template-escaped)
        text="\n\n".join(parts),
    )


# --- feeds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    description: str


def feed_item(announcement: Announcement, version: Version) -> FeedItem:
    return FeedItem(
        title=version.title,
        link=public_url(announcement, version.language),
        description=str(render_markdown(version.body)),
    )


# --- short posts ---------------------------------------------------------------------------


def _is_gsm7(text: str) -> bool:
    return all(char in _GSM7 for char in text)


def truncate_words(text: str, budget: int) -> str:
    """At most `budget` characters, cut at a word boundary and ended with "…" when cut.
    A word is never split, so a link inside the text is either whole or left out."""
    if len(text) <= budget:
        return text
    if budget <= len(ELLIPSIS):
        return ""
    cut = text[: budget - len(ELLIPSIS) + 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space <= 0:
        return ""
    return cut[:space].rstrip(" \n,;:–—-") + ELLIPSIS


def short_post(announcement: Announcement, version: Version, platform: str) -> str:
    """Title and text for a social or messenger post, within the platform's limit, ending with
    the link to the public page (never shortened: a post without its link is useless)."""
    spec = PLATFORMS[platform]
    link = public_url(announcement, version.language)
    text = version.title.strip()
    body = re.sub(r"\n{2,}", "\n\n", markdown_to_text(version.body)).strip()
    if body:
        text = f"{text}\n\n{body}"
    limit = spec.limit
    if spec.unicode_limit and not _is_gsm7(text + link):
        limit = spec.unicode_limit
    link_cost = spec.link_length or len(link)

    def cost(candidate: str) -> int:
        if spec.link_length is None:
            return len(candidate)
        # Every address in the text counts as link_length, like the platform counts it.
        return len(re.sub(r"https?://\S+", "x" * spec.link_length, candidate))

    separator = "\n\n"
    budget = limit - link_cost - len(separator)
    if cost(text) <= budget:
        kept = text
    else:
        kept = truncate_words(text, budget)
        # Links inside the text may count differently from their length; shorten until it fits.
        while kept and cost(kept) > budget:
            kept = truncate_words(kept.removesuffix(ELLIPSIS), len(kept) - 2)
    return f"{kept}{separator}{link}" if kept else link


def post_length(post: str, platform: str) -> int:
    """The length the platform counts for the post."""
    spec = PLATFORMS[platform]
    if spec.link_length is None:
        return len(post)
    return len(re.sub(r"https?://\S+", "x" * spec.link_length, post))


def post_limit(post: str, platform: str) -> int:
    spec = PLATFORMS[platform]
    if spec.unicode_limit and not _is_gsm7(post):
        return spec.unicode_limit
    return spec.limit


# --- poster --------------------------------------------------------------------------------


def _event_facts(announcement: Announcement) -> list[tuple[str, str]]:
    """(label, value) for the linked event's date and place, in the active language; nothing
    for a draft event (its details are not public)."""
    event = announcement.event
    if event is None or event.status == event.Status.DRAFT:
        return []
    facts = [(_("When"), formats.date_format(event.local_start, "DATETIME_FORMAT"))]
    if event.has_venue and event.location_text():
        facts.append((_("Where"), event.location_text()))
    if event.is_online:
        facts.append((_("Online"), _("link after registration")))
    return facts


def qr_svg(url: str, label: str = "") -> SafeString:
    """The QR code of `url` as inline SVG (scalable: the poster's CSS sizes it)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, omitsize=True, svgclass="poster-qr", title=label or url
    )
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label or url)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (made by segno; the label is escaped)


def poster(announcement: Announcement, version: Version) -> dict:
    """What the printable A4 poster shows."""
    url = public_url(announcement, version.language)
    organisation = announcement.organisation
    with translation.override(version.language):
        facts = _event_facts(announcement)
        publisher = organisation.name if organisation is not None else ""
        text = truncate_words(markdown_to_text(version.body), 600)
        qr_label = _("QR code: the announcement online")
    return {
        "title": version.title,
        "facts": facts,
        "text": text,
        "url": url,
        "qr": qr_svg(url, qr_label),
        "publisher": publisher,
        "language": version.language,
    }


# --- everything at once --------------------------------------------------------------------


def all_renderings(announcement: Announcement, version: Version) -> dict:
    """Every text rendering of one version (preview page and API)."""
    page = web(announcement, version)
    mail = email(announcement, version)
    item = feed_item(announcement, version)
    posts = {}
    for slug, spec in PLATFORMS.items():
        if slug == "twitter":
            continue
        post = short_post(announcement, version, slug)
        posts[slug] = {
            "platform": slug,
            "label": str(spec.label),
            "text": post,
            "length": post_length(post, slug),
            "limit": post_limit(post, slug),
        }
    return {
        "language": version.language,
        "web": {"title": page.title, "html": str(page.html), "links": page.links,
                "url": page.url},
        "email": {"subject": mail.subject, "html": str(mail.html), "text": mail.text},
        "feed_item": asdict(item),
        "posts": posts,
    }
