"""A mistyped address: the product's own page, accessible on desktop and phone, with a way on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .axe import follow, visit
from .helpers import DESKTOP, PHONE, tr

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "language"), [("pl-PL", "pl"), ("uk-UA", "uk")])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_404_page_offers_a_search(new_page, personas, locale, language, viewport):
    page = new_page(locale=locale, viewport=viewport)
    visit(page, "/organisatons/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Page not found"))
    search = page.get_by_role("search", name=tr(language, "Search the site"))
    search.get_by_label(tr(language, "Search for what you were looking for")).fill("Fundacja")
    follow(page, search.get_by_role("button", name=tr(language, "Search")))
    assert page.url.endswith("/search/?q=Fundacja"), page.url
    expect(page.locator("main")).to_contain_text("Fundacja Testowa")
