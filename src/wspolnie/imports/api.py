"""/api/imports/: import jobs (upload, progress, errors, confirm) and exports.

Imports: staff, and the admins of an organisation (for rows of their organisations); a job is
seen only by the person who uploaded it (anyone else gets 404). Exports are public: what they
hold depends on the caller (a token or the session), never more than the caller may see.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import BaseModel

from wspolnie.api.auth import REQUIRED
from wspolnie.api.auth import caller as _caller
from wspolnie.api.schemas import ErrorOut, Id

from . import services, views
from .exports import FORMATS
from .mappings import MAPPINGS, may_import
from .models import ImportJob
from .parsing import ImportFileError, max_upload_bytes

router = Router(tags=["imports"])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class JobOut(Schema):
    id: int
    entity: str
    status: str
    status_label: str
    file_name: str
    file_format: str
    created: datetime
    total_rows: int
    processed_rows: int
    percent: int
    to_create: int
    to_update: int
    unchanged: int
    invalid_rows: int
    ignored_columns: list[str]
    errors: list[RowErrorOut]
    summary: dict
    failure: str
    url: str


class ImportConfirmIn(BaseModel):
    #: Required (true) when some rows have errors: only the valid rows are imported then.
    accept_valid: bool = False


def job_out(job: ImportJob, with_errors: bool = True) -> dict:
    return {
        "id": job.pk,
        "entity": job.entity,
        "status": job.status,
        "status_label": job.get_status_display(),
        "file_name": job.original_name,
        "file_format": job.file_format,
        "created": job.created,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "percent": job.percent,
        "to_create": job.to_create,
        "to_update": job.to_update,
        "unchanged": job.unchanged,
        "invalid_rows": job.invalid_rows,
        "ignored_columns": job.ignored_columns,
        "errors": job.errors if with_errors else [],
        "summary": job.summary or {},
        "failure": job.failure,
        "url": reverse("imports:detail", kwargs={"pk": job.pk}),
    }


def _require_importer(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise HttpError(
            403, _("Only staff and the admins of an organisation may import data.")
        )


@router.post(
    "/jobs",
    response={201: JobOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    auth=REQUIRED,
    summary="Upload a CSV or XLSX file; it is checked in the background",
)
def upload(
    request,
    file: File[UploadedFile],
    entity: Form[str] = "organisations",
    approve_new: Form[bool] = False,
):
    _require_importer(request)
    if entity not in MAPPINGS:
        raise HttpError(400, _("Unknown kind of data: %(entity)s.") % {"entity": entity})
    if file.size is not None and file.size > max_upload_bytes():
        raise HttpError(413, _("The file is too big."))
    try:
        job = services.do_create_import_job(
            request.user, name=file.name or "", data=file.read(), entity=entity,
            approve_new=approve_new, language=request.LANGUAGE_CODE,
        )
    except PermissionDenied:
        raise HttpError(403, _("Only staff can approve new organisations.")) from None
    except ImportFileError as error:
        raise HttpError(400, error.message) from None
    return Status(201, job_out(job))


@router.get("/jobs", response={200: list[JobOut], 401: ErrorOut}, auth=REQUIRED,
            summary="Your imports, newest first (without their row errors)")
def list_jobs(request):
    return [job_out(job, with_errors=False) for job in services.jobs_of(request.user)[:100]]


@router.get("/jobs/{pk}", response={200: JobOut, 401: ErrorOut, 404: ErrorOut},
            auth=REQUIRED, summary="One import: status, progress, counts and row errors")
def get_job(request, pk: Id):
    return job_out(get_object_or_404(services.jobs_of(request.user), pk=pk))


@router.post(
    "/jobs/{pk}/confirm",
    response={202: JobOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=REQUIRED,
    summary="Import a checked file (with errors: only with accept_valid=true)",
)
def confirm(request, pk: Id, payload: ImportConfirmIn | None = None):
    job = get_object_or_404(services.jobs_of(request.user), pk=pk)
    accept_valid = bool(payload and payload.accept_valid)
    try:
        job = services.do_confirm_import_job(request.user, job, accept_valid=accept_valid)
    except ValidationError as error:
        raise HttpError(400, error.messages[0]) from None
    except services.ImportStateError as error:
        raise HttpError(409, error.message) from None
    return Status(202, job_out(job))


# -- exports ---------------------------------------------------------------------------------


def _file(media_type: str, description: str, schema: dict | None = None) -> dict:
    """The 200 answer of an endpoint that answers with a file (not a ninja schema)."""
    content = {media_type: {"schema": schema or {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": description, "content": content}}}


@router.get("/exports/hsds", response={400: ErrorOut, 401: ErrorOut},
            summary="Approved organisations in Open Referral HSDS 3 (JSON)",
            openapi_extra=_file(
                "application/json",
                "An HSDS 3 page of every organisation, with its services, locations and contacts",
                {"type": "object", "required": ["total_items", "language", "contents"],
                 "properties": {"total_items": {"type": "integer"}, "language": {"type": "string"},
                                "contents": {"type": "array", "items": {"type": "object"}}}},
            ))
def export_hsds(request, language: str | None = None):
    from django.conf import settings

    codes = [code for code, _name in settings.LANGUAGES]
    if language is not None and language not in codes:
        raise HttpError(400, _("Unknown language: %(code)s.") % {"code": language})
    return views.hsds_response(_caller(request), language or request.LANGUAGE_CODE)


def _export_operation(entity: str, file_format: str):
    def export(request):
        return views.export_response(entity, file_format, _caller(request))

    export.__name__ = f"export_{entity}_{file_format}"
    return export


# One fixed path per file (/exports/organisations.csv, …), like the pages' /exports/….
for _entity in MAPPINGS:
    for _format in FORMATS:
        router.add_api_operation(
            f"/exports/{_entity}.{_format}", ["GET"], _export_operation(_entity, _format),
            response={401: ErrorOut},
            summary=f"{_entity.capitalize()} as {_format.upper()} (the import's columns)",
            openapi_extra=_file(FORMATS[_format].split(";")[0], f"The {_format.upper()} file"),
            operation_id=f"imports_export_{_entity}_{_format}",
        )
