"""The worker's sweep recomputes the graph once when its sources changed (tasks run at once in
the tests), and not again while nothing changes; `wspolnie rebuild_network` does it now."""

from __future__ import annotations

import io

from django.core.management import call_command

from wspolnie.network.models import GraphSnapshot, NetworkState
from wspolnie.network.sweeps import sweep

from .helpers import NetworkTestCase, register


class SweepTest(NetworkTestCase):
    def test_a_change_in_the_sources_gives_one_recomputation(self):
        assert sweep() is False  # computed in setUpTestData, nothing changed since
        before = GraphSnapshot.objects.count()
        register(self.event, "Dom Samotnia", "nowa@example.org")
        assert sweep() is True
        assert GraphSnapshot.objects.count() == before + 1
        assert self.loner.network_metrics.degree > 0
        assert sweep() is False
        assert NetworkState.get().enqueued_at is None

    def test_a_request_is_honoured_by_the_next_sweep(self):
        NetworkState.objects.filter(pk=1).update(requested=True)
        assert sweep() is True
        assert NetworkState.get().requested is False

    def test_the_command_recomputes_now(self):
        out = io.StringIO()
        call_command("rebuild_network", stdout=out)
        assert "7 organisations, 5 ties" in out.getvalue()
