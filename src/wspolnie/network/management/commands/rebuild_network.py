"""wspolnie rebuild_network: derive the ties and recompute the graph now, in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Derive the ties between organisations and recompute the graph and suggestions now."

    def handle(self, *args, **options) -> None:
        from wspolnie.network.services import rebuild_network

        result = rebuild_network()
        self.stdout.write(
            "Network: {organisations} organisations, {ties} ties ({created} new, {updated} "
            "changed, {deleted} removed), {suggestions} suggestions, {seconds} s.".format(
                **result)
        )
