"""Staff import a CSV with one bad row: the check and the import run in a real worker process
while the page shows the progress (htmx), then the preview with the row error, then the
summary."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import Page, expect

from tests.imports.helpers import BAD_NIP, csv_bytes, make_vocabularies, org_row
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Organisation

from .axe import check_a11y, follow, visit
from .helpers import field, log_in_quickly, tr

pytestmark = pytest.mark.browser

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    result = run_wspolnie(
        "worker", "--batch", env=child_environment(DATABASE_URL=database_url_for_children())
    )
    assert result.returncode == 0, result.stderr


def wait_for_reload(page: Page, heading: str) -> None:
    """The progress fragment asks htmx to reload the page once the work is over."""
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=20_000)
    check_a11y(page)


def test_staff_import_a_file_with_one_bad_row(page: Page, personas, live_server, settings,
                                              artifacts_dir):
    settings.TASKS = DATABASE_TASKS
    make_vocabularies()
    log_in_quickly(page, personas.staff, live_server)

    visit(page, "/imports/")
    data = csv_bytes([org_row("z-przegladarki-1"), org_row("z-przegladarki-zla", nip=BAD_NIP),
                      org_row("z-przegladarki-2")])
    field(page, tr("pl", "File")).set_input_files(
        files=[{"name": "organizacje.csv", "mimeType": "text/csv", "buffer": data}]
    )
    expect(field(page, tr("pl", "What the file contains"))).to_have_value("organisations")
    follow(page, page.get_by_role("button", name=tr("pl", "Upload and check")))

    # Queued: the page shows the progress and polls it.
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("progressbar")).to_be_visible()
    run_worker()
    wait_for_reload(page, tr("pl", "Preview"))

    errors = page.get_by_role("table", name=tr("pl", "Rows with errors"))
    expect(errors.get_by_role("row")).to_have_count(2)  # header + the bad row
    bad = errors.get_by_role("row").nth(1)
    expect(bad.get_by_role("cell").nth(0)).to_have_text("3")
    expect(bad.get_by_role("cell").nth(1)).to_have_text("nip")
    expect(bad).to_contain_text("NIP")
    assert not Organisation.objects.filter(slug__startswith="z-przegladarki").exists()
    page.screenshot(path=artifacts_dir / "import-preview.png", full_page=True)

    with translation.override("pl"):
        accept = ngettext(
            "Import %(counter)s valid row", "Import all %(counter)s valid rows", 2
        ) % {"counter": 2}
    follow(page, page.get_by_role("button", name=accept))
    expect(page.get_by_role("progressbar")).to_be_visible()
    run_worker()
    wait_for_reload(page, tr("pl", "Done"))

    page.screenshot(path=artifacts_dir / "import-done.png", full_page=True)
    summary = page.get_by_role("table", name=tr("pl", "Summary of the import"))
    expect(summary.get_by_role("row", name=tr("pl", "Created"))).to_contain_text("2")
    expect(summary.get_by_role("row", name=tr("pl", "Skipped (errors)"))).to_contain_text("1")
    assert sorted(Organisation.objects.filter(slug__startswith="z-przegladarki")
                  .values_list("slug", flat=True)) == ["z-przegladarki-1", "z-przegladarki-2"]
    assert AuditEntry.objects.filter(action="organisation.imported",
                                     actor=personas.staff).count() == 2


def test_a_member_cannot_open_the_import(page: Page, personas, live_server):
    log_in_quickly(page, personas.bob, live_server)
    visit(page, "/imports/", status=403)
    visit(page, "/exports/")
    expect(page.get_by_role("link", name=tr("pl", "Import data"))).to_have_count(0)
