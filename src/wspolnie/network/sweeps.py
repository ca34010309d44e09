"""The network's part of the worker's periodic sweep (see wspolnie.core.sweeping): one
recompute of the graph when its sources changed, or somebody asked for one. Many changes
between two sweeps give one computation (the debounce is the sweep interval)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

#: An enqueued computation not finished after this long is taken as lost and enqueued again.
LOST_AFTER = dt.timedelta(hours=1)


def sweep() -> bool:
    """Enqueue the rebuild if needed; returns whether it did."""
    from .models import NetworkState
    from .services import source_fingerprint
    from .tasks import rebuild_network_task

    state = NetworkState.get()
    now = timezone.now()
    if state.enqueued_at is not None and now - state.enqueued_at < LOST_AFTER:
        return False
    if not state.requested and state.fingerprint == source_fingerprint():
        return False
    # Marked before enqueueing: with an immediate backend the task clears it itself.
    NetworkState.objects.filter(pk=1).update(enqueued_at=now)
    rebuild_network_task.enqueue()
    return True
