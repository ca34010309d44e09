"""The pure iCalendar builder: valid RFC 5545, read back by two independent parsers."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from tests.meetings.calendars import read_both
from wspolnie.meetings.ics import CalendarEntry, build_calendar

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
NOW = dt.datetime(2023, 11, 1, 12, 0, tzinfo=dt.UTC)


def entry(**values) -> CalendarEntry:
    defaults = dict(
        uid="meeting-3@wspolnie", sequence=0, title="Wsparcie — spotkanie #3",
        starts_at=dt.datetime(2023, 11, 15, 10, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2023, 11, 15, 12, 0, tzinfo=WARSAW),
        timezone="Europe/Warsaw", description="Zażółć gęślą jaźń; przecinki, i średniki\n"
        "druga linia", location="Wrocław, ul. Przykładowa 1",
        url="http://127.0.0.1:8000/meetings/m-3/",
    )
    defaults.update(values)
    return CalendarEntry(**defaults)


def parse_both(data: bytes):
    return read_both(data)


def test_an_invitation_is_a_request_with_uid_sequence_and_local_times():
    data = build_calendar([entry(sequence=2, attendee_email="olena@example.org",
                                 attendee_name="Olena")], method="REQUEST", now=NOW)
    parsed, second = parse_both(data)

    assert parsed["METHOD"] == "REQUEST"
    [event] = parsed.walk("VEVENT")
    assert str(event["UID"]) == "meeting-3@wspolnie"
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTART") == dt.datetime(2023, 11, 15, 10, 0, tzinfo=WARSAW)
    assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["ATTENDEE"]) == "mailto:olena@example.org"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    # The second parser agrees on the moment and the text.
    assert second.vevent.dtstart.value == dt.datetime(2023, 11, 15, 9, 0, tzinfo=dt.UTC)
    assert second.vevent.summary.value == "Wsparcie — spotkanie #3"
    assert second.vevent.description.value.startswith("Zażółć gęślą jaźń; przecinki, i")
    assert second.method.value == "REQUEST"


def test_lines_are_folded_and_crlf_terminated():
    data = build_calendar([entry(description="x" * 400)], now=NOW)
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert data.endswith(b"END:VCALENDAR\r\n")


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    data = build_calendar([entry(sequence=3, cancelled=True)], method="CANCEL", now=NOW)
    parsed, second = parse_both(data)
    [event] = parsed.walk("VEVENT")
    assert parsed["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == "meeting-3@wspolnie"
    assert event["SEQUENCE"] == 3
    assert second.vevent.status.value == "CANCELLED"


def test_a_feed_has_no_method_and_many_events_sharing_one_timezone():
    entries = [
        entry(uid=f"meeting-{n}@wspolnie",
              starts_at=dt.datetime(2023, 9 + n, 11, 10, tzinfo=WARSAW),
              ends_at=dt.datetime(2023, 9 + n, 11, 12, tzinfo=WARSAW))
        for n in range(4)
    ]
    data = build_calendar(entries, name="Wspólnie o międzykulturowości", now=NOW)
    parsed, second = parse_both(data)
    assert "METHOD" not in parsed
    assert parsed["X-WR-CALNAME"] == "Wspólnie o międzykulturowości"
    assert len(parsed.walk("VEVENT")) == 4
    assert len(parsed.walk("VTIMEZONE")) == 1
    assert len(second.vevent_list) == 4
    # Summer and winter time both come out right (CEST in September, CET in December).
    starts = sorted(event.dtstart.value.astimezone(dt.UTC) for event in second.vevent_list)
    assert starts[0].hour == 8 and starts[-1].hour == 9


def test_an_empty_feed_is_still_a_valid_calendar():
    parsed, second = parse_both(build_calendar([], name="Pusto", now=NOW))
    assert parsed.walk("VEVENT") == []
    assert second.name == "VCALENDAR"


def test_times_in_another_zone_are_written_in_the_meeting_zone():
    start = dt.datetime(2023, 11, 15, 9, 0, tzinfo=dt.UTC)
    data = build_calendar([entry(starts_at=start, ends_at=start + dt.timedelta(hours=1))],
                          now=NOW)
    assert b"DTSTART;TZID=Europe/Warsaw:20231115T100000" in data


@pytest.mark.parametrize("bad", [
    {"starts_at": dt.datetime(2023, 11, 15, 10), "ends_at": dt.datetime(2023, 11, 15, 12)},
    {"ends_at": dt.datetime(2023, 11, 15, 9, tzinfo=WARSAW)},
])
def test_naive_or_backwards_times_are_refused(bad):
    with pytest.raises(ValueError):
        build_calendar([entry(**bad)], now=NOW)


def test_unknown_methods_are_refused():
    with pytest.raises(ValueError):
        build_calendar([entry()], method="DELETE", now=NOW)
