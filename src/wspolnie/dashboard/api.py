"""/api/dashboard/: the coordinator dashboard's figures (staff) and the coverage map (public:
aggregate counts only, as on the public page)."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, ValidationErrorOut

from .forms import PeriodForm
from .selectors import CoverageLine, Figure, coverage_map, dashboard

router = Router(tags=["dashboard"])


class DashboardPeriodIn(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None
    step: Literal["month", "quarter"] | None = None


class DashboardPeriodOut(Schema):
    start: datetime.date
    end: datetime.date
    step: str


class DashboardRowOut(Schema):
    key: str
    label: str
    values: list[int | float | None]


class DashboardFigureOut(Schema):
    key: str
    title: str
    first_column: str
    unit: str
    series: list[str]
    rows: list[DashboardRowOut]
    note: str


class DashboardNetworkOut(Schema):
    computed_at: datetime.datetime | None
    organisations: int
    ties: int
    density: float
    isolated_count: int


class DashboardOut(Schema):
    period: DashboardPeriodOut
    totals: dict[str, int | float | None]
    figures: list[DashboardFigureOut]
    network: DashboardNetworkOut | None


def _figure_out(figure: Figure) -> dict:
    return {
        "key": figure.key, "title": figure.title, "first_column": figure.first_column,
        "unit": figure.unit, "series": [s.label for s in figure.series], "note": figure.note,
        "rows": [{"key": r.key, "label": r.label, "values": r.values} for r in figure.rows],
    }


@router.get("/figures", auth=REQUIRED,
            response={200: DashboardOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
            summary="Every chart of the coordinator dashboard, for a period (staff)")
def figures(request, period: Query[DashboardPeriodIn]):
    if not request.user.is_staff:
        raise HttpError(403, _("Only staff can see the coordinator dashboard."))
    asked = {name: value.isoformat() if isinstance(value, datetime.date) else value
             for name, value in period.dict().items() if value is not None}
    form = PeriodForm(asked or None)
    if form.is_bound and not form.is_valid():
        return Status(422, {"detail": " ".join(str(m) for ms in form.errors.values()
                                               for m in ms),
                            "errors": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    board = dashboard(form.period())
    network = board.network
    return {
        "period": {"start": board.period.start, "end": board.period.end,
                   "step": board.period.step},
        "totals": board.totals,
        "figures": [_figure_out(f) for f in board.figures()],
        "network": None if network is None else {
            "computed_at": network.computed_at, "organisations": network.organisations,
            "ties": network.ties, "density": network.density,
            "isolated_count": network.isolated_count,
        },
    }


class CoverageMapLineOut(Schema):
    key: str
    label: str
    organisations: int
    services: int
    channels: int
    white_spot: bool


class CoverageMapGridRowOut(Schema):
    community: str
    organisations: list[int]


class CoverageMapOut(Schema):
    communities: list[CoverageMapLineOut]
    languages: list[CoverageMapLineOut]
    districts: list[CoverageMapLineOut]
    citywide_channels: int
    grid_districts: list[str]
    grid: list[CoverageMapGridRowOut]


def _line(line: CoverageLine) -> dict:
    return {"key": line.key, "label": line.label, "organisations": line.organisations,
            "services": line.services, "channels": line.channels,
            "white_spot": line.white_spot}


@router.get("/coverage", response={200: CoverageMapOut},
            summary="Organisations, services and channels per community, language and district")
def coverage(request):
    found = coverage_map()
    return {
        "communities": [_line(line) for line in found.communities],
        "languages": [_line(line) for line in found.languages],
        "districts": [_line(line) for line in found.districts],
        "citywide_channels": found.citywide_channels,
        "grid_districts": [d.slug for d in found.grid.districts],
        "grid": [{"community": c.slug, "organisations": values}
                 for c, values in found.grid.rows()],
    }
