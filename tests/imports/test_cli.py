"""`wspolnie import FILE`, run as a real command in a child process against the test database."""

from __future__ import annotations

import pytest

from tests.base import make_personas
from tests.helpers import tr
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Organisation

from .helpers import BAD_NIP, csv_bytes, make_vocabularies, org_row, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    make_vocabularies()
    namespace = type("People", (), {})()
    make_personas(namespace)
    return namespace


def wspolnie_import(*args: str):
    return run_wspolnie(
        "import", *args, env=child_environment(DATABASE_URL=database_url_for_children())
    )


def rows_with_one_error() -> list[dict[str, str]]:
    return [org_row("cli-1"), org_row("cli-zla", nip=BAD_NIP), org_row("cli-2")]


def cli_slugs() -> list[str]:
    return sorted(Organisation.objects.filter(slug__startswith="cli-")
                  .values_list("slug", flat=True))


def test_a_missing_file_is_one_readable_line(people, tmp_path):
    result = wspolnie_import(str(tmp_path / "nie-ma.csv"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: " + tr("pl", "No such file: %(path)s") % {"path": tmp_path / "nie-ma.csv"}
    ]


def test_an_unreadable_format_is_one_readable_line(people, tmp_path):
    path = tmp_path / "skan.pdf"
    path.write_bytes(b"%PDF-1.4 binary")
    result = wspolnie_import(str(path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: skan.pdf: " + tr("pl", "Only CSV and XLSX files can be imported.")
    ]


def test_row_errors_without_flags_print_the_errors_and_save_nothing(people, tmp_path):
    path = tmp_path / "organizacje.csv"
    path.write_bytes(csv_bytes(rows_with_one_error()))
    result = wspolnie_import(str(path))
    assert result.returncode == 1
    error_line = tr("pl", "Row %(row)d, %(column)s: %(message)s") % {
        "row": 3, "column": "nip",
        "message": tr("pl", "This %(label)s number has a wrong check digit: please look for "
                            "a typo.") % {"label": "NIP"},
    }
    assert error_line in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("CommandError: ")
    assert cli_slugs() == []
    assert not AuditEntry.objects.exists()


def test_dry_run_checks_and_saves_nothing(people, tmp_path):
    path = tmp_path / "organizacje.xlsx"
    path.write_bytes(xlsx_bytes(rows_with_one_error()))
    result = wspolnie_import(str(path), "--dry-run", "--language", "en")
    assert result.returncode == 0, result.stderr
    assert ("Checked 3 rows: 2 to create, 0 to update, 0 without changes, 1 with errors."
            in result.stdout)
    assert "Dry run: nothing was saved." in result.stdout
    assert "Row 3, nip:" in result.stderr
    assert cli_slugs() == []


def test_accept_valid_imports_the_valid_rows_with_progress_and_a_summary(people, tmp_path):
    path = tmp_path / "organizacje.csv"
    path.write_bytes(csv_bytes(rows_with_one_error()))
    result = wspolnie_import(str(path), "--accept-valid", "--language", "en")
    assert result.returncode == 0, result.stderr
    # Not a terminal: plain progress lines instead of a bar.
    assert "Checking: 3 of 3 rows (100%)" in result.stderr
    assert "Importing: 3 of 3 rows (100%)" in result.stderr
    assert "\r" not in result.stderr
    assert ("Imported: 2 created, 0 updated, 0 without changes, 1 skipped."
            in result.stdout)
    assert cli_slugs() == ["cli-1", "cli-2"]
    entry = AuditEntry.objects.filter(action="organisation.imported").first()
    assert entry.actor is None  # the system, without --as


def test_as_an_org_admin(people, tmp_path):
    path = tmp_path / "moja.csv"
    path.write_bytes(csv_bytes([
        {"slug": people.org.slug, "name": "Nazwa z wiersza poleceń"},
        {"slug": people.other_org.slug, "name": "Nie moja"},
    ]))
    result = wspolnie_import(str(path), "--as", "ALICE@example.org", "--accept-valid")
    assert result.returncode == 0, result.stderr
    assert Organisation.objects.get(pk=people.org.pk).name == "Nazwa z wiersza poleceń"
    assert Organisation.objects.get(pk=people.other_org.pk).name == "Stowarzyszenie Inne"
    entry = AuditEntry.objects.get(action="organisation.import_updated")
    assert entry.actor == people.alice


def test_as_an_unknown_user_or_a_member(people, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([org_row("cli-x")]))
    result = wspolnie_import(str(path), "--as", "nobody@example.org")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    result = wspolnie_import(str(path), "--as", "bob@example.org")
    assert result.returncode == 1
    result = wspolnie_import(str(path), "--as", "alice@example.org", "--approve")
    assert result.returncode == 1
    assert cli_slugs() == []


def test_services_need_a_user(people, tmp_path):
    path = tmp_path / "uslugi.csv"
    path.write_bytes(b"organisation,name_pl\nfundacja-testowa,Porady\n")
    result = wspolnie_import(str(path), "--entity", "services")
    assert result.returncode == 1
    assert "--as" in result.stderr
    result = wspolnie_import(str(path), "--entity", "services", "--as", "alice@example.org",
                             "--language", "en")
    assert result.returncode == 0, result.stderr
    assert "1 created" in result.stdout
