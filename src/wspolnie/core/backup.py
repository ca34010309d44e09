"""Backup and restore of the whole database (`wspolnie backup FILE`, `wspolnie restore FILE`).

- SQLite: Python's online backup API (`sqlite3.Connection.backup`), page by page and consistent
  while the server and the worker keep writing (WAL); the file written is itself an SQLite
  database. Restoring copies it back the same way, so open connections see the restored
  content at once.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --no-owner
  --single-transaction` (all or nothing). The binaries are looked for in POSTGRES_BIN_DIR
  if set, else on PATH, then in /usr/lib/postgresql/<version>/bin (newest first).

A restore refuses a database that already holds data (anything beyond what `migrate` writes)
unless forced. `table_digests` gives a content hash of every table, to compare two databases
(`wspolnie table-digests`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"

#: Tables that `migrate` fills by itself: a database holding rows only here is empty.
SCHEMA_TABLES = frozenset({
    "django_migrations", "django_content_type", "auth_permission", "sqlite_sequence",
    # The data versions of the caches (core.versions): written by the first page view of a
    # fresh install, they are no data (a restore brings the backup's own back).
    "core_dataversion",
})


class BackupError(Exception):
    """Something the operator must fix; its message is one readable, translated line."""


def _connection(alias: str = "default"):
    connection = connections[alias]
    connection.ensure_connection()
    return connection


# --- digests -------------------------------------------------------------------------------


def _user_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor, include_views=False)
    if connection.vendor == "sqlite":
        # FTS5's own shadow tables follow their virtual table; the virtual table's rows are
        # compared through it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type='table' "
                           "AND sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = [row[0] for row in cursor.fetchall()]
        shadows = {f"{name}_{suffix}" for name in virtual
                   for suffix in ("data", "idx", "content", "docsize", "config")}
        names = [name for name in names if name not in shadows]
    return sorted(name for name in names if name != "sqlite_sequence")


def _canonical(value) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "1" if value else "0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def table_digests(alias: str = "default") -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of its rows)} for every table of the database; rows are hashed
    in a canonical order (sorted), so two databases with the same content give the same."""
    connection = _connection(alias)
    digests = {}
    for table in _user_tables(connection):
        quoted = connection.ops.quote_name(table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - a name from the schema
            rows = sorted("\x1f".join(_canonical(value) for value in row)
                          for row in cursor.fetchall())
        digest = hashlib.sha256()
        for row in rows:
            digest.update(row.encode("utf-8", "surrogatepass") + b"\x1e")
        digests[table] = (len(rows), digest.hexdigest())
    return digests


def holds_data(alias: str = "default") -> bool:
    """Whether the database holds rows beyond those `migrate` writes."""
    connection = _connection(alias)
    for table in _user_tables(connection):
        if table in SCHEMA_TABLES:
            continue
        quoted = connection.ops.quote_name(table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {quoted} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return True
    return False


# --- files ---------------------------------------------------------------------------------


def _check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise BackupError(_("%(path)s exists already; use --force to overwrite it.")
                          % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("No such folder: %(path)s") % {"path": path.parent})


def _kind_of(path: Path) -> str:
    try:
        with path.open("rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(_("No such file: %(path)s") % {"path": path}) from None
    except OSError as error:
        raise BackupError(_("Cannot read %(path)s: %(error)s")
                          % {"path": path, "error": error.strerror or error}) from None
    if start == SQLITE_MAGIC:
        return "sqlite"
    if start.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return ""


def _check_kind(path: Path, vendor: str) -> None:
    kind = _kind_of(path)
    if kind == vendor:
        return
    if not kind:
        raise BackupError(_("%(path)s is not a backup made by wspolnie backup.")
                          % {"path": path})
    raise BackupError(_("%(path)s is a %(kind)s backup; this database is %(vendor)s.")
                      % {"path": path, "kind": kind, "vendor": vendor})


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_path(connection) -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_backup(connection, path: Path) -> None:
    partial = path.with_name(f".{path.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    source = sqlite3.connect(_sqlite_path(connection), timeout=20)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            # A self-contained file: no -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
    os.replace(partial, path)


def _sqlite_restore(connection, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            status = source.execute("PRAGMA quick_check").fetchone()[0]
            has_migrations = source.execute(
                "SELECT 1 FROM sqlite_master WHERE name='django_migrations'").fetchone()
        except sqlite3.DatabaseError:
            status, has_migrations = "damaged", None
        if status != "ok" or not has_migrations:
            raise BackupError(_("%(path)s is damaged or not a backup made by wspolnie backup.")
                              % {"path": path})
        connection.close()
        target = sqlite3.connect(_sqlite_path(connection), timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_binary(name: str) -> str:
    """The path of pg_dump / pg_restore: in POSTGRES_BIN_DIR if that is set (only there), else
    PATH first, then Debian's versioned folders."""
    folder = os.environ.get("POSTGRES_BIN_DIR", "").strip()
    if folder:
        candidate = Path(folder) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
        raise BackupError(_("%(program)s was not found in POSTGRES_BIN_DIR (%(folder)s).")
                          % {"program": name, "folder": folder})
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(_("%(program)s was not found: install the PostgreSQL client programs "
                        "(Debian: postgresql-client).") % {"program": name})


def _pg_arguments(connection) -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    arguments = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        arguments += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return arguments, env


def _run(program: str, arguments: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments from the settings
        [program, *arguments, "--no-password"], env=env, capture_output=True, text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        detail = lines[0] if lines else f"exit status {result.returncode}"
        raise BackupError(_("%(program)s failed: %(detail)s")
                          % {"program": Path(program).name, "detail": detail})


def _pg_backup(connection, path: Path) -> None:
    arguments, env = _pg_arguments(connection)
    partial = path.with_name(f".{path.name}.partial")
    _run(postgres_binary("pg_dump"),
         [*arguments, "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)],
         env)
    os.replace(partial, path)


def _pg_restore(connection, path: Path) -> None:
    arguments, env = _pg_arguments(connection)
    connection.close()
    _run(postgres_binary("pg_restore"),
         [*arguments, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", str(path)],
         env)


# --- entry points --------------------------------------------------------------------------


def _vendor(connection) -> str:
    if connection.vendor in {"sqlite", "postgresql"}:
        return connection.vendor
    raise BackupError(_("Backups support SQLite and PostgreSQL only."))


def backup(path: Path, *, force: bool = False, alias: str = "default") -> None:
    path = Path(path).absolute()
    _check_target(path, force)
    connection = _connection(alias)
    if _vendor(connection) == "sqlite":
        _sqlite_backup(connection, path)
    else:
        _pg_backup(connection, path)


def restore(path: Path, *, force: bool = False, alias: str = "default") -> None:
    path = Path(path).absolute()
    connection = _connection(alias)
    vendor = _vendor(connection)
    _check_kind(path, vendor)
    if vendor == "postgresql":
        postgres_binary("pg_restore")  # before anything else: a readable line if missing
    if not force and holds_data(alias):
        raise BackupError(_("The database already holds data; use --force to replace it with "
                            "the backup."))
    if vendor == "sqlite":
        _sqlite_restore(connection, path)
    else:
        _pg_restore(connection, path)
