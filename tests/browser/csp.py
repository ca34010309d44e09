"""Content-Security-Policy violations fail the browser tests.

Every page the suite opens runs under the site's real policy (the live server uses the
production settings). A listener for `securitypolicyviolation`, installed in every document
before the page's own scripts, reports each violation to the console; the console of every
frame is watched for those reports and for the browser's own complaints about the CSP and
Permissions-Policy headers. `check_a11y()` (so every visit() and follow()) and the end of each
test raise `CspViolations` when anything was recorded.
"""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page

REPORT_PREFIX = "[csp-violation]"

LISTENER_JS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(REPORT_PREFIX + " " + JSON.stringify({
    directive: event.violatedDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample,
    document: event.documentURI,
  }));
}, true);
""".replace("REPORT_PREFIX", repr(REPORT_PREFIX))

# What Chromium itself writes to the console about the policies.
BROWSER_COMPLAINTS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


class CspViolations(AssertionError):
    pass


class CspTracker:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.violations: list[str] = []
        page.on("console", self._on_console)
        page._csp_tracker = self  # type: ignore[attr-defined]

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if text.startswith(REPORT_PREFIX) or any(word in text for word in BROWSER_COMPLAINTS):
            self.violations.append(f"{message.page.url if message.page else '?'}: {text}")

    def take(self) -> list[str]:
        found, self.violations = self.violations, []
        return found


def raise_csp_violations(page: Page) -> None:
    tracker = getattr(page, "_csp_tracker", None)
    if tracker is None:
        return
    found = tracker.take()
    if found:
        raise CspViolations(
            f"{len(found)} Content-Security-Policy / Permissions-Policy problem(s):\n"
            + "\n".join(f"- {line}" for line in found)
        )
