"""Accessibility checks with axe-core, run on every page the browser suite looks at.

`visit()` opens a URL and checks it; `follow()` clicks a link or a submit button and checks the
page it leads to (a re-rendered form with errors included); `check_a11y()` checks the page as
it is now, after an interaction that changed it in place (each also fails on a
Content-Security-Policy violation, see csp.py). The `page` fixture counts the
documents the browser loads and fails the test if one of them was never checked.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Response

from .csp import raise_csp_violations

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
  }));
}"""


class AxeViolations(AssertionError):
    pass


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} serious/critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            if node["summary"]:
                for summary_line in node["summary"].splitlines():
                    lines.append(f"      {summary_line}")
    return "\n".join(lines)


def check_a11y(page: Page) -> None:
    """Run axe on the current document; fail on any serious or critical violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluate(), not add_script_tag(): an inline <script> would be refused by the CSP.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = [
        violation
        for violation in page.evaluate(_RUN_AXE)
        if violation["impact"] in FAILING_IMPACTS
    ]
    tracker = getattr(page, "_a11y_tracker", None)
    if tracker is not None:
        tracker.mark_checked()
    if violations:
        raise AxeViolations(format_violations(page.url, violations))
    raise_csp_violations(page)


def visit(page: Page, url: str, *, status: int = 200) -> Response:
    """Open `url` like a person typing it into the address bar, then check accessibility."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    check_a11y(page)
    return response


def follow(page: Page, locator, *, status: int = 200) -> Response | None:
    """Click something that loads a new document (a link, a submit button), wait for it and
    check it. Returns the response of the new document."""
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    if response is not None:
        assert response.status == status, (
            f"{response.url} answered {response.status}, expected {status}"
        )
    check_a11y(page)
    return response


class DocumentTracker:
    """Counts the documents loaded in the main frame and which of them axe has checked."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[int] = set()
        page.on("framenavigated", self._on_navigated)
        page._a11y_tracker = self  # type: ignore[attr-defined]

    def _on_navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loaded.append(frame.url)

    def mark_checked(self) -> None:
        # The document that axe just ran in was committed before axe's answer came back, so its
        # navigation event has been counted already.
        if self.loaded:
            self.checked.add(len(self.loaded) - 1)

    def unchecked(self) -> list[str]:
        return [url for index, url in enumerate(self.loaded) if index not in self.checked]

