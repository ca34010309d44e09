"""The home page and the calendar in a real browser at 1280 and 390 px: axe finds nothing
serious, nothing is wider than the window, and the search box suggests while one types."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.announcements.factories import make_announcement
from tests.meetings.factories import make_event, register
from tests.needs.helpers import make_item
from tests.search.helpers import rebuild

from .axe import visit
from .helpers import log_in_quickly, tr

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def fits_the_window(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home_and_calendar_at_desktop_and_phone_widths(new_page, personas, live_server):
    soon = timezone.now() + dt.timedelta(days=1)
    event = make_event(personas.org, starts_at=soon, languages=["pl", "uk"], title={
        "pl": "Kawa językowa polsko-ukraińska z bardzo długim tytułem spotkania"})
    make_event(personas.other_org, starts_at=soon + dt.timedelta(hours=3), title={
        "pl": "Warsztaty międzykulturowe dla wolontariuszy"})
    register(event, personas.bob.email, "Bob", user=personas.bob)
    make_announcement(personas.org, published=True, title="Nabór wolontariuszy")
    make_item(personas.org, "Szukamy tłumaczy języka gruzińskiego")
    rebuild()

    for width in WIDTHS:
        page = new_page(viewport={"width": width, "height": 800})
        log_in_quickly(page, personas.bob, live_server)
        visit(page, "/")
        expect(page.get_by_role("heading", name=tr("pl", "Your registrations"))).to_be_visible()
        register_link = re.compile(rf"^{re.escape(tr('pl', 'Register'))}\s*: Kawa")
        expect(page.get_by_role("link", name=register_link)).to_be_visible()
        assert fits_the_window(page), f"the home page is wider than {width} px"

        search = page.get_by_label(tr("pl", "Search organisations, services, meetings and news"))
        search.fill("gruzi")
        suggestions = page.locator("#home-search-suggestions")
        expect(suggestions.get_by_role("link", name="Szukamy tłumaczy")).to_be_visible()
        assert fits_the_window(page), f"the suggestions are wider than {width} px"

        for url in ("/meetings/calendar/", "/meetings/calendar/?view=list"):
            visit(page, url)
            expect(page.get_by_role("link", name="Kawa językowa").first).to_be_visible()
            assert fits_the_window(page), f"{url} is wider than {width} px"
        page.context.close()
