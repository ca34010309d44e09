"""The calendar page: every public meeting of one month (or one week), as a month grid, a week
or a list by day, with the meetings list's filters (views.MEETING_FACETS: one filter
machinery). Events imported from member organisations' own calendars (wspolnie.calendars)
stand among the meetings, marked with their source, filtered where the filters apply."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolnie.search.facets import FacetedList, FacetedQuery

from .models import Event
from .views import MEETING_FACETS, MEETINGS

#: The city's time: the grid's days and the times shown are Wrocław's.
CITY_ZONE = zoneinfo.ZoneInfo("Europe/Warsaw")
MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")
WEEK_PATTERN = re.compile(r"([0-9]{4})-W([0-9]{2})")
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: A day cell of the grid names at most this many meetings and links to the list for the rest.
PER_DAY = 3
#: More meetings in one month than this: the list shows the first ones and says so.
MONTH_LIMIT = 500
VIEWS = ("month", "week", "list")

_ORDER = ("topic", "community", "language", "format", "series", "organiser")
CALENDAR = FacetedList(
    facets=sorted((spec for spec in MEETING_FACETS if spec.param in _ORDER),
                  key=lambda spec: _ORDER.index(spec.param)),
    text_kinds=MEETINGS.text_kinds,
    kept=("month", "week", "view"),
)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)

    @property
    def shown(self) -> list[Event]:
        return self.events[:PER_DAY]

    @property
    def more(self) -> int:
        return max(len(self.events) - PER_DAY, 0)


def parse_month(value: str | None, today: dt.date) -> dt.date | None:
    """"2026-03" → 1 March 2026; nothing → this month; anything else → None."""
    if not value:
        return today.replace(day=1)
    found = MONTH_PATTERN.fullmatch(value)
    if found is None:
        return None
    year, month = int(found[1]), int(found[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def parse_week(value: str | None, today: dt.date) -> dt.date | None:
    """"2026-W10" → the Monday of ISO week 10 of 2026; nothing → this week; else None."""
    if not value:
        return today - dt.timedelta(days=today.weekday())
    found = WEEK_PATTERN.fullmatch(value)
    if found is None:
        return None
    year, week = int(found[1]), int(found[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def week_code(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(monday: dt.date, events: list, today: dt.date) -> list[Day]:
    """The seven days of the week from `monday`, each with what takes place on it."""
    days = [Day(monday + dt.timedelta(days=n), True, monday + dt.timedelta(days=n) == today)
            for n in range(7)]
    by_date = {day.date: day for day in days}
    for event in events:
        start, end = _local_days(event)
        date = start
        while date <= end:
            if date in by_date:
                by_date[date].events.append(event)
            date += dt.timedelta(days=1)
    return days


def shift_month(first: dt.date, months: int) -> dt.date | None:
    """The first day of the month `months` away (across year ends); None outside the range."""
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return dt.date(year, month + 1, 1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CITY_ZONE)


def _local_days(event: Event) -> tuple[dt.date, dt.date]:
    """The first and last day (in Wrocław) the meeting takes place on; one that ends at
    midnight does not take place on the next day."""
    start = timezone.localtime(event.starts_at, CITY_ZONE).date()
    end = timezone.localtime(event.ends_at - dt.timedelta(microseconds=1), CITY_ZONE).date()
    return start, max(start, end)


def month_weeks(first: dt.date, events: list[Event], today: dt.date) -> list[list[Day]]:
    """The month's weeks, Monday first, each day with the meetings on it."""
    weeks = [
        [Day(date, date.month == first.month, date == today) for date in week]
        for week in calendar.Calendar(calendar.MONDAY).monthdatescalendar(first.year, first.month)
    ]
    days = {day.date: day for week in weeks for day in week if day.in_month}
    for event in events:
        start, end = _local_days(event)
        date = start
        while date <= end:
            if date in days:
                days[date].events.append(event)
            date += dt.timedelta(days=1)
    return weeks


