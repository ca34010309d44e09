"""Rendering mail in the recipient's language and handing it to the task queue."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_mail_task


def queue_templated_mail(
    template_prefix: str, to: str, context: dict, language: str | None = None
) -> None:
    """Render <prefix>_subject.txt / _body.txt in `language` and enqueue the send after commit,
    so a rolled-back request never mails anybody."""
    with translation.override(language or translation.get_language()):
        subject = " ".join(
            render_to_string(f"{template_prefix}_subject.txt", context).split()
        )
        body = render_to_string(f"{template_prefix}_body.txt", context)
    transaction.on_commit(lambda: send_mail_task.enqueue(subject=subject, body=body, to=[to]))
