"""Browser tests: a real Chromium (Debian's, never a downloaded one) driven by Playwright.

Playwright's sync API keeps an event loop running in the main thread, so Django would refuse
ORM calls from the test (SynchronousOnlyOperation) without DJANGO_ALLOW_ASYNC_UNSAFE.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.base import make_personas

from .axe import AXE_JS, DocumentTracker
from .csp import LISTENER_JS, CspTracker, raise_csp_violations
from .helpers import DESKTOP

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; browser tests must run in CI", pytrace=False)
        pytest.skip(f"{reason}; skipping the browser tests")

    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def personas(transactional_db) -> SimpleNamespace:
    """alice (admin of org), bob (member of org), charlie, staff: see tests/base.py."""
    namespace = SimpleNamespace()
    make_personas(namespace)
    return namespace


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


@pytest.fixture
def new_page(request, browser, live_server) -> Iterator[Callable]:
    """Open a page in a fresh browser context (own cookies), e.g. new_page(locale="uk-UA").

    Every document the page loads must be checked with axe (visit() or check_a11y()), or the
    test fails at teardown; so does any Content-Security-Policy violation (tests/browser/csp.py).
    """
    contexts, trackers, pages = [], [], []

    def open_page(locale: str = "pl-PL", viewport: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport=viewport or DESKTOP
        )
        context.set_default_timeout(10_000)
        # axe-core in every document from the start: one transfer per context instead of
        # one add_script_tag per page (check_a11y still injects it if it is missing).
        context.add_init_script(path=AXE_JS)
        context.add_init_script(script=LISTENER_JS)
        contexts.append(context)
        page = context.new_page()
        trackers.append(DocumentTracker(page))
        CspTracker(page)
        pages.append(page)
        return page

    yield open_page

    unchecked = [url for tracker in trackers for url in tracker.unchecked()]
    csp_problems = []
    for page in pages:
        try:
            raise_csp_violations(page)
        except AssertionError as problem:
            csp_problems.append(str(problem))
    for context in contexts:
        context.close()
    if csp_problems and not getattr(request.node, "browser_call_failed", True):
        pytest.fail("\n".join(csp_problems), pytrace=False)
    if unchecked and not getattr(request.node, "browser_call_failed", True):
        pytest.fail(
            "page(s) loaded without an accessibility check (use visit() or check_a11y()): "
            + ", ".join(unchecked),
            pytrace=False,
        )


@pytest.fixture
def page(new_page):
    """A desktop page whose browser asks for Polish, the site's default language."""
    return new_page()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
