"""The coordinator dashboard's figures: aggregate SQL only (GROUP BY), a fixed number of queries
however many organisations, meetings and announcements there are (tests/dashboard/
test_bounded_queries.py), nothing cached — every page view reads the current numbers.

Individual people never appear: registrations are only counted, and an organisation "took
part" in a meeting when somebody checked in with its name given at registration (matched to a
directory organisation, letter case and spaces ignored)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Case, Count, IntegerField, Q, When
from django.db.models import Value as Constant
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.directory.models import Community, District, Language
from wspolnie.distribution.selectors import overview_of
from wspolnie.lib.charts import Chart, Series, Value
from wspolnie.meetings.models import Event, Registration
from wspolnie.organisations.models import Organisation
from wspolnie.services.models import Service

#: The longest period the dashboard shows (its time series have one row per month at most).
MAX_MONTHS = 120
DEFAULT_MONTHS = 12
MONTH, QUARTER = "month", "quarter"


# Periods -------------------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """How many calendar months the days from start to end (inclusive) touch."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Bucket:
    key: str  # "2026-03" or "2026-Q1"
    start: datetime.date  # the first day
    label: str


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    step: str = MONTH

    @classmethod
    def default(cls, today: datetime.date | None = None) -> Period:
        """The last 12 months, this one included."""
        today = today or timezone.localdate()
        return cls(_add_months(_month_start(today), 1 - DEFAULT_MONTHS), today, MONTH)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[from, to) as aware datetimes in the site's time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1),
                                        datetime.time.min, zone)
        return start, end

    def buckets(self) -> list[Bucket]:
        found, month = [], _month_start(self.start)
        while month <= self.end:
            if self.step == QUARTER:
                quarter = (month.month - 1) // 3 + 1
                first = datetime.date(month.year, 3 * quarter - 2, 1)
                found.append(Bucket(f"{month.year}-Q{quarter}", first,
                                    _("Q%(quarter)s %(year)s")
                                    % {"quarter": quarter, "year": month.year}))
                month = _add_months(first, 3)
            else:
                found.append(Bucket(month.strftime("%Y-%m"), month,
                                    date_format(month, "YEAR_MONTH_FORMAT")))
                month = _add_months(month, 1)
        return found

    def bucket_of(self, day: datetime.date) -> str:
        if self.step == QUARTER:
            return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        return day.strftime("%Y-%m")


# Figures -------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    values: list[Value]
    #: The language of the label (for lang="…" on language names).
    lang: str = ""


@dataclass
class Figure:
    """One chart's numbers: its rows (one per category or period), one value per series."""

    key: str
    title: str
    description: str
    first_column: str
    series: list[Series]
    rows: list[Row]
    unit: str = ""
    #: What the numbers count, in a sentence under the table.
    note: str = ""

    def chart(self) -> Chart:
        return Chart(self.key, self.title, self.description, self.series,
                     [(row.label, row.values) for row in self.rows], unit=self.unit,
                     first_column=self.first_column)

    @property
    def empty(self) -> bool:
        return not any(value for row in self.rows for value in row.values)


def _description(title: str) -> str:
    return _("%(title)s; the table below gives the same numbers.") % {"title": title}


def _figure(key, title, first_column, series, rows, **extra) -> Figure:
    return Figure(key, title, _description(title), first_column, series, rows, **extra)


def _counts(queryset, field_name: str) -> dict:
    """{value of field_name: number of distinct rows}: one GROUP BY query."""
    return {
        row[field_name]: row["n"]
        for row in queryset.order_by().values(field_name).annotate(n=Count("pk", distinct=True))
        if row[field_name] is not None
    }


def _through_counts(queryset, relation: str, column: str) -> dict:
    """{term id: number of the queryset's rows tagged with it} for a many-to-many `relation`:
    one GROUP BY over its through table, the queryset's ids selected once in a subquery (not a
    join of the wide rows for every tag)."""
    through = getattr(queryset.model, relation).through
    owner = next(f.attname for f in through._meta.concrete_fields
                 if f.is_relation and f.related_model is queryset.model)
    return {
        row[column]: row["n"]
        for row in through.objects.filter(**{f"{owner}__in": queryset.values("pk")})
        .order_by().values(column).annotate(n=Count(owner, distinct=True))
    }


