"""The coordinator dashboard (staff), its chart downloads, and the public coverage map
(aggregate counts only). Thin: the numbers come from selectors.py."""

from __future__ import annotations

import tablib
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from wspolnie.core.decorators import staff_required
from wspolnie.lib.spreadsheets import CSV_CONTENT_TYPE, csv_bytes

from .forms import PeriodForm
from .selectors import FIGURE_KEYS, CoverageMap, coverage_map, dashboard, figure

#: Download format → content type.
DOWNLOADS = {"svg": "image/svg+xml", "png": "image/png", "csv": CSV_CONTENT_TYPE}


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    period = form.period()
    board = dashboard(period)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(request, "dashboard/index.html", {
        "form": form,
        "period": period,
        "board": board,
        "query": query,
        "sections": [
            ("organisations", _("Organisations"), board.organisations),
            ("meetings", _("Meetings"), [board.meetings.meetings, board.meetings.registrations,
                                         board.meetings.attendance,
                                         board.meetings.organisations]),
            ("reach", _("Announcement reach"), board.reach),
        ],
    })


@staff_required
def download(request: HttpRequest, chart: str, extension: str) -> HttpResponse:
    if chart not in FIGURE_KEYS or extension not in DOWNLOADS:
        raise Http404
    form = PeriodForm(request.GET)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            " ".join(str(m) for messages in form.errors.values() for m in messages),
            content_type="text/plain; charset=utf-8",
        )
    period = form.period()
    drawn = figure(chart, period).chart()
    if extension == "svg":
        body = drawn.svg_file()
    elif extension == "png":
        body = drawn.png()
    else:
        body = csv_bytes(drawn.dataset())
    response = HttpResponse(body, content_type=DOWNLOADS[extension])
    response["Content-Disposition"] = (
        f'attachment; filename="{chart}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{extension}"'
    )
    return response


def coverage_dataset(found: CoverageMap) -> tablib.Dataset:
    data = tablib.Dataset(headers=[_("Dimension"), _("Name"), _("Organisations"),
                                   _("Services"), _("Channels")])
    data.title = "coverage"
    for dimension, lines in ((_("Community"), found.communities),
                             (_("Language"), found.languages),
                             (_("District"), found.districts)):
        for line in lines:
            data.append([dimension, line.label, line.organisations, line.services,
                         line.channels])
    return data


def coverage(request: HttpRequest) -> HttpResponse:
    """Public: how many organisations, services and channels work with each community,
    language and district — and where nobody does."""
    return render(request, "dashboard/coverage.html", {"coverage": coverage_map()})


def coverage_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csv_bytes(coverage_dataset(coverage_map())),
                            content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
    return response
