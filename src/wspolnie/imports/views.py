from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import exports, services
from .forms import UploadForm
from .hsds import hsds_document
from .mappings import MAPPINGS, may_import
from .models import Entity, ImportJob
from .parsing import ImportFileError

#: Errors listed on the preview page (all of them are in the API and the job's data).
ERRORS_SHOWN = 500


def _require_importer(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise PermissionDenied


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    """Someone else's job is "not found", not "forbidden": its existence is not theirs."""
    return get_object_or_404(services.jobs_of(request.user), pk=pk)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                job = services.do_create_import_job(
                    request.user,
                    name=form.cleaned_data["file"].name,
                    data=form.cleaned_data["data"],
                    entity=form.cleaned_data["entity"],
                    approve_new=form.cleaned_data.get("approve_new", False),
                    language=request.LANGUAGE_CODE,
                )
            except ImportFileError as error:
                form.add_error("file", error.message)
            else:
                return redirect(job)
    else:
        form = UploadForm(user=request.user)
    page = Paginator(services.jobs_of(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {"form": form, "page": page})


def _detail_context(request: HttpRequest, job: ImportJob, confirm_error: str = "") -> dict:
    return {
        "job": job,
        "errors_shown": job.errors[:ERRORS_SHOWN],
        "more_errors": max(0, len(job.errors) - ERRORS_SHOWN),
        "import_errors": (job.summary or {}).get("errors", [])[:ERRORS_SHOWN],
        "confirm_error": confirm_error,
    }


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    return render(request, "imports/detail.html", _detail_context(request, job))


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled every second while a task works on the job. When the
    work is over, htmx reloads the page, which then shows the preview or the summary."""
    job = _own_job(request, pk)
    response = render(request, "imports/_progress.html", {"job": job})
    if not job.is_running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    accept_valid = request.POST.get("accept_valid") in ("1", "true", "on", "yes")
    try:
        services.do_confirm_import_job(request.user, job, accept_valid=accept_valid)
    except ValidationError as error:
        return render(
            request, "imports/detail.html", _detail_context(request, job, error.messages[0])
        )
    except services.ImportStateError as error:
        messages.error(request, error.message)
    return redirect(job)


# -- exports ---------------------------------------------------------------------------------


@require_GET
def export_index(request: HttpRequest) -> HttpResponse:
    entities = [(value, label) for value, label in Entity.choices if value in MAPPINGS]
    return render(request, "imports/exports.html", {
        "entities": entities, "can_import": may_import(request.user),
    })


def export_response(entity: str, file_format: str, user) -> HttpResponse:
    if entity not in MAPPINGS or file_format not in exports.FORMATS:
        raise Http404
    response = HttpResponse(
        exports.export_bytes(entity, file_format, user),
        content_type=exports.FORMATS[file_format],
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename(entity, file_format)}"'
    )
    return response


@require_GET
def export_file(request: HttpRequest, entity: str, file_format: str) -> HttpResponse:
    return export_response(entity, file_format, request.user)


def hsds_response(user, language: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(hsds_document(user, language), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename("organisations-hsds", "json")}"'
    )
    return response


@require_GET
def export_hsds(request: HttpRequest) -> HttpResponse:
    return hsds_response(request.user, request.LANGUAGE_CODE)
