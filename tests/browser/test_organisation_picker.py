"""The organisation picker on a board's card form (issue #14), as a person uses it: typing a
part of the name, choosing a suggestion with the keyboard, posting the card. Screenshots at
1280 and 390 px go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from wspolnie.boards.models import Card
from wspolnie.boards.services import do_create_board
from wspolnie.organisations.models import Organisation

from .axe import check_a11y, follow, visit
from .helpers import field, tr, verbose

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_typing_a_name_suggests_organisations_and_a_picked_one_goes_on_the_card(
        new_page, personas, artifacts_dir):
    # Saved for real (the live server's database commits): the search index has them.
    far = Organisation.objects.create(name="Stowarzyszenie Dalekie Łąki", slug="dalekie-laki",
                                      kind="association", status="approved")
    Organisation.objects.create(name="Stowarzyszenie Dalekie Pola", slug="dalekie-pola",
                                kind="association", status="approved")
    Organisation.objects.create(name="Stowarzyszenie Dalekie Ukryte", slug="dalekie-ukryte",
                                kind="association", status="pending")
    board = do_create_board(personas.alice, personas.org, title="Stoliki tematyczne",
                            columns=["Współpraca", "Wsparcie"])
    page: Page = new_page()
    visit(page, board.get_absolute_url())
    form = page.locator("details.board-post form")
    field(form, verbose("pl", Card, "text")).fill("Wspólny kalendarz wydarzeń")
    other = field(form, tr("pl", "Another organisation"))
    other.press_sequentially("dalekie", delay=20)

    suggestions = form.locator(".org-picker-matches")
    expect(suggestions.get_by_role("radio")).to_have_count(2)
    expect(suggestions.get_by_role("radio", name="Stowarzyszenie Dalekie Łąki")).to_be_visible()
    expect(form.get_by_text("Stowarzyszenie Dalekie Ukryte")).to_have_count(0)
    check_a11y(page)
    page.screenshot(path=artifacts_dir / "board-picker-1280.png", full_page=True)

    # The keyboard: Tab from the input into the radio group, the arrows move within it.
    other.press("Tab")
    focused = suggestions.get_by_role("radio").first
    expect(focused).to_be_focused()
    page.keyboard.press("Space")
    expect(focused).to_be_checked()
    if focused.get_attribute("value") != str(far.pk):
        page.keyboard.press("ArrowDown")
    expect(suggestions.get_by_role("radio", name="Stowarzyszenie Dalekie Łąki")).to_be_checked()

    follow(page, form.get_by_role("button", name=tr("pl", "Post the card")))
    card = Card.objects.get(text="Wspólny kalendarz wydarzeń")
    assert card.author_organisation == far
    expect(page.get_by_role("link", name="Stowarzyszenie Dalekie Łąki").first).to_be_visible()

    phone: Page = new_page(viewport=PHONE)
    visit(phone, board.get_absolute_url())
    phone_form = phone.locator("details.board-post")
    phone_form.locator("summary").click()
    field(phone_form, tr("pl", "Another organisation")).press_sequentially("dalekie", delay=20)
    expect(phone_form.locator(".org-picker-matches").get_by_role("radio")).to_have_count(2)
    check_a11y(phone)
    phone.screenshot(path=artifacts_dir / "board-picker-390.png", full_page=True)


def test_without_javascript_a_typed_name_that_names_none_shows_close_matches(
        browser, live_server, personas, artifacts_dir):
    Organisation.objects.create(name="Stowarzyszenie Dalekie Łąki", slug="dalekie-laki",
                                kind="association", status="approved")
    board = do_create_board(personas.alice, personas.org, title="Stoliki tematyczne",
                            columns=["Współpraca"])
    context = browser.new_context(base_url=live_server.url, locale="pl-PL",
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(board.get_absolute_url())
        form = page.locator("details.board-post form")
        field(form, verbose("pl", Card, "text")).fill("Bez JavaScriptu")
        field(form, tr("pl", "Another organisation")).fill("stowarzyszenie dalekie")
        with page.expect_navigation():
            form.get_by_role("button", name=tr("pl", "Post the card")).click()
        expect(field(page, tr("pl", "Another organisation"))).to_have_value(
            "stowarzyszenie dalekie")
        page.get_by_role("radio", name="Stowarzyszenie Dalekie Łąki").check()
        with page.expect_navigation():
            page.get_by_role("button", name=tr("pl", "Post the card")).click()
        assert Card.objects.get(text="Bez JavaScriptu").author_organisation.slug == "dalekie-laki"
    finally:
        context.close()
