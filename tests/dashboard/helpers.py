"""A small network with known numbers (see DashboardDataTestCase's docstring)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.base import BaseTestCase
from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.directory.models import Community, District, Language
from wspolnie.distribution.models import PlanItem
from wspolnie.meetings.models import Event, Registration
from wspolnie.organisations.models import Organisation
from wspolnie.services.models import Service

R = Registration.Status
E = Event.Status
#: The period the numbers below are for.
PERIOD = {"start": "2025-01-01", "end": "2025-06-30"}
#: Registrants' personal data: must appear in no page, file or API answer of the dashboard.
PEOPLE = ["Ala Kowalska", "ala.kowalska@example.org", "Olek Nowak", "olek@example.org",
          "Nina Wiśniewska", "nina@example.org"]


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


class DashboardDataTestCase(BaseTestCase):
    """Meetings (period 2025-01-01 … 2025-06-30):

    - 2024-11-05 (before the period): Fundacja Testowa checks in;
    - 2025-03-10, held: Fundacja Testowa checks in ("fundacja  testowa" typed, returning),
      Stowarzyszenie Inne registered but did not come, a group not in the directory checked
      in, one cancelled registration;
    - 2025-04-07, cancelled; 2025-04-20, a draft: neither counts;
    - 2025-05-12, held: Fundacja Testowa (returning) and Stowarzyszenie Inne (first time)
      check in, one person on the waiting list.

    So: March — 1 meeting, 3 registrations, 2 checked in of 3 confirmed (67%), 0 first-time
    and 1 returning organisation; May — 1 meeting, 3 registrations, 2 of 2 (100%), 1 and 1."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.georgian = Community.objects.create(slug="gruzinska", names={
            "pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"})
        cls.belarusian = Community.objects.create(slug="bialoruska", names={
            "pl": "Białoruska", "en": "Belarusian", "uk": "Білоруська"})
        cls.krzyki = District.objects.create(slug="krzyki", names={"pl": "Krzyki"})
        cls.nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        ka, pl = Language.for_codes(["ka", "pl"])
        cls.org.communities.add(cls.georgian)
        cls.org.districts.add(cls.krzyki)
        cls.org.languages.add(ka, pl)
        cls.other_org.languages.add(pl)
        pending = Organisation.objects.create(name="Grupa Czekająca", slug="czekajaca",
                                              kind=Organisation.Kind.INFORMAL_GROUP)
        pending.communities.add(cls.belarusian)
        service = Service.objects.create(organisation=cls.org, name={"pl": "Porady"})
        service.communities.add(cls.georgian)
        service.languages.add(ka)
        channel = Channel.objects.create(organisation=cls.other_org, name="Lista mailowa",
                                         kind="newsletter", citywide=True)
        channel.languages.add(pl)
        channel.communities.add(cls.georgian)
        # Published in April 2025 for the Georgian and Belarusian communities, in Polish and
        # Georgian; the city-wide channel (Polish, Georgian community) carried it.
        announcement = Announcement.objects.create(
            organisation=cls.org, title="Dzień otwarty", source_language="pl",
            status=Announcement.Status.PUBLISHED, publish_at=at(2025, 4, 2))
        announcement.communities.add(cls.georgian, cls.belarusian)
        announcement.languages.add(ka)
        PlanItem.objects.create(announcement=announcement, channel=channel,
                                status=PlanItem.Status.PUBLISHED)

        def event(slug, start, status=E.HELD):
            made = Event.objects.create(slug=slug, title={"pl": slug}, starts_at=start,
                                        ends_at=start + datetime.timedelta(hours=2),
                                        status=status)
            made.organisers.add(cls.org)
            return made

        def registration(event, name, email, organisation, status):
            Registration.objects.create(event=event, name=name, email=email,
                                        organisation_name=organisation, status=status)

        before = event("listopad", at(2024, 11, 5))
        registration(before, "Ala Kowalska", "ala.kowalska@example.org", "Fundacja Testowa",
                     R.ATTENDED)
        march = event("marzec", at(2025, 3, 10))
        registration(march, "Ala Kowalska", "ala.kowalska@example.org", " fundacja  testowa",
                     R.ATTENDED)
        registration(march, "Olek Nowak", "olek@example.org", "Stowarzyszenie Inne", R.CONFIRMED)
        registration(march, "Nina Wiśniewska", "nina@example.org", "Grupa spoza katalogu",
                     R.ATTENDED)
        registration(march, "Nina Wiśniewska", "nina2@example.org", "", R.CANCELLED)
        cancelled = event("kwiecien-odwolane", at(2025, 4, 7), E.CANCELLED)
        registration(cancelled, "Olek Nowak", "olek@example.org", "Stowarzyszenie Inne",
                     R.CONFIRMED)
        draft = event("kwiecien-szkic", at(2025, 4, 20), E.DRAFT)
        registration(draft, "Olek Nowak", "olek@example.org", "Stowarzyszenie Inne", R.ATTENDED)
        may = event("maj", at(2025, 5, 12))
        registration(may, "Ala Kowalska", "ala.kowalska@example.org", "Fundacja Testowa",
                     R.ATTENDED)
        registration(may, "Olek Nowak", "olek@example.org", "Stowarzyszenie Inne", R.ATTENDED)
        registration(may, "Nina Wiśniewska", "nina@example.org", "", R.WAITLISTED)
