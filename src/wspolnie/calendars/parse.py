"""Reading calendar feeds into plain items: iCalendar (icalendar, recurrences expanded with
dateutil's rrule) and RSS/Atom (feedparser, with the RSS event module's ev:startdate or xCal's
dtstart). Pure: no database. Times come out aware, in UTC.

Only a window around today is read (PAST_DAYS back, FUTURE_DAYS ahead); a recurring event gives
at most MAX_OCCURRENCES occurrences and a feed at most MAX_ITEMS items (the first ones in time).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

import feedparser
import icalendar
from dateutil import parser as date_parser
from dateutil.rrule import rruleset, rrulestr

from wspolnie.lib.languages import normalise_language_tag

CITY_ZONE = zoneinfo.ZoneInfo("Europe/Warsaw")
PAST_DAYS = 30
FUTURE_DAYS = 365
MAX_OCCURRENCES = 200
MAX_ITEMS = 2000
#: Length limits of what is kept (longer text is shortened by the import, which is not user
#: input typed into a form of ours: a feed is somebody else's data).
TITLE_LIMIT, LOCATION_LIMIT, URL_LIMIT, DESCRIPTION_LIMIT = 300, 300, 500, 5000
UID_LIMIT = 500


class ParseError(Exception):
    pass


@dataclass
class Item:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    all_day: bool = False
    location: str = ""
    url: str = ""
    description: str = ""  # HTML or text; sanitised when stored
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    items: list[Item]
    skipped: int = 0  # entries without a usable date, or broken


def window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now - dt.timedelta(days=PAST_DAYS), now + dt.timedelta(days=FUTURE_DAYS)


def _short(text, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _language(value) -> list[str]:
    if not value:
        return []
    try:
        return [normalise_language_tag(str(value))]
    except ValueError:
        return []


def _aware(value) -> tuple[dt.datetime, bool]:
    """A DTSTART/DTEND value as an aware datetime; dates are all-day (midnight in the city)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=CITY_ZONE)  # floating time: the city's
        return value, False
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=CITY_ZONE), True
    raise ParseError("not a date")


# --- iCalendar -------------------------------------------------------------------------------


def _categories(component) -> list[str]:
    found = []
    values = component.get("categories")
    if values is None:
        return found
    for value in values if isinstance(values, list) else [values]:
        cats = getattr(value, "cats", None)
        if cats is None:
            cats = str(value).split(",")
        found.extend(str(cat).strip() for cat in cats if str(cat).strip())
    return found


def _base_item(component) -> tuple[Item, dt.timedelta]:
    start_value = component.decoded("dtstart")
    starts_at, all_day = _aware(start_value)
    if component.get("dtend") is not None:
        ends_at, _day = _aware(component.decoded("dtend"))
    elif component.get("duration") is not None:
        ends_at = starts_at + component.decoded("duration")
    else:
        ends_at = starts_at + (dt.timedelta(days=1) if all_day else dt.timedelta(0))
    if ends_at < starts_at:
        raise ParseError("ends before it starts")
    summary = component.get("summary")
    language = summary.params.get("LANGUAGE") if hasattr(summary, "params") else None
    item = Item(
        uid=_short(component.get("uid") or "", UID_LIMIT),
        title=_short(summary, TITLE_LIMIT),
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
        location=_short(component.get("location"), LOCATION_LIMIT),
        url=_short(component.get("url"), URL_LIMIT),
        description=str(component.get("description") or "")[:DESCRIPTION_LIMIT],
        categories=_categories(component),
        languages=_language(language),
    )
    return item, ends_at - starts_at


def _rule_set(component, starts_at: dt.datetime) -> rruleset:
    rules = rruleset()
    for rrule in component.get("rrule") if isinstance(component.get("rrule"), list) \
            else [component.get("rrule")]:
        text = rrule.to_ical().decode()
        # UNTIL written in UTC ("Z") is what RFC 5545 asks for with a zoned DTSTART.
        rules.rrule(rrulestr(text, dtstart=starts_at, ignoretz=False))
    for key, add in (("rdate", rules.rdate), ("exdate", rules.exdate)):
        values = component.get(key)
        for entry in values if isinstance(values, list) else ([values] if values else []):
            for date_value in entry.dts:
                moment, _day = _aware(date_value.dt)
                add(moment)
    return rules


