"""Pages that are not our templates work under the Content-Security-Policy too: Django's admin
and the API documentation (Swagger UI, served from our static files). The harness fails any
test on a violation (tests/browser/csp.py); axe is not run on these pages (not ours to fix)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.csp import raise_csp_violations
from tests.browser.helpers import log_in_quickly

pytestmark = pytest.mark.browser


def open_without_axe(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")
    page._a11y_tracker.mark_checked()
    raise_csp_violations(page)


def test_the_admin_works_with_its_scripts_under_the_policy(page: Page, personas, live_server):
    personas.staff.is_superuser = True
    personas.staff.save(update_fields=["is_superuser"])
    log_in_quickly(page, personas.staff, live_server)
    open_without_axe(page, "/admin/")
    open_without_axe(page, "/admin/organisations/organisation/add/")
    # The admin's own JavaScript runs: the slug is filled in from the name as one types.
    page.locator("#id_name").press_sequentially("Fundacja Nowa Droga")
    expect(page.locator("#id_slug")).to_have_value("fundacja-nowa-droga")
    # Inline formsets ("Add another") are built by admin's inlines.js.
    group = page.locator(".inline-group").first
    rows = group.locator(".inline-related:not(.empty-form)")
    before = rows.count()
    group.locator(".add-row a").click()
    expect(rows).to_have_count(before + 1)
    page._a11y_tracker.mark_checked()
    raise_csp_violations(page)


def test_the_api_documentation_renders(page: Page, personas):
    open_without_axe(page, "/api/docs")
    # Swagger UI's script ran and built the operations from /api/openapi.json.
    operation = page.get_by_role("link", name="/api/accounts/me", exact=True)
    expect(operation).to_be_visible(timeout=20_000)
    page.wait_for_timeout(300)
    raise_csp_violations(page)
