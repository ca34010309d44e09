"""The `wspolnie` command: Django's management commands under one name, with readable errors.

`wspolnie demo`, `wspolnie serve`, `wspolnie worker` and `wspolnie loaddemo` are management
commands of wspolnie.core; everything manage.py knows works too (`wspolnie migrate`, ...).
"""

from __future__ import annotations

import os
import sys


def _prepare_demo_environment() -> None:
    # The demo is the zero-set-up path: SQLite in the data folder, mail on the console,
    # debug pages on. Whatever the shell has for production is deliberately not used.
    from pathlib import Path

    data_dir = Path(os.environ.get("WSPOLNIE_DATA_DIR", Path.cwd() / "var")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["WSPOLNIE_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'demo.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
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
        _prepare_demo_environment()

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
