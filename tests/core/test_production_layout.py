"""The production layout of README's "Production layout", on this machine: `wspolnie serve`
with two web workers and two `wspolnie worker` processes on Redis (RQ), mail to a real SMTP
server on loopback, on the test database (SQLite or PostgreSQL).

- A registration rush: 50 people register at once (half with the form, half through the API)
  for a meeting with 10 seats: exactly 10 are confirmed, 40 wait, and every one of them gets
  their mail, sent by the task workers.
- A newsletter issue goes out to its subscribers through the same workers.

Skipped when Redis does not answer on 127.0.0.1:6379, except on CI (CI=true), where bin/test
starts it: there a missing Redis is a failure.
"""

from __future__ import annotations

import os
import subprocess
import time

import pytest
import redis
from django.conf import settings as django_settings

from tests.base import make_user
from tests.meetings.factories import make_event
from tests.meetings.test_concurrency import Browser, fire
from tests.newsletter.backends import flush, redis_url, use_backend
from tests.newsletter.factories import make_subscriber
from tests.newsletter.issue_factories import make_announcement
from tests.newsletter.test_crash_safety import start_worker
from tests.processes import child_environment, database_url_for_children, serving, shut_down
from wspolnie.meetings.models import Registration
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Issue
from wspolnie.organisations.models import Organisation

SEATS, PEOPLE, SUBSCRIBERS, WORKERS = 10, 50, 12, 2
#: Redis database slot of this test (tests/newsletter/backends.py; 0 and 1 are the newsletter's).
SLOT = 2


@pytest.fixture
def rq_backend(settings):
    url = redis_url(SLOT)
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url} (CI: bin/test starts it)")
        pytest.skip(f"Redis is not reachable at {url}")
    env = use_backend("rq", settings, slot=SLOT)
    yield env
    flush(env)


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_registration_rush_and_a_newsletter_through_two_web_and_two_task_workers_on_redis(
    rq_backend, smtp_server, tmp_path
):
    organisation = Organisation.objects.create(
        name="Organizator", slug="organizator", kind="ngo", status="approved")
    event = make_event(organisation, capacity=SEATS)
    staff = make_user("layout-staff@example.org", "Layout Staff", is_staff=True)
    readers = [f"reader{number:02}@example.org" for number in range(SUBSCRIBERS)]
    for address in readers:
        make_subscriber(address)
    issue = issues.do_create_issue(staff, [make_announcement("Dzień otwarty")])

    env = child_environment(
        DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp_server.url,
        WSPOLNIE_DATA_DIR=str(tmp_path), NEWSLETTER_RATE_PER_SECOND="0",
        # The static files this test process would collect: `serve` collects only what changed.
        STATIC_ROOT=str(django_settings.STATIC_ROOT),
        WORKER_SWEEP_SECONDS="60", MEETING_REGISTRATIONS_PER_HOUR="1000", **rq_backend,
    )
    workers: list[subprocess.Popen] = []
    started = time.monotonic()
    try:
        workers = [start_worker(env) for _ in range(WORKERS)]
        with serving(env, tmp_path / "serve.log", workers=2,
                     ready_path=f"/meetings/{event.slug}/") as url:
            up = time.monotonic()
            path = f"/meetings/{event.slug}/register/"
            browsers = [Browser(url) for _ in range(PEOPLE)]

            def register(index: int, step):
                if step == "prepare":
                    return browsers[index].get_form(path) if index % 2 == 0 else None
                data = {"name": f"Osoba {index}", "email": f"person{index}@example.org",
                        "language": "pl"}
                if index % 2 == 0:
                    return browsers[index].post_form(
                        path, {**data, "csrfmiddlewaretoken": step})
                return browsers[index].post_json(
                    f"/api/meetings/events/{event.slug}/registrations", data)

            statuses = fire(PEOPLE, register)
            rushed = time.monotonic()

            assert sorted(set(statuses)) == [201, 302], statuses
            registrations = Registration.objects.filter(event=event)
            assert registrations.filter(status=Registration.Status.CONFIRMED).count() == SEATS
            assert registrations.filter(
                status=Registration.Status.WAITLISTED).count() == PEOPLE - SEATS
            # Every registration's mail, sent by the task workers (not the web workers).
            smtp_server.wait_for(PEOPLE, timeout=30)
            recipients = sorted(message["To"] for message in smtp_server.messages)
            assert recipients == sorted(f"person{index}@example.org" for index in range(PEOPLE))

            mailed = time.monotonic()
            assert issues.do_start_sending(staff, issue) == SUBSCRIBERS
            wait_until(lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT,
                       30, "the newsletter to be sent")
            newsletter = [message["To"] for message in smtp_server.messages[PEOPLE:]]
            assert sorted(newsletter) == readers
            print(f"\nproduction layout: started in {up - started:.1f} s, {PEOPLE} registrations "
                  f"in {rushed - up:.1f} s, their mails {mailed - rushed:.1f} s later, "
                  f"{SUBSCRIBERS} newsletters in {time.monotonic() - mailed:.1f} s")
    finally:
        for worker in workers:
            shut_down(worker)
