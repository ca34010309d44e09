"""One newsletter mail per delivery: HTML + plain text in the recipient's language, with the
headers mail clients and providers rely on (stable Message-ID, RFC 8058 one-click unsubscribe,
List-Id)."""

from __future__ import annotations

import email
import re
import secrets
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from email.policy import compat32
from email.utils import formatdate
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import forbid_multi_line_headers, sanitize_address
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.html import escape
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
    """The mail for one delivery, or None when the subscriber no longer gets anything. (The
    fan-out builds a batch's mails with one `MailBuilder`, which renders what they share once.)"""
    if announcements is None:
        announcements = issue_announcements(delivery.issue)
    return MailBuilder(delivery.issue, announcements, connection).build(delivery)


def _django_message(
    delivery: Delivery, rendered: Rendered, links: Links, connection=None,
    cls: type[EmailMultiAlternatives] = EmailMultiAlternatives,
) -> EmailMultiAlternatives:
    """The mail as Django's EmailMultiAlternatives (what `message()` turns into MIME)."""
    message = cls(
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


# Building a batch's mails cheaply ---------------------------------------------------------------
#
# Rendering the templates and the Markdown, and Django's MIME building (header sanitising and
# encoding, then the email package's generator), cost several milliseconds per mail — more than
# the SMTP exchange. Within a batch most of it is the same for many subscribers: the mail
# differs only by the mail language and the announcements' versions (the topics pick which
# announcements, the languages which version), and then only by the subscriber's links and the
# per-mail headers. `MailBuilder` renders each such variant once, with placeholders where the
# links go, and the shared MIME headers once; per mail it puts the links in and writes the
# per-mail headers. The result is byte for byte what Django would make of the same mail (apart
# from the random MIME boundary and the Date), which tests/newsletter/test_shared_rendering.py
# checks; anything unusual (a long line that needs quoted-printable, a non-ASCII address or
# link) goes through Django's own `message()` instead.

_PLACEHOLDER = f"wspolnieph{secrets.token_hex(8)}"
_PLACEHOLDER_LINKS = Links(
    preferences=f"{_PLACEHOLDER}p", unsubscribe=f"{_PLACEHOLDER}u", one_click=f"{_PLACEHOLDER}o"
)
_TOKEN_MARK = f"WSPTOKEN{secrets.token_hex(8)}"
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
)
_LONGEST_LINE = 998  # RFC 5322; Django switches a part to quoted-printable beyond it
_FOLD = compat32.clone(linesep="\n")


def _header_line(name: str, value: str) -> bytes:
    """One header line as Django's message() and the email generator write it."""
    name, value = forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)
    return _FOLD.fold_binary(name, value)


def _quick_header_line(name: str, value: str) -> bytes:
    """The same for a short ASCII value without spaces (nothing to encode or fold)."""
    if value.isascii() and len(name) + 2 + len(value) <= _FOLD.max_line_length and not any(
        c.isspace() for c in value
    ):
        return f"{name}: {value}\n".encode("ascii")
    return _header_line(name, value)


def _text_part(text: str, subtype: str) -> bytes | None:
    """A text part in utf-8 as Django makes it (7bit or 8bit), or None when Django would use
    quoted-printable (a line over 998 bytes) or the text has carriage returns."""
    if "\r" in text:
        return None
    data = text.encode("utf-8")
    if any(len(line) > _LONGEST_LINE for line in data.split(b"\n")):
        return None
    encoding = "7bit" if text.isascii() else "8bit"
    return (f'Content-Type: text/{subtype}; charset="utf-8"\nMIME-Version: 1.0\n'
            f"Content-Transfer-Encoding: {encoding}\n\n").encode("ascii") + data


