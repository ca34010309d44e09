"""The key pages at a desktop's and a phone's width: accessible (axe), no sideways scrolling,
and on the phone the menu behind its button. Screenshots go to test-artifacts/responsive/.

Add a page to PAGES to have it checked the same way: (name, address), the address may use
{org} (the personas' organisation's slug) and {event} (a public meeting's slug).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.announcements.factories import make_announcement
from wspolnie.meetings.models import Event

from .axe import check_a11y, visit
from .helpers import assert_no_horizontal_overflow, tr

pytestmark = pytest.mark.browser

PAGES = [
    ("home", "/"),
    ("directory", "/organisations/"),
    ("directory-filtered-empty", "/organisations/?q=zzzzqqqq"),
    ("directory-map", "/organisations/?view=map"),
    ("profile", "/organisations/{org}/"),
    ("event", "/meetings/{event}/"),
    ("meetings", "/meetings/"),
    ("calendar", "/meetings/calendar/"),
    ("calendar-list", "/meetings/calendar/?view=list"),
    ("calendar-week", "/meetings/calendar/?view=week"),
    ("network", "/network/"),
    ("news", "/news/"),
    ("search", "/search/?q=rodzin"),
    ("sign-up-form", "/accounts/sign-up/"),
]
WIDTHS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
#: Each page in one of the three languages (by its ?lang= address, the hreflang alternate).
LANGUAGES = ["pl", "en", "uk"]


@pytest.fixture
def content(personas):
    soon = timezone.now() + datetime.timedelta(days=5)
    event = Event.objects.create(
        slug="spotkanie-grudzien",
        status=Event.Status.REGISTRATION_OPEN,
        capacity=30,
        title={"pl": "Wymiana wiedzy", "en": "Knowledge exchange", "uk": "Обмін знаннями"},
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
    )
    event.organisers.set([personas.org])
    make_announcement(personas.org, published=True)
    return {"org": personas.org.slug, "event": event.slug}


@pytest.mark.parametrize("width", WIDTHS)
def test_key_pages_fit_the_width_and_pass_axe(new_page, content, artifacts_dir, width):
    shots = artifacts_dir / "responsive"
    shots.mkdir(exist_ok=True)
    page: Page = new_page(viewport=WIDTHS[width])
    for number, (name, address) in enumerate(PAGES):
        language = LANGUAGES[number % len(LANGUAGES)]
        separator = "&" if "?" in address else "?"
        visit(page, f"{address.format(**content)}{separator}lang={language}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_no_horizontal_overflow(page)
        page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)

    menu = page.get_by_role("button", name=tr(language, "Menu"))
    main_nav = page.get_by_role("navigation", name=tr(language, "Main"))
    if width == "1280":
        expect(menu).to_be_hidden()
        expect(main_nav).to_be_visible()
        return
    # On the phone the navigation waits behind the menu button, which opens it and Escape closes.
    expect(main_nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(main_nav.get_by_role("link", name=tr(language, "Organisations"))).to_be_visible()
    expect(page.get_by_label(tr(language, "Language"), exact=True)).to_be_visible()
    check_a11y(page)
    assert_no_horizontal_overflow(page)
    page.screenshot(path=shots / f"menu-open-{width}.png", full_page=True)
    page.keyboard.press("Escape")
    expect(main_nav).to_be_hidden()
    expect(menu).to_be_focused()
