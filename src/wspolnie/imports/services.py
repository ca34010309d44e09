"""Import jobs: upload, check (in the background), confirm, import (in the background, in
batches with a transaction each). The command line runs the same check and import in-process.

Nothing is saved before the person confirms; with row errors, nothing is saved unless they
explicitly accept that only the valid rows are imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wspolnie.core import audit

from .mappings import (
    CREATE,
    INVALID,
    UNCHANGED,
    UPDATE,
    Options,
    RowResult,
    is_staff,
    mapping_for,
    may_import,
)
from .models import ImportJob
from .parsing import ImportFileError, Table, detect_format, max_upload_bytes, read_table

audit.register_action("organisation.imported", gettext_lazy("Organisation added by an import"))
audit.register_action(
    "organisation.import_updated", gettext_lazy("Organisation profile changed by an import")
)
audit.register_action("import.confirmed", gettext_lazy("Import confirmed"))

#: Rows per batch: one transaction (and one progress update) each.
BATCH_SIZE = 250
#: Errors kept on a job (the counts are always complete).
MAX_STORED_ERRORS = 10_000


class ImportStateError(Exception):
    """The job is not in a state that allows this (e.g. confirming it twice)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class CheckReport:
    total: int = 0
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    invalid: int = 0
    errors: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def invalid_rows(self) -> set[int]:
        return {error["row"] for error in self.errors}


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "errors": self.errors[:MAX_STORED_ERRORS],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportSummary:
        return cls(
            created=data.get("created", 0), updated=data.get("updated", 0),
            unchanged=data.get("unchanged", 0), skipped=data.get("skipped", 0),
            errors=list(data.get("errors", [])),
        )

    def add(self, results: list[RowResult]) -> None:
        for result in results:
            if result.action == CREATE:
                self.created += 1
            elif result.action == UPDATE:
                self.updated += 1
            elif result.action == UNCHANGED:
                self.unchanged += 1
            else:
                self.skipped += 1
                self.errors.extend(result.errors)


Progress = Callable[[int, int], None]


def _batches(rows: list, start: int = 0):
    for offset in range(start, len(rows), BATCH_SIZE):
        yield offset, rows[offset:offset + BATCH_SIZE]


# -- checking and importing a table (shared by the jobs and the command line) ----------------


def check_table(actor, entity: str, table: Table, options: Options,
                progress: Progress | None = None) -> CheckReport:
    """Every row checked, nothing saved. ImportFileError when the header is not usable."""
    mapping = mapping_for(entity)
    report = CheckReport(total=len(table), ignored_columns=mapping.check_header(table))
    duplicates = mapping.duplicates(table)
    for offset, batch in _batches(table.rows):
        for result in mapping.check_rows(actor, table, batch, options):
            if result.row in duplicates:
                result.errors.append(mapping.duplicate_error(result.row, duplicates[result.row]))
                result.action = INVALID
            if result.action == CREATE:
                report.to_create += 1
            elif result.action == UPDATE:
                report.to_update += 1
            elif result.action == UNCHANGED:
                report.unchanged += 1
            else:
                report.invalid += 1
                report.errors.extend(result.errors)
        if progress is not None:
            progress(offset + len(batch), len(table))
    report.errors.sort(key=lambda error: error["row"])
    return report


def do_import_table(
    actor, entity: str, table: Table, options: Options, *, skip_rows: set[int],
    start: int = 0, summary: ImportSummary | None = None,
    after_batch: Callable[[int, ImportSummary], None] | None = None,
) -> ImportSummary:
    """Save the rows (except `skip_rows`, the ones with errors when checked), a transaction per
    batch. `after_batch(rows done, summary)` runs inside each batch's transaction, so that a
    job's progress is committed with the rows it counts (a task run again resumes there).

    Permissions are checked row by row, for `actor` (None: the system, from the command
    line): staff may change everything, an organisation's admins only its rows. Every saved
    row is in the audit log under `actor`."""
    mapping = mapping_for(entity)
    mapping.check_header(table)
    duplicates = mapping.duplicates(table)
    summary = summary or ImportSummary()
    for offset, batch in _batches(table.rows, start):
        wanted = [(row, cells) for row, cells in batch
                  if row not in skip_rows and row not in duplicates]
        with transaction.atomic():
            results = mapping.save_rows(actor, table, wanted, options) if wanted else []
            summary.add(results)
            summary.skipped += len(batch) - len(wanted)
            if after_batch is not None:
                after_batch(offset + len(batch), summary)
    return summary


# -- jobs ------------------------------------------------------------------------------------


def check_upload(name: str, data: bytes) -> str:
    """The file's format ('csv' or 'xlsx'); ImportFileError when it is too big or of a type
    that cannot be imported. (The rows are read later, in the background.)"""
    from django.template.defaultfilters import filesizeformat

    if len(data) > max_upload_bytes():
        raise ImportFileError(
            _("The file is too big: at most %(max)s, this one has %(size)s.")
            % {"max": filesizeformat(max_upload_bytes()), "size": filesizeformat(len(data))}
        )
    if not data:
        raise ImportFileError(_("The file is empty."))
    file_format = detect_format(name, data)
    if file_format == "csv":
        from .parsing import decode_csv

        decode_csv(data)
    return file_format


def jobs_of(actor):
    """The jobs someone may see: their own (a job holds their file and their rows)."""
    if actor is None or not actor.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=actor).defer("content")


