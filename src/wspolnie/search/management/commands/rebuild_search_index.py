"""`wspolnie rebuild_search_index`: make the search index match the data. Idempotent.

Needed after bulk changes that send no signals (QuerySet.update(), bulk_create(), loaddata)
and to repair an index after an update failed; safe to run at any time.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from wspolnie.search import index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every app's search_index module."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        counts = index.rebuild()
        self.stdout.write(
            "Search index rebuilt in {seconds:.1f} s: {added} added, {updated} updated, "
            "{removed} removed, {unchanged} unchanged.".format(
                seconds=time.monotonic() - started, **counts
            )
        )
