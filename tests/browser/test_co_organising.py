"""Co-organising in the browser (issue #17 point 10): charlie, admin of the organisation a
series names, finds the invitation from "Meetings I organise", confirms it on a phone, and his
organisation then shows on the series page. A member of a pending organisation sees its meeting
marked as not public."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.meetings.factories import make_event, make_series
from wspolnie.meetings.models import SeriesCoOrganiser
from wspolnie.meetings.services import do_save_series
from wspolnie.organisations.models import Membership, Organisation

from .axe import follow, visit
from .helpers import PHONE, log_in_quickly, tr

pytestmark = pytest.mark.browser


def test_charlie_confirms_an_invitation_to_co_organise(personas, new_page, live_server):
    series = make_series(personas.org, slug="wspolnie-2025",
                         title={"pl": "Wspólnie 2025", "en": "Together 2025"})
    do_save_series(personas.alice, series, title=series.title, description={},
                   organiser=personas.org, co_organisers=[personas.other_org], languages=[],
                   theme_lines=[])
    page = new_page(viewport=PHONE)
    log_in_quickly(page, personas.charlie, live_server)
    visit(page, "/meetings/organise/")
    follow(page, page.get_by_role("link", name=tr("pl", "Invitations to co-organise a series")))
    row = page.get_by_role("listitem").filter(has_text="Wspólnie 2025")
    expect(row).to_contain_text(tr("pl", "Waiting for confirmation"))
    follow(page, row.get_by_role("button", name=tr("pl", "Confirm")))
    expect(page.get_by_role("listitem").filter(has_text="Wspólnie 2025")).to_contain_text(
        tr("pl", "Confirmed"))
    assert SeriesCoOrganiser.objects.get().status == SeriesCoOrganiser.Status.CONFIRMED
    visit(page, series.get_absolute_url())
    expect(page.get_by_role("link", name=personas.other_org.name)).to_be_visible()


def test_a_member_of_a_pending_organisation_sees_the_notice(personas, page, live_server):
    pending = Organisation.objects.create(name="Grupa Oczekująca", slug="grupa-oczekujaca",
                                          status=Organisation.Status.PENDING)
    Membership.objects.create(user=personas.bob, organisation=pending, role="member")
    event = make_event(pending, title={"pl": "Spotkanie w przygotowaniu"})
    visit(page, event.get_absolute_url(), status=404)
    log_in_quickly(page, personas.bob, live_server)
    visit(page, event.get_absolute_url())
    expect(page.get_by_role("status").filter(has_text=tr("pl", "Not public yet."))).to_be_visible()
    expect(page.get_by_role("link", name=tr("pl", "Register"), exact=True)).to_have_count(0)