def do_create_import_job(
    actor, *, name: str, data: bytes, entity: str, approve_new: bool = False,
    language: str | None = None,
) -> ImportJob:
    """Store the upload and queue its check. PermissionDenied for people who may not import;
    ImportFileError for a file that cannot be imported."""
    if actor is None or not actor.is_authenticated or not may_import(actor):
        raise PermissionDenied
    mapping_for(entity)
    if approve_new and not is_staff(actor):
        raise PermissionDenied
    file_format = check_upload(name, data)
    job = ImportJob.objects.create(
        entity=entity,
        created_by=actor,
        original_name=(name or "import")[-255:],
        file_format=file_format,
        content=data,
        size=len(data),
        language=language or translation.get_language() or "pl",
        approve_new=approve_new,
    )
    from .tasks import check_import_job

    transaction.on_commit(lambda: check_import_job.enqueue(job.pk))
    return job


def _save_job(job: ImportJob, **values) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def _fail(job: ImportJob, message: str) -> None:
    _save_job(job, status=ImportJob.Status.FAILED, failure=message, finished_at=timezone.now())


def _table_of(job: ImportJob) -> Table:
    return read_table(bytes(job.content), job.original_name)


def run_check(job_id: int) -> None:
    """The background check of an uploaded file. Safe to run twice: a job that is already
    checked (or further) is left alone; one whose check was interrupted starts again."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATING]
    ).update(status=ImportJob.Status.VALIDATING, processed_rows=0)
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            table = _table_of(job)
            mapping_for(job.entity).check_header(table)
        except ImportFileError as error:
            _fail(job, error.message)
            return
        _save_job(job, total_rows=len(table))
        try:
            report = check_table(
                job.created_by, job.entity, table, Options(approve_new=job.approve_new),
                progress=lambda done, total: _save_job(job, processed_rows=done),
            )
        except Exception:
            _fail(job, _("The file could not be checked because of an unexpected error. "
                         "Nothing was imported."))
            raise
        _save_job(
            job,
            status=ImportJob.Status.VALIDATED,
            processed_rows=report.total,
            to_create=report.to_create,
            to_update=report.to_update,
            unchanged=report.unchanged,
            invalid_rows=report.invalid,
            errors=report.errors[:MAX_STORED_ERRORS],
            ignored_columns=report.ignored_columns,
            validated_at=timezone.now(),
        )


def do_confirm_import_job(actor, job: ImportJob, *, accept_valid: bool = False) -> ImportJob:
    """The person confirms the preview: the import is queued. With row errors, only if they
    accept that just the valid rows are imported (ValidationError otherwise)."""
    if actor is None or not actor.is_authenticated or job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status != ImportJob.Status.VALIDATED:
        raise ImportStateError(_("This import is not waiting for a confirmation."))
    if job.has_errors and not accept_valid:
        raise ValidationError(
            ngettext(
                "%(count)d row has errors. Fix the file and upload it again, or choose to "
                "import only the valid rows.",
                "%(count)d rows have errors. Fix the file and upload it again, or choose to "
                "import only the valid rows.",
                job.invalid_rows,
            ) % {"count": job.invalid_rows},
            code="errors_not_accepted",
        )
    if not job.can_confirm:
        raise ImportStateError(_("There is nothing to import: no row adds or changes anything."))
    now = timezone.now()
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED).update(
            status=ImportJob.Status.IMPORTING, processed_rows=0, accept_valid=bool(accept_valid),
            confirmed_at=now, summary={},
        )
        if not claimed:
            raise ImportStateError(_("This import is not waiting for a confirmation."))
        job.refresh_from_db()
        audit.record(actor, "import.confirmed", job, {
            "entity": [None, job.entity],
            "to_create": [None, job.to_create],
            "to_update": [None, job.to_update],
            "invalid_rows": [None, job.invalid_rows],
        })
        from .tasks import import_job

        transaction.on_commit(lambda: import_job.enqueue(job.pk))
    return job


def run_import(job_id: int) -> None:
    """The background import of a confirmed job, in batches. Safe to run twice: it resumes
    after the last committed batch, and does nothing for a finished job."""
    job = ImportJob.objects.select_related("created_by").filter(
        pk=job_id, status=ImportJob.Status.IMPORTING
    ).first()
    if job is None:
        return
    with translation.override(job.language):
        try:
            table = _table_of(job)
        except ImportFileError as error:
            _fail(job, error.message)
            return
        # The rows that had errors when checked stay out even if they would pass now: the
        # person accepted what the preview showed. (Every row is checked again as it is saved.)
        skip_rows = {error["row"] for error in job.errors}

        def after_batch(done: int, summary: ImportSummary) -> None:
            _save_job(job, processed_rows=done, summary=summary.as_dict())

        try:
            summary = do_import_table(
                job.created_by, job.entity, table, Options(approve_new=job.approve_new),
                skip_rows=skip_rows, start=job.processed_rows,
                summary=ImportSummary.from_dict(job.summary or {}), after_batch=after_batch,
            )
        except Exception:
            _fail(job, _("An unexpected error stopped the import after %(done)d of %(total)d "
                         "rows; the rows before it are saved.")
                  % {"done": job.processed_rows, "total": job.total_rows})
            raise
        _save_job(
            job, status=ImportJob.Status.DONE, processed_rows=len(table),
            summary=summary.as_dict(), finished_at=timezone.now(),
        )
