"""The graph computation as a background task: pages read its stored result."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_network_task() -> dict:
    """Derive the ties and recompute the graph (idempotent; takes no arguments, so that two
    enqueued runs do the same work)."""
    from .services import rebuild_network

    return rebuild_network()