def _occurrences(component, item: Item, duration: dt.timedelta, start: dt.datetime,
                 end: dt.datetime, overridden: set[dt.datetime]) -> list[Item]:
    rules = _rule_set(component, item.starts_at)
    found = []
    for moment in rules.xafter(start - duration, inc=True):
        if moment > end or len(found) >= MAX_OCCURRENCES:
            break
        if moment.astimezone(dt.UTC) in overridden:
            continue
        found.append(Item(**{**item.__dict__, "uid": f"{item.uid}/{_stamp(moment)}",
                             "starts_at": moment, "ends_at": moment + duration,
                             "categories": list(item.categories),
                             "languages": list(item.languages)}))
    return found


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_ics(body: bytes, now: dt.datetime) -> Parsed:
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except Exception as error:  # icalendar raises ValueError, KeyError, … on broken input
        raise ParseError(str(error)[:200]) from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise ParseError("not a VCALENDAR")
    start, end = window(now)
    items: list[Item] = []
    skipped = 0
    events = list(calendar.walk("VEVENT"))
    # Changed occurrences of a recurring event (RECURRENCE-ID) replace the rule's ones.
    overridden: dict[str, set[dt.datetime]] = {}
    for component in events:
        if component.get("recurrence-id") is not None:
            try:
                moment, _day = _aware(component.decoded("recurrence-id"))
            except (ParseError, KeyError, ValueError):
                continue
            overridden.setdefault(str(component.get("uid") or ""), set()).add(
                moment.astimezone(dt.UTC))
    for component in events:
        try:
            if str(component.get("status") or "").upper() == "CANCELLED":
                continue
            item, duration = _base_item(component)
            if not item.uid or not item.title:
                skipped += 1
                continue
            if component.get("recurrence-id") is not None:
                moment, _day = _aware(component.decoded("recurrence-id"))
                item.uid = f"{item.uid}/{_stamp(moment)}"
                candidates = [item]
            elif component.get("rrule") is not None:
                candidates = _occurrences(component, item, duration, start, end,
                                          overridden.get(item.uid, set()))
            else:
                candidates = [item]
        except (ParseError, KeyError, ValueError, TypeError, AttributeError):
            skipped += 1
            continue
        items.extend(candidate for candidate in candidates
                     if candidate.ends_at >= start and candidate.starts_at <= end)
    return _finish(items, skipped)


def _finish(items: list[Item], skipped: int) -> Parsed:
    for item in items:
        item.starts_at = item.starts_at.astimezone(dt.UTC)
        item.ends_at = item.ends_at.astimezone(dt.UTC)
    items.sort(key=lambda item: (item.starts_at, item.uid))
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(item.uid, item)
    return Parsed(list(unique.values())[:MAX_ITEMS], skipped)


# --- RSS / Atom ------------------------------------------------------------------------------

_START_KEYS = ("ev_startdate", "xcal_dtstart", "dtstart", "startdate")
_END_KEYS = ("ev_enddate", "xcal_dtend", "dtend", "enddate")
_LOCATION_KEYS = ("ev_location", "xcal_location", "location")


def _feed_time(value: str) -> tuple[dt.datetime, bool]:
    try:
        moment = date_parser.isoparse(value.strip())
    except (ValueError, OverflowError):
        moment = date_parser.parse(value.strip())
    if isinstance(moment, dt.datetime) and len(value.strip()) <= 10:
        return _aware(moment.date())
    return _aware(moment)


def parse_feed(body: bytes, now: dt.datetime) -> Parsed:
    document = feedparser.parse(body)
    error = document.get("bozo_exception") if document.get("bozo") else None
    if isinstance(error, feedparser.CharacterEncodingOverride):
        error = None  # a wrong charset declaration, read anyway
    if not document.get("version") or error is not None:
        raise ParseError(str(error)[:200] if error else "not an RSS or Atom feed")
    start, end = window(now)
    language = _language(document.feed.get("language"))
    items, skipped = [], 0
    for entry in document.entries:
        started = next((entry[key] for key in _START_KEYS if entry.get(key)), None)
        if not started or not entry.get("title"):
            skipped += 1
            continue
        try:
            starts_at, all_day = _feed_time(started)
            ended = next((entry[key] for key in _END_KEYS if entry.get(key)), None)
            ends_at = _feed_time(ended)[0] if ended else starts_at + (
                dt.timedelta(days=1) if all_day else dt.timedelta(0))
        except (ParseError, ValueError, OverflowError, TypeError):
            skipped += 1
            continue
        if ends_at < starts_at or ends_at < start or starts_at > end:
            if ends_at < starts_at:
                skipped += 1
            continue
        uid = entry.get("id") or entry.get("link") or f"{entry.get('title')}/{started}"
        items.append(Item(
            uid=_short(uid, UID_LIMIT),
            title=_short(entry.get("title"), TITLE_LIMIT),
            starts_at=starts_at, ends_at=ends_at, all_day=all_day,
            location=_short(next((entry[key] for key in _LOCATION_KEYS if entry.get(key)), ""),
                            LOCATION_LIMIT),
            url=_short(entry.get("link"), URL_LIMIT),
            description=str(entry.get("summary") or "")[:DESCRIPTION_LIMIT],
            categories=[tag.get("term", "") for tag in entry.get("tags", []) if tag.get("term")],
            languages=_language((entry.get("title_detail") or {}).get("language")) or language,
        ))
    return _finish(items, skipped)


def parse(kind: str, body: bytes, now: dt.datetime) -> Parsed:
    """`kind` is Feed.Kind: "ics" or "feed" (RSS/Atom)."""
    if kind == "ics":
        stripped = body.lstrip(b"\xef\xbb\xbf \r\n\t")
        if not stripped.upper().startswith(b"BEGIN:VCALENDAR"):
            raise ParseError("not an iCalendar file")
        return parse_ics(stripped, now)
    return parse_feed(body, now)
