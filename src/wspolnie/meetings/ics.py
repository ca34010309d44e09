"""Building iCalendar (RFC 5545) files: a pure helper, no database and no Django.

One `CalendarEntry` per meeting; `build_calendar()` turns entries into the bytes of an .ics
file — a single invitation for a mail (METHOD:REQUEST, or METHOD:CANCEL when the registrant
cancelled or the meeting was called off) or a subscribable feed (no METHOD).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import icalendar

PRODID = "-//Wspolnie//Meetings//EN"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable for the life of the meeting
    sequence: int  # bumped on every change registrants should see
    title: str
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime  # aware
    timezone: str = "UTC"  # IANA name; the times are written in it, with its VTIMEZONE
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    organiser_name: str = ""
    organiser_email: str = ""
    attendee_email: str = ""
    attendee_name: str = ""
    updated: dt.datetime | None = None


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: calendar times must be aware")
    return value.astimezone(dt.UTC)


def build_event(entry: CalendarEntry, now: dt.datetime) -> icalendar.Event:
    if entry.ends_at <= entry.starts_at:
        raise ValueError("a meeting must end after it starts")
    zone = zoneinfo.ZoneInfo(entry.timezone)
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", _utc(now))
    event.add("sequence", entry.sequence)
    event.add("dtstart", _utc(entry.starts_at).astimezone(zone))
    event.add("dtend", _utc(entry.ends_at).astimezone(zone))
    event.add("summary", entry.title)
    if entry.updated is not None:
        event.add("last-modified", _utc(entry.updated))
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.organiser_email:
        organizer = icalendar.vCalAddress(f"mailto:{entry.organiser_email}")
        if entry.organiser_name:
            organizer.params["cn"] = icalendar.vText(entry.organiser_name)
        event.add("organizer", organizer)
    if entry.attendee_email:
        attendee = icalendar.vCalAddress(f"mailto:{entry.attendee_email}")
        if entry.attendee_name:
            attendee.params["cn"] = icalendar.vText(entry.attendee_name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText(
            "DECLINED" if entry.cancelled else "ACCEPTED"
        )
        event.add("attendee", attendee)
    return event


def build_calendar(
    entries: list[CalendarEntry],
    *,
    method: str | None = None,
    name: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The .ics file for `entries`. `method` is "REQUEST" or "CANCEL" for mail attachments
    (RFC 5546) and None for feeds and downloads."""
    if method not in (None, "REQUEST", "CANCEL", "PUBLISH"):
        raise ValueError(f"unsupported METHOD {method!r}")
    now = now or dt.datetime.now(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    for entry in entries:
        calendar.add_component(build_event(entry, now))
    if entries:
        # VTIMEZONE definitions for the zones used, covering only the years of the meetings
        # (the full 1970–2038 range would add kilobytes of RDATEs to every mail).
        first = min(entry.starts_at for entry in entries).date() - dt.timedelta(days=366)
        last = max(entry.ends_at for entry in entries).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
