"""The background tasks are safe to run twice, and an interrupted import resumes after the last
committed batch instead of starting again."""

from __future__ import annotations

import importlib
import io

from django.core.management.base import OutputWrapper

from wspolnie.core.models import AuditEntry
from wspolnie.imports import services
from wspolnie.imports.models import ImportJob
from wspolnie.organisations.models import Organisation

from .base import ImportTestCase
from .helpers import csv_bytes, org_row

# The command's module is called "import" (a keyword): imported by name.
ProgressBar = importlib.import_module("wspolnie.imports.management.commands.import").ProgressBar


class TaskTestCase(ImportTestCase):
    def make_job(self, rows) -> ImportJob:
        with self.captureOnCommitCallbacks(execute=True):
            return services.do_create_import_job(
                self.staff, name="a.csv", data=csv_bytes(rows), entity="organisations"
            )

    def test_checking_twice_changes_nothing(self):
        job = self.make_job([org_row("a"), org_row("b")])
        job.refresh_from_db()
        self.assertEqual(job.status, "validated")
        validated_at = job.validated_at
        services.run_check(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.validated_at), ("validated", validated_at))

    def test_an_interrupted_check_starts_again(self):
        job = self.make_job([org_row("a"), org_row("b")])
        ImportJob.objects.filter(pk=job.pk).update(status="validating", processed_rows=1,
                                                   to_create=0)
        services.run_check(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.to_create, job.processed_rows), ("validated", 2, 2))

    def test_importing_twice_imports_once(self):
        job = self.make_job([org_row("a"), org_row("b")])
        job.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            services.do_confirm_import_job(self.staff, job)
        services.run_import(job.pk)
        self.assertEqual(Organisation.objects.filter(slug__in=["a", "b"]).count(), 2)
        self.assertEqual(AuditEntry.objects.filter(action="organisation.imported").count(), 2)

    def test_an_interrupted_import_resumes_after_the_last_batch(self):
        rows = [org_row(f"r-{number:03}") for number in range(services.BATCH_SIZE + 10)]
        job = self.make_job(rows)
        job.refresh_from_db()
        # As if the worker died after committing the first batch: its rows and its progress
        # are saved together.
        from wspolnie.imports.mappings import Options
        from wspolnie.imports.parsing import read_table

        table = read_table(bytes(job.content), job.original_name)
        first = services.do_import_table(self.staff, "organisations", table, Options(),
                                      skip_rows=set())
        self.assertEqual(first.created, len(rows))
        Organisation.objects.filter(slug__in=[f"r-{n:03}" for n in
                                              range(services.BATCH_SIZE, len(rows))]).delete()
        ImportJob.objects.filter(pk=job.pk).update(
            status="importing", processed_rows=services.BATCH_SIZE,
            summary={"created": services.BATCH_SIZE, "updated": 0, "unchanged": 0,
                     "skipped": 0, "errors": []},
        )
        services.run_import(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, "done")
        self.assertEqual(job.summary["created"], len(rows))  # not 250 + 260
        self.assertEqual(job.summary["unchanged"], 0)
        self.assertEqual(Organisation.objects.filter(slug__startswith="r-").count(), len(rows))

    def test_a_file_that_became_unreadable_fails_the_job(self):
        job = self.make_job([org_row("a")])
        ImportJob.objects.filter(pk=job.pk).update(status="uploaded", content=b"\x00\x01")
        services.run_check(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertTrue(job.failure)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_redraws_in_place_on_a_terminal():
    stream = FakeTerminal()
    bar = ProgressBar(OutputWrapper(stream), "Checking")
    bar(250, 1000)
    bar(1000, 1000)
    text = stream.getvalue()
    assert text.count("\r") == 2
    assert "[" + "#" * 7 + "-" * 23 + "]" in text
    assert text.endswith("\n")


def test_without_a_terminal_it_writes_lines():
    stream = io.StringIO()
    bar = ProgressBar(OutputWrapper(stream), "Checking")
    bar(1, 3)
    bar(2, 3)  # within the interval: not written
    bar(3, 3)
    assert "\r" not in stream.getvalue()
    assert len(stream.getvalue().splitlines()) == 2
