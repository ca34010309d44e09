"""The public pages: languages, keyboard use, layout on desktop and phone."""

from __future__ import annotations

import pytest
from django.utils.translation import get_language_info
from playwright.sync_api import Page, expect

from .axe import check_a11y, visit
from .helpers import DESKTOP, PHONE, tr

pytestmark = pytest.mark.browser

HOME_HEADING = "Wspólnie — the intercultural community of the city, together"


def switch_language(page: Page, current: str, target: str) -> None:
    """Use the switcher in the header: picking the language is enough (site.js sends the form;
    its button is only there without JavaScript)."""
    header = page.locator("header")
    expect(header.get_by_role("button", name=tr(current, "Change"))).to_be_hidden()
    with page.expect_navigation():
        header.get_by_label(tr(current, "Language")).select_option(
            label=get_language_info(target)["name_local"]
        )
    check_a11y(page)


def expect_home_in(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, HOME_HEADING))
    nav = page.get_by_role("navigation", name=tr(language, "Main"))
    expect(nav.get_by_role("link", name=tr(language, "Log in"), exact=True)).to_be_visible()


def test_home_page_speaks_polish_english_and_ukrainian(page: Page, personas):
    visit(page, "/")
    expect_home_in(page, "pl")

    switch_language(page, "pl", "en")
    expect_home_in(page, "en")
    assert tr("en", "Log in") == "Log in"

    switch_language(page, "en", "uk")
    expect_home_in(page, "uk")
    assert tr("uk", "Log in") != tr("en", "Log in"), "the Ukrainian catalogue lacks 'Log in'"

    # The choice sticks: the next visit is still in Ukrainian.
    visit(page, "/organisations/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("uk", "Organisations"))


def test_browser_language_is_used_on_the_first_visit(new_page, personas):
    page = new_page(locale="uk-UA")
    visit(page, "/")
    expect_home_in(page, "uk")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, personas):
    visit(page, "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=tr("pl", "Skip to main content"))
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    check_a11y(page)  # the skip link is visible now: its contrast counts

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    check_a11y(page)

    # The next Tab goes on from the main content, not back through the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null"), (
        "after the skip link, Tab should reach the main content first"
    )


def test_home_page_layout_on_desktop_and_phone(page: Page, personas, artifacts_dir):
    visit(page, "/")
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        expect(page.get_by_role("link", name=personas.org.name)).to_be_visible()
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a {device}"
        check_a11y(page)  # contrast and target sizes in this layout
        page.screenshot(path=artifacts_dir / f"home-{device}.png", full_page=True)
