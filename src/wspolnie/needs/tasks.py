"""Background tasks of the board. Safe to run at any time and as often as wanted."""

from __future__ import annotations

from django_tasks import task


@task()
def expire_needs_task() -> int:
    """Take newly expired needs and offers out of the search (idempotent: see
    services.process_expired). Suitable for a periodic schedule, e.g. hourly."""
    from .services import process_expired

    return process_expired()
