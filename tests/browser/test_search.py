"""Searching, as a person does: the box in the header, the results page, its live update."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from wspolnie.organisations.models import Organisation

from .axe import check_a11y, follow, visit
from .helpers import PHONE, field, tr

pytestmark = pytest.mark.browser


def test_a_query_without_diacritics_finds_and_marks_the_words(page: Page, personas):
    # personas.org says "Pomagamy rodzinom z Gruzji w zapisach do szkół." — indexed when it was
    # saved (the live server's database commits for real).
    visit(page, "/")
    header = page.locator("header")
    box = header.get_by_role("searchbox", name=tr("pl", "Search the directory"))
    box.fill("szkol gruzj")
    with page.expect_navigation():
        box.press("Enter")
    check_a11y(page)

    expect(page).to_have_url(re.compile(r"/search/\?q=szkol\+gruzj"))
    results = page.locator("ol.search-results")
    hit = results.locator("li").first
    expect(hit.get_by_role("link", name=personas.org.name)).to_be_visible()
    expect(hit.locator("mark", has_text="szkół")).to_be_visible()
    expect(hit.locator("mark", has_text="Gruzji")).to_be_visible()
    expect(hit.get_by_text(tr("pl", "Organisation"), exact=True)).to_be_visible()

    follow(page, hit.get_by_role("link", name=personas.org.name))
    expect(page.get_by_role("heading", level=1)).to_have_text(personas.org.name)


def test_results_update_while_typing(page: Page, personas):
    Organisation.objects.create(
        name="Klub Międzykulturowy", slug="klub", kind="ngo", status="approved",
        short_description="Wieczory międzykulturowe na Nadodrzu.",
    )
    visit(page, "/search/")
    main = page.locator("main")
    box = field(main, tr("pl", "Search for"))
    box.press_sequentially("miedzykult", delay=20)
    # No new page: htmx swaps the results in.
    expect(main.get_by_role("link", name="Klub Międzykulturowy")).to_be_visible()
    expect(main.locator("mark", has_text="Międzykulturowy")).to_be_visible()
    check_a11y(page)

    box.fill("zzzyrafa")
    box.dispatch_event("input")
    expect(main.get_by_role("heading", level=2)).to_contain_text("zzzyrafa")
    expect(main.get_by_role("link", name=tr("pl", "Browse all organisations."))).to_be_visible()
    check_a11y(page)


def test_the_results_page_on_a_phone(new_page, personas, artifacts_dir):
    page = new_page(viewport=PHONE, locale="uk-UA")
    visit(page, "/search/?q=gruzji")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("link", name=personas.org.name)).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the results page scrolls sideways by {overflow}px on a phone"
    page.screenshot(path=artifacts_dir / "search-phone.png", full_page=True)
