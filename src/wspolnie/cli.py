"""The `wspolnie` command: Django's management commands under one name, with readable errors.

`wspolnie demo`, `wspolnie serve`, `wspolnie worker` and `wspolnie loaddemo` are management
commands of wspolnie.core; everything manage.py knows works too (`wspolnie migrate`, ...).
"""

from __future__ import annotations

import contextlib
import os
import sys

#: Where `wspolnie demo` serves (plain HTTP, this machine only).
DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000


def _demo_port(argv: list[str]) -> int:
    """The --port given to `wspolnie demo` (the command's own parser reports a bad value)."""
    import argparse

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--port")
    known, _rest = parser.parse_known_args(argv)
    try:
        return int(known.port) if known.port is not None else DEMO_PORT
    except ValueError:
        return DEMO_PORT


def _demo_secret_key(data_dir) -> str:
    """A random signing key kept in the data folder: sessions survive restarts, and no key is
    shared between demo installs."""
    import secrets

    path = data_dir / "secret_key"
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # two demos started at once
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as key_file:
                key_file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _prepare_demo_environment(argv: list[str]) -> None:
    # The demo is the zero-set-up path: SQLite in the data folder, mail on the console. It runs
    # like production (DEBUG off: the product's own translated error pages, never Django's
    # technical ones), but over plain HTTP on this machine. Whatever the shell has for a
    # production database, key, hosts or HTTPS is deliberately not used.
    from pathlib import Path

    data_dir = Path(os.environ.get("WSPOLNIE_DATA_DIR", Path.cwd() / "var")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["WSPOLNIE_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'demo.sqlite3'}"
    os.environ.setdefault("DEBUG", "0")
    os.environ["SECRET_KEY"] = _demo_secret_key(data_dir)
    os.environ["HTTPS"] = "0"
    os.environ["ALLOWED_HOSTS"] = f"{DEMO_HOST},localhost"
    # Links in pages, mails, renderings and the poster's QR code must point where the demo
    # really runs. Set here, before the settings are read, so that the worker process the
    # demo starts inherits the same address.
    os.environ.setdefault("SITE_URL", f"http://{DEMO_HOST}:{_demo_port(argv[2:])}")
    os.environ.setdefault("EMAIL_URL", "console://")
    os.environ["TASKS_BACKEND"] = "database"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "wspolnie"
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        # `wspolnie send-newsletter` reads better than Django's send_newsletter; both work.
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wspolnie.settings")
    if len(argv) > 1 and argv[1] == "demo":
        _prepare_demo_environment(argv)

    from django.core.exceptions import ImproperlyConfigured

    from wspolnie.lib.env import EnvError

    try:
        import django

        django.setup()
    except (EnvError, ImproperlyConfigured) as exc:
        print(f"wspolnie: configuration error: {exc}", file=sys.stderr)
        return 2

    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(argv)
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"wspolnie: database error: {first_line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
