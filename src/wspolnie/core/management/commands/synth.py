"""`wspolnie synth`: fill a database with synthetic data at city scale (wspolnie.core.synthetic).

Deterministic (`--seed`), fast (bulk inserts in one transaction, the search index built once
at the end), with a progress bar per table. Refuses a database that already holds synthetic
data (other data, e.g. the demo network, may be there).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from wspolnie.core import synthetic as synth
from wspolnie.core import versions
from wspolnie.organisations.models import Organisation
from wspolnie.search import index


class Command(BaseCommand):
    help = ("Fill the database with synthetic organisations, services, contacts, channels, "
            "meetings with registrations, boards with cards, newsletter subscribers, …")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organisations", type=int, default=10_000,
                            help="How many organisations (default 10000).")
        parser.add_argument("--seed", type=int, default=42,
                            help="The same seed makes the same data (default 42).")
        parser.add_argument("--no-index", action="store_true",
                            help="Do not build the search index (run rebuild_search_index).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, **options) -> None:
        count = options["organisations"]
        if count < 1 or count > 1_000_000:
            raise CommandError("--organisations must be between 1 and 1000000.")
        if Organisation.objects.filter(slug__startswith=synth.SLUG_PREFIX).exists():
            raise CommandError(
                "This database already holds synthetic data: use an empty (migrated) one."
            )
        bars: list[tqdm] = []

        def progress(label: str, total: int):
            bar = tqdm(total=total, desc=f"{label:<22}", unit=" rows",
                       file=getattr(self.stderr, "_out", self.stderr),
                       disable=options["no_progress"], dynamic_ncols=True, leave=True)
            bars.append(bar)

            def advance(n: int) -> None:
                bar.update(n)
                if bar.n >= bar.total:
                    bar.close()
            return advance

        world = synth.World(organisations=count, seed=options["seed"], progress=progress)
        started = time.monotonic()
        with transaction.atomic():
            counts = synth.build(world)
            versions.bump_all()  # bulk inserts send no signals
        for bar in bars:
            bar.close()
        rows = sum(counts.values())
        self.stdout.write(f"{rows} rows made in {time.monotonic() - started:.1f} s "
                          f"({', '.join(f'{label} {n}' for label, n in counts.items())}).")
        if not options["no_index"]:
            started = time.monotonic()
            done = index.rebuild()
            self.stdout.write(f"Search index built in {time.monotonic() - started:.1f} s: "
                              f"{done['added']} entries added.")
