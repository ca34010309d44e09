"""A 5,000-row import runs in a REAL worker process (`wspolnie worker --batch`, the database
task backend), not in the request: it finishes, and its progress is visible while it runs."""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import pytest
from django_tasks_db.models import DBTaskResult

from tests.base import make_user
from tests.processes import child_environment, database_url_for_children
from wspolnie.core.models import AuditEntry
from wspolnie.imports import services
from wspolnie.imports.models import ImportJob
from wspolnie.organisations.models import Organisation

from .helpers import csv_bytes, make_vocabularies, org_row

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROWS = 5000


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_worker_watching(job_id: int) -> tuple[str, list[int], subprocess.CompletedProcess]:
    """Run `wspolnie worker --batch` and read the job's progress from this process while it
    works, as the progress bar in the browser does. (timing, progress seen, result)"""
    env = child_environment(DATABASE_URL=database_url_for_children())
    cpu = child_cpu_seconds()
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "worker", "--batch"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    seen: list[int] = []
    while process.poll() is None:
        done = ImportJob.objects.filter(pk=job_id).values_list("processed_rows", flat=True)[0]
        if not seen or seen[-1] != done:
            seen.append(done)
        time.sleep(0.2)
    stdout, stderr = process.communicate(timeout=60)
    timing = (f"{time.monotonic() - started:.1f} s "
              f"({child_cpu_seconds() - cpu:.1f} s CPU in the worker)")
    return timing, seen, subprocess.CompletedProcess(process.args, process.returncode,
                                                      stdout, stderr)


@pytest.mark.django_db(transaction=True)
def test_a_5000_row_import_runs_in_the_worker_with_visible_progress(settings, capsys):
    settings.TASKS = DATABASE_TASKS
    make_vocabularies()
    staff = make_user("import-staff@example.org", "Import Staff", is_staff=True)
    rows = [org_row(f"org-{number:04}", name=f"Organizacja nr {number}")
            for number in range(ROWS)]
    rows[1234]["nip"] = "1234567890"  # a wrong check digit: the one invalid row

    job = services.do_create_import_job(
        staff, name="duzy.csv", data=csv_bytes(rows), entity="organisations",
    )
    # Queued for the worker, not run in the request.
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.UPLOADED
    assert DBTaskResult.objects.count() == 1

    check_seconds, seen, result = run_worker_watching(job.pk)
    assert result.returncode == 0, result.stderr
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED, job.failure
    assert (job.total_rows, job.processed_rows) == (ROWS, ROWS)
    assert (job.to_create, job.invalid_rows) == (ROWS - 1, 1)
    assert [error["row"] for error in job.errors] == [1234 + 2]
    assert not Organisation.objects.filter(slug__startswith="org-").exists()
    assert any(0 < done < ROWS for done in seen), seen  # progress while it worked

    services.do_confirm_import_job(staff, job, accept_valid=True)
    import_seconds, seen, result = run_worker_watching(job.pk)
    assert result.returncode == 0, result.stderr
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.failure
    assert job.processed_rows == ROWS
    assert job.summary["created"] == ROWS - 1
    assert job.summary["skipped"] == 1
    assert any(0 < done < ROWS for done in seen), seen
    assert seen == sorted(seen)
    assert Organisation.objects.filter(slug__startswith="org-").count() == ROWS - 1
    assert not Organisation.objects.filter(slug="org-1234").exists()
    assert AuditEntry.objects.filter(action="organisation.imported", actor=staff).count() == \
        ROWS - 1
    assert all(DBTaskResult.objects.values_list("status", flat=True).distinct()
               .filter(status="SUCCESSFUL"))
    with capsys.disabled():
        print(f"\n5,000-row import in a real worker (with its start-up): check {check_seconds}, "
              f"import {import_seconds}")
