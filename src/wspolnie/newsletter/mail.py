"""One newsletter mail per delivery: HTML + plain text in the recipient's language, with the
headers mail clients and providers rely on (stable Message-ID, RFC 8058 one-click unsubscribe,
List-Id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.translation import gettext as _

from wspolnie.announcements.text import markdown_to_text, render_markdown
from wspolnie.core.mail import render_text

from .issues import Entry, entries_for, issue_announcements
from .models import Delivery, Issue, Subscriber
from .subscriptions import subscriber_links

SITE_NAME = "Wspólnie"


@dataclass(frozen=True)
class Links:
    preferences: str
    unsubscribe: str
    one_click: str


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def links_for(subscriber: Subscriber | None) -> Links:
    if subscriber is None:
        # A preview: the links are shown but lead nowhere in particular.
        return Links(absolute("/newsletter/"), absolute("/newsletter/"), absolute("/newsletter/"))
    try:
        return Links(**subscriber_links(subscriber))
    except NoReverseMatch:
        # Only while the subscription pages are not wired: the mail still builds.
        return links_for(None)


def list_id() -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{SITE_NAME} <newsletter.{host}>"


def subject_for(issue: Issue, entries: Sequence[Entry], language: str) -> str:
    """The staff's subject in that language, else one made from the first announcement."""
    written = (issue.subject or {}).get(language)
    if written:
        return written
    with translation.override(language):
        if entries:
            return _("%(site)s newsletter: %(title)s") % {
                "site": SITE_NAME, "title": entries[0].version.title,
            }
        return _("%(site)s newsletter") % {"site": SITE_NAME}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render_issue(
    issue: Issue, language: str, entries: Sequence[Entry], links: Links
) -> Rendered:
    items = [
        {
            "title": entry.version.title,
            "language": entry.version.language,
            "html": render_markdown(entry.version.body),
            "text": markdown_to_text(entry.version.body),
            "url": absolute(entry.announcement.get_absolute_url()),
        }
        for entry in entries
    ]
    subject = subject_for(issue, entries, language)
    with translation.override(language):
        context = {
            "issue": issue, "subject": subject, "intro": (issue.intro or {}).get(language, ""),
            "items": items, "links": links, "language": language,
            "SITE_NAME": SITE_NAME, "SITE_URL": settings.SITE_URL,
        }
        text = render_text("newsletter/mail/issue.txt", context)
        html = render_to_string("newsletter/mail/issue.html", context)
    return Rendered(subject, text, html)


def preview(issue: Issue, language: str) -> Rendered:
    """What a subscriber reading `language` (and interested in every topic) would get."""
    entries = entries_for(issue_announcements(issue), [language], set())
    return render_issue(issue, language, entries, links_for(None))


def build_message(
    delivery: Delivery, announcements=None, connection=None
) -> EmailMultiAlternatives | None:
    """The mail for one delivery, or None when the subscriber no longer gets anything."""
    subscriber = delivery.subscriber
    if announcements is None:
        announcements = issue_announcements(delivery.issue)
    languages = list(subscriber.languages) if subscriber else [delivery.language]
    topic_ids = {t.pk for t in subscriber.topics.all()} if subscriber else set()
    entries = entries_for(announcements, languages or [delivery.language], topic_ids)
    if not entries:
        return None
    links = links_for(subscriber)
    rendered = render_issue(delivery.issue, delivery.language, entries, links)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[delivery.email],
        connection=connection,
        headers={
            # Fixed when the delivery was queued: a re-send after a crash carries the same id,
            # so mail clients show one message.
            "Message-ID": delivery.message_id,
            "List-Id": list_id(),
            "List-Unsubscribe": f"<{links.one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": delivery.language,
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    return message
