"""Retention: the answers attendees gave to a meeting's registration questions are blanked
MEETING_ANSWERS_RETENTION_DAYS after the meeting ended (by the worker's sweep). The
registrations stay, so attendance and registration counts do not change. One audit entry per
meeting, with the number of registrations blanked and nothing about anybody."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wspolnie.core import audit

from .models import Event, Registration

audit.register_action("meetings.answers_expired",
                      gettext_lazy("Attendees' answers blanked (retention)"))


def blank_old_answers(now: dt.datetime | None = None) -> int:
    """Blank the answers of registrations for meetings that ended long enough ago; returns
    how many registrations were blanked."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.MEETING_ANSWERS_RETENTION_DAYS)
    stale = Registration.objects.filter(event__ends_at__lt=limit).exclude(answers={})
    total = 0
    for event in Event.objects.filter(pk__in=stale.values("event_id")).order_by("pk"):
        with transaction.atomic():
            count = stale.filter(event=event).update(answers={})
            if count:
                audit.record(None, "meetings.answers_expired", event,
                             {"registrations": count})
        total += count
    return total
