"""Thin background tasks. They take plain values (never model instances, never personal data:
ids only) and are safe to run twice."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_outgoing_mail(mail_id: int) -> int:
    """Send the outbox mail `mail_id` (see wspolnie.core.mail). Returns how many were sent."""
    from .mail import send_outgoing

    return send_outgoing(mail_id)


@task()
def send_mail_task(
    subject: str, body: str, to: list[str], html_body: str = "", headers: dict | None = None
) -> int:
    """Kept only so that mails queued before the outbox existed are still delivered after an
    upgrade; nothing queues it any more (its arguments would be personal data)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