class FlatMessage:
    """What `PrebuiltMail.message()` returns: the finished bytes (with \\n line ends), and
    for anything else a backend may ask of a message, the message parsed from them."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._parsed = None

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        if linesep == "\n":
            return self.data
        return self.data.replace(b"\n", linesep.encode("ascii"))

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "surrogateescape")

    def __str__(self) -> str:
        return self.as_string()

    def get_charset(self):
        return None

    def __getattr__(self, name: str):
        if self._parsed is None:
            self._parsed = email.message_from_bytes(self.data)
        return getattr(self._parsed, name)

    def __getitem__(self, name: str):
        return self.__getattr__("__getitem__")(name)


class PrebuiltMail(EmailMultiAlternatives):
    """An EmailMultiAlternatives (subject, body, alternatives, headers as usual, for any mail
    backend) whose MIME form was made by `MailBuilder` instead of by `message()`."""

    prebuilt: bytes = b""
    #: The SMTP envelope, as Django's SMTP backend would sanitise it.
    envelope_from: str = ""

    def message(self):
        return FlatMessage(self.prebuilt)


def send_one(connection, message: EmailMultiAlternatives) -> None:
    """Send one mail over an open backend connection. A prebuilt mail on Django's SMTP
    backend goes straight to its smtplib session (what the backend's `send_messages` would do
    with it, without sanitising the sender and the plain recipient address again for every
    mail); anything else through `send_messages`."""
    session = getattr(connection, "connection", None)
    if (isinstance(message, PrebuiltMail) and isinstance(connection, SmtpBackend)
            and session is not None):
        session.sendmail(message.envelope_from, message.to,
                         message.prebuilt.replace(b"\n", b"\r\n"))
    else:
        connection.send_messages([message])


@dataclass
class _Variant:
    rendered: Rendered  # with the placeholder links
    head: bytes | None  # the shared leading headers (None: use Django for this variant)
    tail: bytes  # the shared trailing headers
    boundary: str


class MailBuilder:
    """Builds the mails of one batch (see the comment above): one per delivery, sharing the
    rendering of each (language, announcement versions) variant."""

    def __init__(self, issue: Issue, announcements, connection=None) -> None:
        self.issue = issue
        self.announcements = announcements
        self.connection = connection
        self.variants: dict[tuple, _Variant] = {}
        self.link_patterns: Links | None = None
        self.list_id_line = _header_line("List-Id", list_id())
        self.envelope_from = sanitize_address(settings.DEFAULT_FROM_EMAIL,
                                              settings.DEFAULT_CHARSET)
        self.date = (0, b"")

    def date_line(self) -> bytes:
        """The Date header, made once a second."""
        second = int(time.time())
        if self.date[0] != second:
            self.date = (second, _header_line(
                "Date", formatdate(second, localtime=settings.EMAIL_USE_LOCALTIME)))
        return self.date[1]

    def build(self, delivery: Delivery) -> EmailMultiAlternatives | None:
        subscriber = delivery.subscriber
        languages = list(subscriber.languages) if subscriber else [delivery.language]
        topic_ids = {t.pk for t in subscriber.topics.all()} if subscriber else set()
        entries = entries_for(self.announcements, languages or [delivery.language], topic_ids)
        if not entries:
            return None
        links = self.links(subscriber)
        key = (delivery.language,
               tuple((entry.announcement.pk, entry.version.language) for entry in entries))
        variant = self.variants.get(key)
        if variant is None:
            variant = self.variants[key] = self._variant(delivery.language, entries)
        text = self._fill(variant.rendered.text, links, escape_html=False)
        html = self._fill(variant.rendered.html, links, escape_html=True)
        rendered = Rendered(variant.rendered.subject, text, html)
        flat = self._flatten(delivery, variant, rendered, links)
        if flat is None:
            return _django_message(delivery, rendered, links, self.connection)
        message = _django_message(delivery, rendered, links, self.connection, PrebuiltMail)
        message.prebuilt = flat
        message.envelope_from = self.envelope_from
        return message

    def links(self, subscriber: Subscriber | None) -> Links:
        if subscriber is None or not _PLAIN_TOKEN.fullmatch(subscriber.token or ""):
            return links_for(subscriber)
        if self.link_patterns is None:
            # The routes reversed once, with a mark where the token goes.
            marked = Subscriber(token=_TOKEN_MARK)
            self.link_patterns = links_for(marked)
        token = subscriber.token
        return Links(*(pattern.replace(_TOKEN_MARK, token) for pattern in (
            self.link_patterns.preferences, self.link_patterns.unsubscribe,
            self.link_patterns.one_click)))

    @staticmethod
    def _fill(template: str, links: Links, escape_html: bool) -> str:
        quote = escape if escape_html else str
        return (template.replace(_PLACEHOLDER_LINKS.preferences, quote(links.preferences))
                .replace(_PLACEHOLDER_LINKS.unsubscribe, quote(links.unsubscribe))
                .replace(_PLACEHOLDER_LINKS.one_click, quote(links.one_click)))

    def _variant(self, language: str, entries) -> _Variant:
        rendered = render_issue(self.issue, language, entries, _PLACEHOLDER_LINKS)
        boundary = "=" * 15 + f"{secrets.randbelow(sys.maxsize):019d}" + "=="
        try:
            head = (
                _header_line("Content-Type",
                             f'multipart/alternative; boundary="{boundary}"')
                + b"MIME-Version: 1.0\n"
                + _header_line("Subject", rendered.subject)
                + _header_line("From", settings.DEFAULT_FROM_EMAIL)
            )
            tail = (_header_line("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                    + _header_line("Content-Language", language))
        except (ValueError, BadHeaderError):
            head, tail = None, b""  # let Django say what is wrong
        return _Variant(rendered, head, tail, boundary)

    def _flatten(self, delivery: Delivery, variant: _Variant, rendered: Rendered,
                 links: Links) -> bytes | None:
        """The mail's MIME bytes, or None to let Django's message() make them."""
        if variant.head is None or not _PLAIN_ADDRESS.fullmatch(delivery.email):
            return None
        marker = f"--{variant.boundary}"
        if marker in rendered.text or marker in rendered.html:
            return None
        text = _text_part(rendered.text, "plain")
        html = _text_part(rendered.html, "html")
        if text is None or html is None:
            return None
        try:
            headers = (
                variant.head
                + _quick_header_line("To", delivery.email)
                + self.date_line()
                + _quick_header_line("Message-ID", delivery.message_id)
                + self.list_id_line
                + _quick_header_line("List-Unsubscribe", f"<{links.one_click}>")
                + variant.tail
            )
        except (ValueError, BadHeaderError):
            return None
        separator = marker.encode("ascii")
        return b"".join((headers, b"\n", separator, b"\n", text, b"\n", separator, b"\n",
                         html, b"\n", separator, b"--\n"))
