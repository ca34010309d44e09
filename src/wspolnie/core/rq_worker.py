"""The RQ worker of `wspolnie worker` with TASKS_BACKEND=rq: RQ's own worker that also runs the
periodic sweeps (wspolnie.core.sweeping) in its loop, between jobs."""

from __future__ import annotations

import math
import time

from rq import Worker

from .sweeping import run_sweeps


class SweepingWorker(Worker):
    #: Seconds between sweeps; `wspolnie worker` sets it from WORKER_SWEEP_SECONDS.
    sweep_interval: float = 30.0
    _last_sweep: float | None = None

    def _sweep_due(self) -> bool:
        return self._last_sweep is None or (
            time.monotonic() - self._last_sweep >= self.sweep_interval
        )

    @property
    def should_run_maintenance_tasks(self) -> bool:
        return super().should_run_maintenance_tasks or self._sweep_due()

    @property
    def dequeue_timeout(self) -> int:
        # Wake up from waiting for a job in time for the next sweep.
        return max(1, min(super().dequeue_timeout, math.ceil(self.sweep_interval)))

    def run_maintenance_tasks(self) -> None:
        if super().should_run_maintenance_tasks:
            super().run_maintenance_tasks()
        elif self.scheduler and (
            not self.scheduler._process or not self.scheduler._process.is_alive()
        ):
            # Take over scheduling (watchdogs, retries) as soon as a dead worker's scheduler
            # lock has expired, not at RQ's next ten-minute maintenance.
            self.scheduler.acquire_locks(auto_start=True)
        if self._sweep_due():
            run_sweeps()
            self._last_sweep = time.monotonic()
