"""Background tasks of the meetings: scheduled reminders (mails go through the outbox of
wspolnie.core.mail). They take ids (never model instances or personal data) and are safe to
run twice."""

from __future__ import annotations

from email.mime.text import MIMEText

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_calendar_mail_task(
    subject: str, body: str, to: list[str], ics: str, method: str = "REQUEST"
) -> int:
    """Kept only so that mails queued before the outbox existed are still delivered after an
    upgrade; nothing queues it any more (its arguments would be personal data)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    part = MIMEText(ics, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="meeting.ics")
    message.attach(part)
    return message.send()


@task()
def send_event_reminders(event_id: int, starts_at: str) -> int:
    """Remind the confirmed registrants of a meeting that starts at `starts_at` (ISO 8601).

    Scheduled with run_after, so it waits in the task queue (the database), not in memory. If
    the meeting has moved since the task was scheduled, this one does nothing: moving it
    scheduled a new reminder. Each registrant is reminded at most once per start time.
    """
    from .services import send_reminders

    return send_reminders(event_id, starts_at)