def organisations_by_kind() -> Figure:
    counts = _counts(Organisation.objects.public(), "kind")
    rows = [Row(value, str(label), [counts.get(value, 0)])
            for value, label in Organisation.Kind.choices]
    return _figure("organisations-by-kind", _("Organisations by kind"), _("Kind"),
                   [Series(_("Organisations"))], rows)


def _by_vocabulary(key, title, first_column, vocabulary, relation) -> Figure:
    counts = _counts(Organisation.objects.public(), relation)
    rows = [Row(term.slug, term.name, [counts.get(term.pk, 0)]) for term in vocabulary]
    return _figure(key, title, first_column, [Series(_("Organisations"))], rows)


def organisations_by_community() -> Figure:
    return _by_vocabulary("organisations-by-community", _("Organisations by community"),
                          _("Community"), Community.objects.all(), "communities")


def organisations_by_district() -> Figure:
    return _by_vocabulary("organisations-by-district", _("Organisations by district"),
                          _("District"), District.objects.all(), "districts")


def organisations_by_language() -> Figure:
    counts = _counts(Organisation.objects.public(), "languages")
    rows = sorted(
        (Row(code, Language(code=code).native_name, [n], lang=code)
         for code, n in counts.items()),
        key=lambda row: (-row.values[0], row.label),
    )
    return _figure("organisations-by-language", _("Organisations by language"),
                   _("Language"), [Series(_("Organisations"))], rows,
                   note=_("Only the languages at least one organisation works in."))


def _month_starts(period: Period) -> list[datetime.date]:
    """The first days of the months of the period's buckets (from its first quarter's first
    month, by quarter), and of the month after its end."""
    first = _month_start(period.start)
    if period.step == QUARTER:
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    return [_add_months(first, i) for i in range(months_between(first, period.end) + 1)]


def _month_index(moment: str, period: Period) -> Case:
    """The month of the period that `moment` falls in, counted in the site's time zone, as an
    index into _month_starts(period) (-1: before the period's first month; None: after it).

    A CASE of plain comparisons against the months' first moments: the database compares
    values, where TruncMonth would call a function per row (a Python one on SQLite)."""
    zone = timezone.get_current_timezone()
    starts = [datetime.datetime.combine(day, datetime.time.min, zone)
              for day in _month_starts(period)]
    return Case(
        When(**{f"{moment}__lt": starts[0]}, then=Constant(-1)),
        *(When(**{f"{moment}__lt": start}, then=Constant(index))
          for index, start in enumerate(starts[1:])),
        default=None, output_field=IntegerField(),
    )


def _per_month(queryset, moment: str, period: Period,
               **counts) -> dict[datetime.date, dict[str, int]]:
    """{first day of month: {name: count}} for the period's months — one GROUP BY query."""
    months = _month_starts(period)
    rows = (queryset.order_by().annotate(month_index=_month_index(moment, period))
            .values("month_index").annotate(**counts))
    found: dict[datetime.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        index = row["month_index"]
        if index is None or index < 0:
            continue
        for name in counts:
            found[months[index]][name] += row[name]
    return found


def _by_bucket(period: Period, per_month: dict) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for month, counts in per_month.items():
        for name, n in counts.items():
            found[period.bucket_of(month)][name] += n
    return found


def organisations_added(period: Period) -> Figure:
    start, end = period.moments()
    counts = _by_bucket(period, _per_month(
        Organisation.objects.filter(created__gte=start, created__lt=end), "created", period,
        added=Count("pk"),
        approved=Count("pk", filter=Q(status=Organisation.Status.APPROVED)),
    ))
    rows = [Row(b.key, b.label, [counts[b.key]["added"], counts[b.key]["approved"]])
            for b in period.buckets()]
    return _figure("organisations-added", _("Organisations added to the directory"),
                   _("Period"), [Series(_("Added")), Series(_("Approved by now"))], rows)


def held_meetings(period: Period):
    """Meetings of the period that took place: not drafts or cancelled, already over."""
    start, end = period.moments()
    return (Event.objects.filter(starts_at__gte=start, starts_at__lt=end,
                                 ends_at__lt=timezone.now())
            .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED]))


