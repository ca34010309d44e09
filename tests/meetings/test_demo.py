"""The demo: the real 2023 cycle and an upcoming cycle with open registration."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from wspolnie.core.demo import load_demo_data
from wspolnie.meetings import exchange
from wspolnie.meetings.models import Event, Registration, Series


@pytest.mark.django_db
def test_the_demo_holds_the_2023_cycle_and_an_open_upcoming_one():
    load_demo_data(io.StringIO())
    load_demo_data(io.StringIO())  # idempotent
    check_the_participant_list()

    cycle = Series.objects.get(slug="wspolnie-o-miedzykulturowosci-2023")
    assert cycle.organiser.slug == "wcrs"
    assert {org.slug for org in cycle.co_organisers.all()} == {"feps", "dfop"}
    editions = list(cycle.events.order_by("starts_at"))
    local = [(e.number, e.local_start.date(), e.format) for e in editions]
    assert local == [
        (1, dt.date(2023, 9, 14), "in_person"),
        (2, dt.date(2023, 10, 11), "online"),
        (3, dt.date(2023, 11, 15), "in_person"),
        (4, dt.date(2023, 12, 13), "in_person"),
    ]
    assert editions[1].theme.names["en"] == "Knowledge and information exchange"
    assert editions[2].theme.names["en"] == "Support"
    assert editions[2].local_start.hour == 10
    assert editions[0].status == Event.Status.REPORT_PUBLISHED

    open_events = [e for e in Event.objects.public().upcoming()
                   if e.registration_is_open and e.series_id]
    assert len(open_events) == 1
    [event] = open_events
    assert event.starts_at > timezone.now()
    assert event.capacity and event.remaining_seats() > 0
    assert event.questions.filter(required=True).exists()
    # Three guests and the demo member (whose registration the home page shows).
    assert Registration.objects.filter(event=event).count() == 4
    assert Registration.objects.filter(event=event, user__email="member@demo.wspolnie.example")
    assert Series.objects.count() == 2



def check_the_participant_list():
    """Olena and Jan on the open meeting's list (one consent record each), Amira not."""
    event = Event.objects.get(slug="wspolnie-nowa-edycja-01")
    amira = event.registrations.get(email="amira@example.org")
    olena = event.registrations.get(email="olena@example.org")
    assert olena.sharing_consents.count() == 1
    assert exchange.viewer_for(event, registration=amira) is None
    viewer = exchange.viewer_for(event, registration=olena)
    assert [entry.values.get("name") for entry in exchange.listed_entries(viewer)] == ["Jan N."]


@pytest.mark.django_db
def test_the_demo_has_meetings_in_the_coming_days_whatever_the_date():
    load_demo_data(io.StringIO())
    soon = Event.objects.public().upcoming().filter(
        starts_at__lt=timezone.now() + dt.timedelta(days=10))
    assert soon.count() >= 3
    assert any(event.registration_is_open for event in soon)
    assert all(event.series_id is None for event in soon)
