"""`wspolnie import_calendars`: import the members' calendar feeds now, in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wspolnie.calendars.models import Feed
from wspolnie.calendars.services import import_feed


class Command(BaseCommand):
    help = "Import the members' calendar feeds (ICS, RSS/Atom) now; idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--feed", type=int, action="append",
                            help="only this feed (its id; may be repeated)")

    def handle(self, *args, feed=None, **options) -> None:
        feeds = Feed.objects.filter(enabled=True).select_related("organisation")
        if feed:
            feeds = Feed.objects.filter(pk__in=feed).select_related("organisation")
        failed = 0
        for item in list(feeds.order_by("pk")):
            result = import_feed(item.pk)
            if result is None:
                continue
            if result.failed:
                failed += 1
                self.stdout.write(f"{result.pk} {result.organisation.slug} {result.url}: "
                                  f"failed: {result.get_last_error_display()} "
                                  f"{result.last_error_detail}".rstrip())
            else:
                self.stdout.write(f"{result.pk} {result.organisation.slug} {result.url}: "
                                  f"{result.last_status}, {result.imported_count} events, "
                                  f"{result.duplicate_count} duplicates, "
                                  f"{result.skipped_count} skipped")
        self.stdout.write(f"{feeds.count()} feeds, {failed} failed")
