"""Feeds for the importer tests: iCalendar and RSS texts with events around today."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.base import BaseTestCase

from .feedserver import FeedServer

CITY = zoneinfo.ZoneInfo("Europe/Warsaw")


def next_monday(hour: int = 18) -> dt.datetime:
    today = timezone.localtime(timezone.now(), CITY).date()
    day = today + dt.timedelta(days=7 - today.weekday())
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CITY)


def local(moment: dt.datetime) -> str:
    return moment.astimezone(CITY).strftime("%Y%m%dT%H%M%S")


def recurring_ics(start: dt.datetime | None = None) -> bytes:
    """A weekly language café (4 Mondays, the third one skipped) and a one-off workshop."""
    start = start or next_monday()
    skipped = start + dt.timedelta(weeks=2)
    workshop = start + dt.timedelta(days=3, hours=-8)
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Feeds//EN",
        "BEGIN:VEVENT", "UID:cafe@fundacja.example", f"DTSTAMP:{local(start)}Z",
        f"DTSTART;TZID=Europe/Warsaw:{local(start)}",
        f"DTEND;TZID=Europe/Warsaw:{local(start + dt.timedelta(hours=2))}",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        f"EXDATE;TZID=Europe/Warsaw:{local(skipped)}",
        "SUMMARY;LANGUAGE=uk:Мовне кафе", "LOCATION:ul. Ruska 46\\, Wrocław",
        "DESCRIPTION:Rozmowy po polsku i ukraińsku.\\n<script>alert(1)</script>",
        "URL:https://fundacja.example/kawiarenka", "END:VEVENT",
        "BEGIN:VEVENT", "UID:workshop@fundacja.example", f"DTSTAMP:{local(start)}Z",
        f"DTSTART;TZID=Europe/Warsaw:{local(workshop)}",
        f"DTEND;TZID=Europe/Warsaw:{local(workshop + dt.timedelta(hours=3))}",
        "SUMMARY:Warsztat: CV po polsku", "CATEGORIES:Edukacja,Praca",
        "LOCATION:Rynek 1", "END:VEVENT",
        "END:VCALENDAR", "",
    ]).encode()


def rss_feed(items: list[tuple[str, str, dt.datetime, str]], language: str = "uk") -> bytes:
    """(guid, title, start, place) items in the RSS event module's ev:* elements."""
    entries = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><link>https://inne.example/{guid}</link>"
        f"<description>&lt;p&gt;Zapraszamy&lt;/p&gt;</description>"
        f"<ev:startdate>{start.isoformat()}</ev:startdate>"
        f"<ev:enddate>{(start + dt.timedelta(hours=1)).isoformat()}</ev:enddate>"
        f"<ev:location>{place}</ev:location></item>"
        for guid, title, start, place in items)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:ev="http://purl.org/rss/1.0/modules/event/"><channel><title>Inne</title>'
        f"<link>https://inne.example/</link><description>x</description>"
        f"<language>{language}</language>{entries}</channel></rss>"
    ).encode()


@override_settings(CALENDAR_FEEDS_ALLOW_HOSTS=["127.0.0.1"], CALENDAR_FEEDS_TIMEOUT=2)
class FeedServerTestCase(BaseTestCase):
    """Personas, a loopback feed server (allowed as a feed host) and the SMTP server."""

    @pytest.fixture(autouse=True)
    def _servers(self, smtp_server):
        self.smtp = smtp_server
        self.server = FeedServer().start()
        yield
        self.server.stop()
