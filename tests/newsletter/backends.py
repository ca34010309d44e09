"""The two real task backends for tests that run a `wspolnie worker` process: the database
(django-tasks-db) and Redis (RQ). Each test gets a Redis database number of its own (`slot`),
different on SQLite and PostgreSQL, so that parallel runs never flush each other's queue."""

from __future__ import annotations

import pytest
import redis
from django.db import connection

BACKENDS = ["database", "rq"]


def redis_url(slot: int) -> str:
    # Databases 1-8 on Redis's default 16; 0 and the high numbers are left to other tests.
    number = 1 + 2 * slot + (0 if connection.vendor == "sqlite" else 1)
    return f"redis://127.0.0.1:6379/{number}"


def use_backend(backend: str, settings, slot: int) -> dict[str, str]:
    """Point this test process at the backend (what `do_start_sending` enqueues into) and
    return the environment for the worker processes."""
    if backend == "database":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        return {"TASKS_BACKEND": "database"}
    url = redis_url(slot)
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {url}")
    client.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return {"TASKS_BACKEND": "rq", "REDIS_URL": url}


def flush(env: dict[str, str]) -> None:
    if "REDIS_URL" in env:
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
