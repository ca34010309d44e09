"""`wspolnie backup` / `wspolnie restore` as an operator runs them, on the database of the run
(SQLite: the online backup API; PostgreSQL: pg_dump/pg_restore), restored into a second,
empty database and compared table by table (row counts and a hash of every table's content)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.processes import child_environment, database_url_for_children, run_wspolnie


def _second_database(tmp_path: Path):
    """(DATABASE_URL, drop) of a new, empty database beside the one of the run."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return database_url_for_children().rsplit("/", 1)[0] + f"/{name}", drop


def _digests(env: dict[str, str], cwd: Path) -> dict:
    result = run_wspolnie("table-digests", env=env, cwd=str(cwd))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _one_line_error(result) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_every_table(tmp_path):
    call_command("loaddemo", stdout=io.StringIO())
    source = child_environment(DATABASE_URL=database_url_for_children())
    target_url, drop = _second_database(tmp_path)
    target = child_environment(DATABASE_URL=target_url)
    backup_file = tmp_path / "hub.backup"
    try:
        result = run_wspolnie("backup", str(backup_file), "--language", "en", env=source,
                              cwd=str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert "Backup written" in result.stdout

        result = run_wspolnie("restore", str(backup_file), env=target, cwd=str(tmp_path))
        assert result.returncode == 0, result.stderr

        original, restored = _digests(source, tmp_path), _digests(target, tmp_path)
        # Every model's table (many-to-many tables too) is there and compared.
        model_tables = {model._meta.db_table
                        for model in apps.get_models(include_auto_created=True)}
        assert model_tables <= set(original)
        assert sum(1 for table in model_tables if original[table]["rows"]) > 40
        assert original["accounts_user"]["rows"] >= 3
        assert restored == original

        # A second restore would overwrite: refused, nothing changed.
        result = run_wspolnie("restore", str(backup_file), "--language", "en", env=target,
                              cwd=str(tmp_path))
        assert _one_line_error(result) == (
            "CommandError: The database already holds data; use --force to replace it with "
            "the backup.")
        # Forced: replaced by the backup's content again.
        result = run_wspolnie("restore", str(backup_file), "--force", env=target,
                              cwd=str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert _digests(target, tmp_path) == original
    finally:
        drop()


@pytest.mark.django_db(transaction=True)
def test_bad_input_gives_one_readable_line(tmp_path):
    env = child_environment(DATABASE_URL=database_url_for_children())

    def error(*args: str) -> str:
        return _one_line_error(
            run_wspolnie(*args, "--language", "en", env=env, cwd=str(tmp_path)))

    missing = tmp_path / "missing.backup"
    assert error("restore", str(missing)) == f"CommandError: No such file: {missing}"
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    assert error("restore", str(text)) == (
        f"CommandError: {text} is not a backup made by wspolnie backup.")
    other = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP" + b"\0" * 100)
        assert error("restore", str(other)) == (
            f"CommandError: {other} is a postgresql backup; this database is sqlite.")
    else:
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
        assert error("restore", str(other)) == (
            f"CommandError: {other} is a sqlite backup; this database is postgresql.")
    assert error("backup", str(text)) == (
        f"CommandError: {text} exists already; use --force to overwrite it.")
    assert text.read_text() == "not a backup"
    nowhere = tmp_path / "no-such-folder" / "x.backup"
    assert error("backup", str(nowhere)) == (
        f"CommandError: No such folder: {nowhere.parent}")
    # No file at all: argparse's usage, ending in the one line that says what is missing.
    result = run_wspolnie("backup", env=env, cwd=str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].endswith("required: file")


@pytest.mark.django_db(transaction=True)
def test_postgres_programs_missing_give_one_readable_line(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL")
    env = child_environment(DATABASE_URL=database_url_for_children(),
                            POSTGRES_BIN_DIR=str(tmp_path))
    result = run_wspolnie("backup", str(tmp_path / "x.backup"), "--language", "en", env=env,
                          cwd=str(tmp_path))
    assert _one_line_error(result) == (
        f"CommandError: pg_dump was not found in POSTGRES_BIN_DIR ({tmp_path}).")
    assert not (tmp_path / "x.backup").exists()