@dataclass
class MeetingFigures:
    meetings: Figure
    registrations: Figure
    attendance: Figure
    organisations: Figure
    totals: dict[str, Value] = field(default_factory=dict)


def _rate(attended: int, expected: int) -> int | None:
    return round(100 * attended / expected) if expected else None


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def meeting_figures(period: Period) -> MeetingFigures:
    R = Registration.Status
    buckets = period.buckets()
    held = held_meetings(period)
    meetings = _by_bucket(period, _per_month(held, "starts_at", period, n=Count("pk")))
    registrations = _by_bucket(period, _per_month(
        Registration.objects.filter(event__in=held.values("pk")), "event__starts_at", period,
        registered=Count("pk", filter=~Q(status=R.CANCELLED)),
        expected=Count("pk", filter=Q(status__in=Registration.HOLDING_A_SEAT)),
        attended=Count("pk", filter=Q(status=R.ATTENDED)),
    ))

    # First-time and returning organisations: every (organisation name, month) with a check-in
    # at a meeting that took place, up to the period's end (earlier months tell who returns).
    _start, end = period.moments()
    attended = (Registration.objects
                .filter(status=R.ATTENDED, event__ends_at__lt=timezone.now(),
                        event__starts_at__lt=end)
                .exclude(organisation_name="")
                .exclude(event__status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
                .order_by()
                .annotate(month_index=_month_index("event__starts_at", period))
                .values_list("organisation_name", "month_index").distinct())
    known = {_name_key(name): pk for pk, name in Organisation.objects.public()
             .order_by().values_list("pk", "name")}
    # (Months before the period's first one all count as one: they only tell who returns.)
    month_starts = _month_starts(period)
    before = _add_months(month_starts[0], -1)
    months_by_org: dict[int, set[datetime.date]] = defaultdict(set)
    for name, index in attended:
        pk = known.get(_name_key(name))
        if pk is not None and index is not None:
            months_by_org[pk].add(before if index < 0 else month_starts[index])
    first_time: dict[str, int] = defaultdict(int)
    returning: dict[str, int] = defaultdict(int)
    bucket_starts = {b.key: b.start for b in buckets}
    # (A few hundred months at most: each one's bucket computed once, not once per organisation.)
    bucket_of = {month: period.bucket_of(month) for month in (before, *month_starts)}
    period_first = _month_start(period.start)
    for months in months_by_org.values():
        first_key = bucket_of[min(months)]
        for key in {bucket_of[m] for m in months if m >= period_first}:
            if key not in bucket_starts:
                continue
            if first_key == key:
                first_time[key] += 1
            else:
                returning[key] += 1

    def rows(*values):
        return [Row(b.key, b.label, [value(b.key) for value in values]) for b in buckets]

    total = {name: sum(counts[name] for counts in registrations.values())
             for name in ("registered", "expected", "attended")}
    return MeetingFigures(
        meetings=_figure("meetings-held", _("Meetings held"), _("Period"),
                         [Series(_("Meetings"))], rows(lambda k: meetings[k]["n"])),
        registrations=_figure(
            "registrations", _("Registrations and check-ins"), _("Period"),
            [Series(_("Registrations")), Series(_("Checked in"))],
            rows(lambda k: registrations[k]["registered"],
                 lambda k: registrations[k]["attended"]),
            note=_("Registrations for the meetings held (cancelled ones left out); checked in: "
                   "people the organisers marked present at the door."),
        ),
        attendance=_figure(
            "attendance-rate", _("Attendance rate"), _("Period"), [Series(_("Attendance"))],
            rows(lambda k: _rate(registrations[k]["attended"], registrations[k]["expected"])),
            unit="%",
            note=_("Checked in out of confirmed registrations, for the meetings held; “—”: no "
                   "confirmed registration in that period."),
        ),
        organisations=_figure(
            "organisations-attending", _("First-time and returning organisations"),
            _("Period"), [Series(_("First time")), Series(_("Returning"), COLOURS_RETURNING)],
            rows(lambda k: first_time[k], lambda k: returning[k]),
            note=_("Organisations whose people checked in at a meeting, by the organisation "
                   "name given at registration: first time — the organisation's first meeting "
                   "ever; returning — it had taken part in an earlier one."),
        ),
        totals={
            "meetings": sum(c["n"] for c in meetings.values()),
            "registrations": total["registered"],
            "attendance_rate": _rate(total["attended"], total["expected"]),
            "organisations_taking_part": sum(
                1 for months in months_by_org.values()
                if any(_month_start(period.start) <= m <= period.end for m in months)),
        },
    )


COLOURS_RETURNING = "#0b5394"


# Announcement reach (distribution) -----------------------------------------------------------


def reach_figures(period: Period) -> tuple[Figure, Figure, int]:
    """(reach by community, reach by language, number of announcements): the announcements
    published in the period, each target counted as reached when at least one channel of its
    distribution plan published it (wspolnie.distribution's coverage overview)."""
    start, end = period.moments()
    announcements = list(
        Announcement.objects.filter(status=Announcement.Status.PUBLISHED,
                                    publish_at__gte=start, publish_at__lt=end)
        .prefetch_related("communities", "languages").order_by("-publish_at", "-id")
    )
    overview = overview_of(announcements)
    series = [Series(_("Targeted"), "#0b5394"), Series(_("Reached"), "#1d6b2c")]
    communities = _figure(
        "reach-by-community", _("Announcement reach by community"), _("Community"), series,
        [Row(r.key, r.label, [r.targeted, r.reached]) for r in overview.communities],
    )
    languages = _figure(
        "reach-by-language", _("Announcement reach by language"), _("Language"), series,
        [Row(r.key, r.label, [r.targeted, r.reached], lang=r.key) for r in overview.languages],
    )
    return communities, languages, len(announcements)


# Coverage map ("white spots") ----------------------------------------------------------------


@dataclass
class CoverageLine:
    key: str
    label: str
    organisations: int
    services: int
    channels: int
    lang: str = ""

    @property
    def white_spot(self) -> bool:
        """Nobody works here: no organisation, no service, no channel."""
        return not (self.organisations or self.services or self.channels)


@dataclass
class Grid:
    """Organisations per community (rows) and district (columns)."""

    communities: list[Community]
    districts: list[District]
    cells: dict[tuple[int, int], int]

    def rows(self) -> list[tuple[Community, list[int]]]:
        return [(c, [self.cells.get((c.pk, d.pk), 0) for d in self.districts])
                for c in self.communities]

    @property
    def empty_cells(self) -> int:
        return sum(1 for _c, values in self.rows() for v in values if not v)


@dataclass
class CoverageMap:
    communities: list[CoverageLine]
    languages: list[CoverageLine]
    districts: list[CoverageLine]
    grid: Grid
    #: Active channels that reach the whole city (counted in every district).
    citywide_channels: int

    @property
    def white_spots(self) -> list[CoverageLine]:
        return [line for line in self.communities + self.languages + self.districts
                if line.white_spot]


def coverage_map() -> CoverageMap:
    """Public organisations, services and channels per community, language and district;
    only approved organisations and their active services and channels count (the same
    numbers anyone could count in the directory)."""
    organisations = Organisation.objects.public()
    services = Service.objects.public()
    channels = Channel.objects.public()
    communities = list(Community.objects.all())
    districts = list(District.objects.all())

    by_community = [_through_counts(q, "communities", "community_id")
                    for q in (organisations, services, channels)]
    community_lines = [CoverageLine(c.slug, c.name, *(counts.get(c.pk, 0)
                                                      for counts in by_community))
                       for c in communities]

    by_language = [_through_counts(q, "languages", "language_id")
                   for q in (organisations, services, channels)]
    codes = sorted(set().union(*by_language),
                   key=lambda code: (-sum(counts.get(code, 0) for counts in by_language), code))
    language_lines = [CoverageLine(code, Language(code=code).native_name,
                                   *(counts.get(code, 0) for counts in by_language), lang=code)
                      for code in codes]

    citywide = channels.filter(citywide=True).count()
    locations = Service.locations.through
    by_district = [
        _through_counts(organisations, "districts", "district_id"),
        {row["location__district"]: row["n"]
         for row in locations.objects.filter(service__in=services.values("pk"),
                                             location__district__isnull=False)
         .order_by().values("location__district")
         .annotate(n=Count("service_id", distinct=True))},
        _through_counts(channels.filter(citywide=False), "districts", "district_id"),
    ]
    district_lines = [
        CoverageLine(d.slug, d.name, by_district[0].get(d.pk, 0), by_district[1].get(d.pk, 0),
                     by_district[2].get(d.pk, 0) + citywide)
        for d in districts
    ]

    through = Organisation.communities.through
    cells = {
        (row["community_id"], row["organisation__districts"]): row["n"]
        for row in through.objects.filter(organisation__status=Organisation.Status.APPROVED,
                                          organisation__districts__isnull=False)
        .order_by().values("community_id", "organisation__districts")
        .annotate(n=Count("organisation_id", distinct=True))
    }
    return CoverageMap(community_lines, language_lines, district_lines,
                       Grid(communities, districts, cells), citywide)


# Network (wspolnie.network, when installed) --------------------------------------------------


@dataclass
class NetworkFigures:
    """What the network app stored at its last computation (the dashboard never computes the
    graph)."""

    computed_at: datetime.datetime | None
    organisations: int
    ties: int
    density: float
    #: (name, profile URL) of organisations with no tie, at most ISOLATED_SHOWN of them.
    isolated: list[tuple[str, str]]
    isolated_count: int


ISOLATED_SHOWN = 50


def network_figures() -> NetworkFigures | None:
    """The network's stored figures, or None while the network app is not installed or has
    stored nothing yet. The network app provides them as
    `wspolnie.network.selectors.dashboard_figures() -> NetworkFigures | None`."""
    if not apps.is_installed("wspolnie.network"):
        return None
    try:
        from wspolnie.network import selectors as network
    except ImportError:
        return None
    provider = getattr(network, "dashboard_figures", None)
    return provider() if provider is not None else None


# Everything ----------------------------------------------------------------------------------


@dataclass
class Dashboard:
    period: Period
    organisations: list[Figure]
    meetings: MeetingFigures
    reach: list[Figure]
    announcements: int
    network: NetworkFigures | None
    totals: dict[str, Value]

    def figures(self) -> list[Figure]:
        m = self.meetings
        return [*self.organisations, m.meetings, m.registrations, m.attendance,
                m.organisations, *self.reach]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures() if f.key == key), None)


