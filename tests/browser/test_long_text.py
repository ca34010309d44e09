"""Long text: a form refuses it with a message instead of cutting it, and long unbroken words
wrap on the public pages instead of pushing them wider than a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.announcements.factories import make_announcement
from tests.meetings.factories import make_event
from wspolnie.announcements.models import Announcement

from .axe import follow, visit
from .helpers import DESKTOP, field, log_in_quickly, tr

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
#: A word no line can hold: a pasted address, or a word with no spaces.
LONG_WORD = "https://example.org/" + "zapisy" * 50


def test_a_pasted_too_long_title_is_refused_with_a_message_not_cut(
    new_page, personas, live_server, artifacts_dir
):
    for viewport, name in ((DESKTOP, "1280"), (PHONE_390, "390")):
        page = new_page(viewport=viewport)
        log_in_quickly(page, personas.alice, live_server)
        visit(page, "/announcements/new/")
        title = field(page, tr("pl", "Title"))
        expect(title).to_have_accessible_description("Najwyżej 200 znaków.")
        long_title = "Zapisy do szkół " + "x" * 9984
        title.fill(long_title)
        # Nothing is cut while typing or pasting, and the page says so at once.
        assert len(title.input_value()) == 10_000
        expect(page.get_by_text("Za długi tekst: 10000 (najwyżej 200).")).to_be_visible()
        follow(page, page.get_by_role("button", name=tr("pl", "Save")), status=422)

        assert not Announcement.objects.exists()
        title = field(page, tr("pl", "Title"))
        expect(title).to_have_attribute("aria-invalid", "true")
        assert len(title.input_value()) == 10_000, "the text must come back whole"
        expect(page.locator("#id_title_error")).to_contain_text("200")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        title.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"limits-title-refused-{name}.png"))


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_long_words_wrap_on_the_public_pages_of_a_phone(new_page, personas, artifacts_dir):
    org = personas.org
    org.name = "Fundacja " + "Międzykulturowa" * 12
    org.short_description = "Zobacz " + LONG_WORD
    org.description = {"pl": "Opis " + LONG_WORD}
    org.website = LONG_WORD[:200]
    org.save()
    announcement = make_announcement(
        org, published=True, title="Zapisy" + "x" * 190,
        body=f"Formularz: {LONG_WORD}\n\n[{LONG_WORD}]({LONG_WORD})",
        links=[{"url": LONG_WORD, "label": LONG_WORD[:200]}],
    )
    event = make_event(org, title={"pl": "Spotkanie" + "y" * 190},
                       description={"pl": "Szczegóły: " + LONG_WORD},
                       venue_name="Sala" + "z" * 150, venue_address=LONG_WORD[:300])
    page = new_page(viewport=PHONE_390)
    for url, name in ((announcement.get_absolute_url(), "announcement"),
                      (org.get_absolute_url(), "organisation"),
                      (event.get_absolute_url(), "event"),
                      ("/news/", "news"), ("/organisations/", "directory"),
                      ("/meetings/", "meetings")):
        visit(page, url)
        page.screenshot(path=str(artifacts_dir / f"limits-long-words-{name}-390.png"))
        assert no_horizontal_scroll(page), (url, page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"))
