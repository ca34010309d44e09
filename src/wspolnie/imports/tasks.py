"""Background tasks of imports: thin, taking the job id, safe to run twice (the work and its
idempotency live in services.py)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def check_import_job(job_id: int) -> None:
    services.run_check(job_id)


@task()
def import_job(job_id: int) -> None:
    services.run_import(job_id)
