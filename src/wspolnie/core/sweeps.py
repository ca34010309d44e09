"""The core's part of the worker's periodic sweep (see wspolnie.core.sweeping): forgetting what
the task queue keeps about work that is done.

- Finished task results (django_tasks_database_dbtaskresult rows that succeeded or failed)
  are deleted once older than TASK_RESULT_RETENTION_HOURS. Their arguments are ids, but a
  failure's traceback or a return value is nobody's business after a day.
- Outbox mails (core.models.OutgoingMail) are deleted by the task that sends them; one whose
  task has not sent it within OUTBOX_LEASE_SECONDS (its worker was killed, or the task was
  lost, e.g. Redis restarted without its data) is queued again (wspolnie.core.mail); one that
  has waited OUTBOX_MAX_AGE is dropped.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

#: A mail that has waited this long for its task is not coming any more.
OUTBOX_MAX_AGE = dt.timedelta(days=7)


def prune_task_results(now: dt.datetime | None = None) -> int:
    """Delete finished task results older than TASK_RESULT_RETENTION_HOURS; returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = now - dt.timedelta(hours=settings.TASK_RESULT_RETENTION_HOURS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    return deleted


def prune_outbox(now: dt.datetime | None = None) -> int:
    from .models import OutgoingMail

    now = now or timezone.now()
    deleted, _by_model = OutgoingMail.objects.filter(created__lt=now - OUTBOX_MAX_AGE).delete()
    return deleted


def sweep() -> None:
    from .mail import requeue_stale_mail

    prune_task_results()
    prune_outbox()
    requeue_stale_mail()
