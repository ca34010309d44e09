"""Mail: rendered in the recipient's language, kept in the outbox (core.models.OutgoingMail)
until a task sends it. The task is handed the outbox row's id and nothing else, so no address,
text or link with a token ever sits in the task queue; the row is deleted once the task has
run (sent or not), and erasing a person deletes what still waits for them
(`forget_mail_to`). Attachments live in the row too: a meeting's calendar (`ics`) and other
files made with `attachment()` (e.g. the entrance ticket's QR code, meetings/mail.py).

Crash safety (at least once): the task first claims the row for OUTBOX_LEASE_SECONDS (one
UPDATE, committed), then sends, then deletes the row. A worker killed before the delete leaves
the row; the worker's sweep (`requeue_stale_mail`) hands every row whose task has not sent it
within the lease (claim expired, or never claimed: the task was lost) to the queue again. The
claim keeps two live tasks from sending one row. A mail is delivered twice only when its worker
died after the SMTP server had taken it and before the row was deleted — at most the one mail
in flight per killed worker — and then with the same Message-ID (kept in the row).

Text mails are rendered without HTML escaping (`render_text`): a meeting called
`"A&B" <ważne>` is written so, not `&quot;A&amp;B&quot; &lt;ważne&gt;`. HTML parts go
through the ordinary (escaping) template engine.
"""

from __future__ import annotations

import base64
import functools
import logging
import smtplib
from datetime import timedelta
from email.mime.text import MIMEText
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.backends.django import DjangoTemplates
from django.utils import timezone, translation

from .models import OutgoingMail

logger = logging.getLogger(__name__)

#: A mail claimed this often without being sent (it kills its worker) is dropped.
MAX_ATTEMPTS = 5


@functools.cache
def _text_engine() -> DjangoTemplates:
    """The project's template engine (same folders, built-ins, tags) with autoescape off."""
    base = settings.TEMPLATES[0]
    options = {key: value for key, value in base.get("OPTIONS", {}).items()
               if key != "context_processors"}
    return DjangoTemplates({
        "NAME": "wspolnie-text-mail",
        "DIRS": base.get("DIRS", []),
        "APP_DIRS": base.get("APP_DIRS", False),
        "OPTIONS": {**options, "autoescape": False},
    })


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template (mail body), with nothing HTML-escaped."""
    return _text_engine().get_template(template_name).render(context)


def render_subject(template_name: str, context: dict) -> str:
    """A mail subject: the template's text on one line, nothing HTML-escaped."""
    return " ".join(render_text(template_name, context).split())


def attachment(filename: str, content: bytes, content_type: str) -> dict:
    """A file for `queue_mail(attachments=[…])`, kept in the outbox row as base64."""
    return {"filename": filename, "content_type": content_type,
            "content": base64.b64encode(content).decode("ascii")}


def queue_mail(
    *, to: str, subject: str, body: str, html_body: str = "", headers: dict | None = None,
    ics: str = "", ics_method: str = "", attachments: list[dict] | None = None,
) -> OutgoingMail:
    """Put a mail into the outbox and hand its id to the task queue after commit, so a
    rolled-back request never mails anybody (the row goes with the rollback)."""
    from .tasks import send_outgoing_mail

    mail = OutgoingMail.objects.create(
        to=to, subject=subject, body=body, html_body=html_body, headers=headers or {},
        ics=ics, ics_method=ics_method, attachments=attachments or [],
        message_id=make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost"),
        enqueued_at=timezone.now(),
    )
    mail_id = mail.pk
    transaction.on_commit(lambda: send_outgoing_mail.enqueue(mail_id))
    return mail


def queue_templated_mail(
    template_prefix: str, to: str, context: dict, language: str | None = None
) -> None:
    """Render <prefix>_subject.txt / _body.txt in `language` and queue the mail."""
    with translation.override(language or translation.get_language()):
        subject = render_subject(f"{template_prefix}_subject.txt", context)
        body = render_text(f"{template_prefix}_body.txt", context)
    queue_mail(to=to, subject=subject, body=body)


def message_for(mail: OutgoingMail) -> EmailMultiAlternatives:
    headers = dict(mail.headers or {})
    if mail.message_id:
        headers.setdefault("Message-ID", mail.message_id)
    message = EmailMultiAlternatives(
        subject=mail.subject, body=mail.body, to=[mail.to], headers=headers
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    if mail.ics:
        part = MIMEText(mail.ics, "calendar", "utf-8")
        part.set_param("method", mail.ics_method or "REQUEST")
        part.add_header("Content-Disposition", "attachment", filename="meeting.ics")
        message.attach(part)
    for item in mail.attachments or []:
        message.attach(item["filename"], base64.b64decode(item["content"]),
                       item["content_type"])
    return message


class MailNotSent(Exception):
    """The SMTP server refused or could not be reached. The message names the outbox row and
    the SMTP code only: the task queue keeps it (its traceback), and must not keep addresses."""


def send_outgoing(mail_id: int) -> int:
    """Send one outbox mail and delete it; 0 when it is gone (sent already, or its recipient
    was erased) or another task holds it. A failed send is not retried (the row goes too) and
    raises MailNotSent."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    ).update(claimed_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
             attempts=F("attempts") + 1)
    mail = OutgoingMail.objects.filter(pk=mail_id).first() if claimed else None
    if mail is None:
        return 0
    if mail.attempts > MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail_id).delete()
        raise MailNotSent(f"outgoing mail #{mail_id}: given up after {MAX_ATTEMPTS} attempts")
    try:
        return message_for(mail).send()
    except (smtplib.SMTPException, OSError) as error:
        code = getattr(error, "smtp_code", "")
        failure = MailNotSent(f"outgoing mail #{mail_id}: {type(error).__name__} {code}".strip())
    finally:
        OutgoingMail.objects.filter(pk=mail_id).delete()
    raise failure


def requeue_stale_mail(now=None) -> int:
    """The worker's sweep: hand the outbox rows whose task has not sent them within
    OUTBOX_LEASE_SECONDS to the queue again (their worker died, or the task was lost). A row
    is handed over at most once per lease. Returns how many."""
    from .tasks import send_outgoing_mail

    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    stale = OutgoingMail.objects.filter(
        Q(enqueued_at__lt=limit) | Q(enqueued_at__isnull=True),
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
    )
    count = 0
    for mail_id in list(stale.values_list("pk", flat=True)[:1000]):
        # Only if no other sweep (another worker) took it in the meantime.
        if OutgoingMail.objects.filter(pk=mail_id).filter(
            Q(enqueued_at__lt=limit) | Q(enqueued_at__isnull=True)
        ).update(enqueued_at=now):
            send_outgoing_mail.enqueue(mail_id)
            count += 1
    return count


def forget_mail_to(address: str) -> int:
    """Erasure: delete the mails still waiting for `address`. Returns how many."""
    if not address:
        return 0
    deleted, _by_model = OutgoingMail.objects.filter(to__iexact=address).delete()
    return deleted