#: Every chart's key, in page order (the download URLs and the API name them).
FIGURE_KEYS = (
    "organisations-by-kind", "organisations-by-community", "organisations-by-language",
    "organisations-by-district", "organisations-added", "meetings-held", "registrations",
    "attendance-rate", "organisations-attending", "reach-by-community", "reach-by-language",
)


def figure(key: str, period: Period) -> Figure | None:
    """One chart's figures (for its download), computed without the rest of the dashboard."""
    if key in DIRECTORY_FIGURES:
        return DIRECTORY_FIGURES[key]()
    if key == "organisations-added":
        return organisations_added(period)
    if key.startswith("reach-"):
        return next((f for f in reach_figures(period)[:2] if f.key == key), None)
    meetings = meeting_figures(period)
    return next((f for f in (meetings.meetings, meetings.registrations, meetings.attendance,
                             meetings.organisations) if f.key == key), None)


DIRECTORY_FIGURES = {
    "organisations-by-kind": organisations_by_kind,
    "organisations-by-community": organisations_by_community,
    "organisations-by-language": organisations_by_language,
    "organisations-by-district": organisations_by_district,
}


def dashboard(period: Period) -> Dashboard:
    meetings = meeting_figures(period)
    reach_communities, reach_languages, announcements = reach_figures(period)
    totals = {
        "organisations": Organisation.objects.public().count(),
        "pending_organisations": Organisation.objects.filter(
            status=Organisation.Status.PENDING).count(),
        "services": Service.objects.public().count(),
        "channels": Channel.objects.public().count(),
        "announcements": announcements,
        **meetings.totals,
    }
    return Dashboard(
        period=period,
        organisations=[organisations_by_kind(), organisations_by_community(),
                       organisations_by_language(), organisations_by_district(),
                       organisations_added(period)],
        meetings=meetings,
        reach=[reach_communities, reach_languages],
        announcements=announcements,
        network=network_figures(),
        totals=totals,
    )