def _feed_query(query: FacetedQuery) -> str:
    """The calendar feed's query string for the same filters (no month, no view)."""
    return FacetedQuery(MEETINGS, query.filters, query.text).query_string()


def _bad_request(request: HttpRequest, today: dt.date) -> HttpResponse:
    return render(request, "meetings/calendar_bad_month.html", {
        "this_month": today.strftime("%Y-%m"),
    }, status=400)


def calendar_page(request: HttpRequest) -> HttpResponse:
    from wspolnie.calendars import selectors as imported

    today = timezone.localtime(timezone.now(), CITY_ZONE).date()
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "month"
    if view == "week" and request.GET.get("week"):
        monday = parse_week(request.GET.get("week"), today)
        if monday is None or not FIRST_YEAR <= (monday + dt.timedelta(days=6)).year <= LAST_YEAR:
            return _bad_request(request, today)
        first = monday.replace(day=1)
    else:
        first = parse_month(request.GET.get("month"), today)
        if first is None:
            return _bad_request(request, today)
        # The week of a month: this week in this month, else the month's first week.
        monday = (today if first == today.replace(day=1) else first)
        monday -= dt.timedelta(days=monday.weekday())
    if view == "week":
        start, end = monday, monday + dt.timedelta(days=7)
    else:
        start, end = first, shift_month(first, 1) or dt.date(LAST_YEAR + 1, 1, 1)
    query = CALENDAR.from_params(request.GET)
    query.kept.pop("week", None)
    query.kept.update(month=first.strftime("%Y-%m"), view=view)
    if view == "week":
        query.kept["week"] = week_code(monday)
    base = Event.objects.public().filter(
        starts_at__lt=_midnight(end), ends_at__gt=_midnight(start))
    found = query.apply(base).order_by("starts_at", "pk").select_related("series")
    events = list(found[:MONTH_LIMIT + 1])
    from_members = imported.between(_midnight(start), _midnight(end), query.filters,
                                    query.text, limit=MONTH_LIMIT + 1)
    truncated = len(events) > MONTH_LIMIT or len(from_members) > MONTH_LIMIT
    events = sorted(
        events[:MONTH_LIMIT] + from_members[:MONTH_LIMIT],
        key=lambda item: (item.starts_at, getattr(item, "is_imported", False), item.pk),
    )[:MONTH_LIMIT]
    weeks = month_weeks(first, events, today)
    days_with_events = [day for week in weeks for day in week if day.in_month and day.events]
    previous, following = shift_month(first, -1), shift_month(first, 1)
    context = {
        "first": first,
        "view": view,
        "weeks": weeks,
        "weekdays": [day.date for day in weeks[0]],
        "days": days_with_events,
        "count": len(events),
        "truncated": truncated,
        "previous_query": query.query_string(month=previous.strftime("%Y-%m"))
        if previous else "",
        "next_query": query.query_string(month=following.strftime("%Y-%m")) if following else "",
        "today_query": query.query_string(month=today.strftime("%Y-%m")),
        "is_this_month": first == today.replace(day=1),
        "month_query": query.query_string(view="month", week=None),
        "week_query": query.query_string(view="week", week=week_code(monday)),
        "list_query": query.query_string(view="list", week=None),
        "feed_query": _feed_query(query),
        **query.context(base, text_label=_("Search the meetings")),
    }
    if view == "week":
        previous_week, next_week = monday - dt.timedelta(days=7), monday + dt.timedelta(days=7)
        context.update({
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "week_days": week_days(monday, events, today),
            "is_this_week": start <= today < end,
            "today_query": query.query_string(
                month=today.strftime("%Y-%m"),
                week=week_code(today - dt.timedelta(days=today.weekday()))),
            "previous_query": query.query_string(
                week=week_code(previous_week), month=previous_week.replace(day=1)
                .strftime("%Y-%m")) if previous_week.year >= FIRST_YEAR else "",
            "next_query": query.query_string(
                week=week_code(next_week), month=next_week.replace(day=1).strftime("%Y-%m"))
            if next_week.year <= LAST_YEAR else "",
        })
    return render(request, "meetings/calendar.html", context)
