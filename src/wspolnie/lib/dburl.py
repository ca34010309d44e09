"""DATABASE_URL parsing that fails with one readable sentence instead of a traceback."""

from __future__ import annotations

from typing import Any

import dj_database_url

from .env import EnvError

SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def parse_database_url(url: str, conn_max_age: int = 0) -> dict[str, Any]:
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        raise EnvError(
            f"DATABASE_URL must start with sqlite:/// or postgres:// (got {url!r})"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise EnvError(f"DATABASE_URL could not be read: {exc}") from None
    if not config.get("NAME"):
        raise EnvError(f"DATABASE_URL names no database (got {url!r})")
    return config
