"""The calendars' part of the worker's sweep: one import task per feed that is due (every
CALENDAR_FEEDS_INTERVAL_MINUTES), so a slow or broken feed holds up no other."""

from __future__ import annotations

from django.utils import timezone


def sweep() -> int:
    from .models import Feed
    from .services import due_feeds
    from .tasks import import_feed_task

    now = timezone.now()
    ids = list(due_feeds(now).values_list("pk", flat=True)[:200])
    # Marked before enqueueing: with an immediate backend the task clears it itself.
    Feed.objects.filter(pk__in=ids).update(enqueued_at=now)
    for feed_id in ids:
        import_feed_task.enqueue(feed_id)
    return len(ids)
