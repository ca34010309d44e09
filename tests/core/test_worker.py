"""Background tasks run in a real worker process, with mail delivered to a real SMTP server."""

from __future__ import annotations

import pytest
import redis
from django.db import connection as database
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.base import make_user
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from tests.smtp import body_text

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_is_sent_by_the_database_worker(client, settings, smtp_server):
    settings.TASKS = DATABASE_TASKS
    make_user("worker-test@example.org", "Worker Test", preferred_language="uk")

    response = client.post(reverse("accounts:password_reset"), {"email": "worker-test@example.org"})
    assert response.status_code == 302
    # Queued, not sent: the request does not talk to SMTP.
    assert smtp_server.messages == []
    [queued] = DBTaskResult.objects.all()

    result = run_wspolnie(
        "worker", "--batch",
        env=child_environment(DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp_server.url),
    )
    assert result.returncode == 0, result.stderr

    messages = smtp_server.wait_for(1)
    assert len(messages) == 1
    assert messages[0]["To"] == "worker-test@example.org"
    assert "/accounts/reset/" in body_text(messages[0])
    # (The worker's sweeps may queue work of their own, e.g. the network's recomputation.)
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def _redis_or_skip(url: str) -> redis.Redis:
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {url}")
    return connection


@pytest.mark.django_db(transaction=True)
def test_rq_backend_delivers_mail_through_redis(settings, smtp_server):
    # A Redis database of its own on each backend: bin/test runs SQLite and PostgreSQL at once.
    redis_url = f"redis://127.0.0.1:6379/{15 if database.vendor == 'sqlite' else 14}"
    connection = _redis_or_skip(redis_url)
    connection.flushdb()
    from wspolnie.core.tasks import send_mail_task

    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

    send_mail_task.enqueue(subject="Przez Redis", body="Treść", to=["rq@example.org"])
    assert smtp_server.messages == []

    result = run_wspolnie(
        "worker", "--batch",
        env=child_environment(
            DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp_server.url,
            TASKS_BACKEND="rq", REDIS_URL=redis_url,
        ),
    )
    assert result.returncode == 0, result.stderr
    messages = smtp_server.wait_for(1)
    assert [m["Subject"] for m in messages] == ["Przez Redis"]
    connection.flushdb()
