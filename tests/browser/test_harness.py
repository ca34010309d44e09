"""The accessibility check itself: it must catch what it is there to catch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .axe import AxeViolations, check_a11y, visit
from .csp import CspViolations

pytestmark = pytest.mark.browser


def test_axe_check_reports_serious_violations_with_rule_help_and_target(page: Page, personas):
    visit(page, "/")
    # Styled through the CSSOM and with an image of our own: a style attribute or a data: image
    # would be refused by the Content-Security-Policy (and fail the test for that reason).
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          const faint = document.createElement("p");
          faint.id = "faint";
          faint.textContent = "Faint text";
          faint.style.color = "#bbb";
          faint.style.background = "#fff";
          const image = document.createElement("img");
          image.id = "no-alt";
          image.src = "/static/wspolnie/favicon.svg";
          main.append(faint, image);
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


@pytest.mark.parametrize("markup, directive", [
    ('<p style="color: red">inline style</p>', "style-src"),
    ('<img src="https://example.org/tracker.gif" alt="">', "img-src"),
])
def test_content_security_policy_violations_fail_the_check(page: Page, personas, markup,
                                                           directive):
    visit(page, "/")
    page.evaluate("(markup) => document.querySelector('main').insertAdjacentHTML("
                  "'beforeend', markup)", markup)
    page.wait_for_timeout(200)  # the violation event is queued as a task
    with pytest.raises(CspViolations) as caught:
        check_a11y(page)
    assert directive in str(caught.value)


def test_an_injected_inline_script_does_not_run(page: Page, personas):
    visit(page, "/")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__ran = true";
      document.body.append(script);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran === true") is False
    with pytest.raises(CspViolations, match="script-src"):
        check_a11y(page)
