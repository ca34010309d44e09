"""Periodic sweeps run by the task worker itself, so that no cron job is needed.

Each wspolnie app may provide `sweeps.py` with `sweep()`: cheap, idempotent repairs that keep
background work going when a task was lost (e.g. the newsletter resumes a fan-out whose worker
died). `wspolnie worker` runs every app's sweep when it starts and every WORKER_SWEEP_SECONDS:
with the database backend from a thread beside the worker, with Redis from RQ's worker loop
between jobs (no thread may run in a process that forks work horses).
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import connections

from .plugins import wspolnie_app_modules

logger = logging.getLogger(__name__)


def run_sweeps() -> None:
    """Run every app's sweep once. A failing sweep is logged, never fatal to the worker."""
    try:
        for label, module in wspolnie_app_modules("sweeps"):
            try:
                module.sweep()
            except Exception:
                logger.exception("The %s sweep failed", label)
    finally:
        # This thread's connections (or, in RQ's parent process, the ones a forked work horse
        # would otherwise inherit and share).
        connections.close_all()


class SweepThread(threading.Thread):
    """Runs the sweeps every `interval` seconds beside the database worker. A daemon: it ends
    with the worker."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="wspolnie-sweeps", daemon=True)
        self.interval = max(0.1, interval)

    def run(self) -> None:
        while True:
            run_sweeps()
            time.sleep(self.interval)
