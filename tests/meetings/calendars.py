"""Reading calendar files in tests with two independent parsers."""

from __future__ import annotations

import icalendar
import vobject
import vobject.icalendar


def read_with_vobject(text: str | bytes):
    """vobject.readOne, forgetting the time zones of earlier files first: vobject keeps the
    first VTIMEZONE it saw for a TZID for the whole process, while each file carries its own
    (covering the years of its meetings)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    getattr(vobject.icalendar, "__tzidMap").clear()
    return vobject.readOne(text)


def read_both(text: str | bytes):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return icalendar.Calendar.from_ical(data), read_with_vobject(data)
