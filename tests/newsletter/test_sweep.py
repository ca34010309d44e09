"""The worker's sweep resumes a sending issue whose task was lost, on both backends.

The issue is "sending" with queued deliveries but no task that would send them — as after the
web process died between committing "send" and handing the first batch to Redis, or a worker
killed between taking a watchdog task and claiming. A real `wspolnie worker --batch` must send
it anyway (it sweeps at start), and a sweep must leave an issue alone while it is covered.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.base import make_user
from tests.processes import child_environment, database_url_for_children, run_wspolnie
from wspolnie.newsletter import fanout, issues
from wspolnie.newsletter.models import Delivery, Issue

from .backends import BACKENDS, flush, use_backend
from .factories import make_subscriber
from .issue_factories import make_announcement


def _orphaned_issue(started_minutes_ago: float) -> Issue:
    staff = make_user("sweep-staff@example.org", "Sweep Staff", is_staff=True)
    for address in ("ola@example.org", "taras@example.org", "mia@example.org"):
        make_subscriber(address)
    issue = issues.do_create_issue(staff, [make_announcement("Sąsiedzki piknik")])
    # Queued, but no task enqueued: the lost hand-over.
    issues.start_sending(issue, staff, enqueue=False)
    started = timezone.now() - dt.timedelta(minutes=started_minutes_ago)
    Issue.objects.filter(pk=issue.pk).update(started_at=started, created=started)
    return Issue.objects.get(pk=issue.pk)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.django_db(transaction=True)
def test_the_worker_resumes_an_issue_whose_task_was_lost(settings, smtp_server, backend):
    backend_env = use_backend(backend, settings, slot=1)
    issue = _orphaned_issue(started_minutes_ago=5)
    try:
        result = run_wspolnie(
            "worker", "--batch",
            env=child_environment(
                DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp_server.url,
                NEWSLETTER_LEASE_SECONDS="2", NEWSLETTER_RATE_PER_SECOND="0", **backend_env,
            ),
        )
    finally:
        flush(backend_env)
    assert result.returncode == 0, result.stderr
    assert sorted(m["To"] for m in smtp_server.wait_for(3)) == [
        "mia@example.org", "ola@example.org", "taras@example.org"]
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_sweep_leaves_a_fresh_or_covered_issue_alone(settings):
    use_backend("database", settings, slot=1)
    settings.NEWSLETTER_LEASE_SECONDS = 120
    fresh = _orphaned_issue(started_minutes_ago=1)
    # Started a minute ago: its first batch may simply not have run yet.
    assert fanout.sweep() == []

    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Issue.objects.filter(pk=fresh.pk).update(started_at=long_ago, created=long_ago)
    assert fanout.sweep() == [fresh.pk]
    # Resumed once: the batch it enqueued is now the issue's watchdog, so it is covered.
    assert fanout.sweep() == []
    assert Delivery.objects.filter(issue=fresh, status=Delivery.Status.QUEUED).count() == 3
