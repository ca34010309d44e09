"""Importing one calendar feed in the background: takes the feed's id, safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def import_feed_task(feed_id: int) -> str:
    from .services import import_feed

    feed = import_feed(feed_id)
    return feed.last_status if feed is not None else "gone"
