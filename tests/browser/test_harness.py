"""The accessibility check itself: it must catch what it is there to catch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .axe import AxeViolations, check_a11y, visit

pytestmark = pytest.mark.browser


def test_axe_check_reports_serious_violations_with_rule_help_and_target(page: Page, personas):
    visit(page, "/")
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.insertAdjacentHTML("beforeend",
            '<p id="faint" style="color:#bbb;background:#fff">Faint text</p>' +
            '<img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');
        }"""
    )
    with pytest.raises(AxeViolations) as caught:
        check_a11y(page)
    message = str(caught.value)
    assert "color-contrast" in message
    assert "image-alt" in message
    assert "#faint" in message
    assert "#no-alt" in message


def test_pages_loaded_without_a_check_are_noticed(page: Page, personas):
    tracker = page._a11y_tracker
    page.goto("/organisations/")
    assert [url.rsplit("/", 2)[-2] for url in tracker.unchecked()] == ["organisations"]
    check_a11y(page)
    assert tracker.unchecked() == []
