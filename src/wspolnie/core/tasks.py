"""Thin background tasks. They take plain values (never model instances) and are safe to
run twice."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_mail_task(
    subject: str, body: str, to: list[str], html_body: str = "", headers: dict | None = None
) -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
