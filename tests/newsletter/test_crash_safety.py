"""The fan-out survives a worker that is killed in the middle of sending — on both backends.

A REAL worker process (`wspolnie worker`, with the database task backend or with Redis/RQ)
sends an issue to 60 subscribers through a real SMTP server on loopback, throttled so that
sending takes a few seconds. The test kills it with SIGKILL three times while mails are going
out, each time after more mails have arrived, and starts a new one. Every process of the worker
is killed, as a crash of the machine would: with RQ that is the worker, the work horse it forked
for the running batch and its scheduler (which leaves RQ's scheduler lock to expire first).
In the end every subscriber has the mail; a mail may have arrived twice only if it was in
flight when a worker died (accepted by SMTP, "sent" not yet committed) — at most one per kill —
and then with the same Message-ID.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict

import pytest

from tests.base import make_user
from tests.processes import child_environment, database_url_for_children, shut_down, stop
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Delivery, Issue

from .backends import BACKENDS, flush, use_backend
from .factories import make_subscriber
from .issue_factories import make_announcement

SUBSCRIBERS = 60
KILL_AFTER = (8, 22, 36)  # mails arrived before each kill


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "worker", "--interval", "0.2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def wait_until(condition, timeout: float, what: str, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited ({worker.returncode}): {worker.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nobody_and_duplicates_keep_their_message_id(
    settings, smtp_server, backend
):
    backend_env = use_backend(backend, settings, slot=0)
    staff = make_user("crash-staff@example.org", "Crash Staff", is_staff=True)
    emails = [f"reader{number:02}@example.org" for number in range(SUBSCRIBERS)]
    for number, address in enumerate(emails):
        make_subscriber(address, ["uk"] if number % 2 else ["pl"])
    issue = issues.do_create_issue(staff, [make_announcement(
        "Dzień otwarty", translations={"uk": ("День відкритих дверей", "Запрошуємо.")})])
    assert issues.do_start_sending(staff, issue) == SUBSCRIBERS

    env = child_environment(
        DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp_server.url,
        # 10 mails a second: six seconds of sending, batches of 10 (half a 2-second lease).
        NEWSLETTER_RATE_PER_SECOND="10", NEWSLETTER_LEASE_SECONDS="2",
        NEWSLETTER_BATCH_SIZE="50", NEWSLETTER_RETRY_BASE_SECONDS="1",
        WORKER_SWEEP_SECONDS="1", **backend_env,
    )
    arrived = lambda: len(smtp_server.catcher.received)  # noqa: E731
    kills = 0
    workers: list[subprocess.Popen] = []
    try:
        for target in KILL_AFTER:
            worker = start_worker(env)
            workers.append(worker)
            wait_until(lambda target=target: arrived() >= target, 30,
                       f"{target} mails", worker)
            stop(worker, signal.SIGKILL)
            worker.wait(timeout=10)
            kills += 1
            # Killed in the middle: not everything has gone.
            assert arrived() < SUBSCRIBERS
        worker = start_worker(env)
        workers.append(worker)
        wait_until(
            lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT, 40,
            "the issue to be sent", worker,
        )
    finally:
        for worker in workers:
            shut_down(worker)
        flush(backend_env)

    received = smtp_server.messages
    per_recipient = Counter(message["To"] for message in received)
    message_ids: dict[str, set[str]] = defaultdict(set)
    for message in received:
        message_ids[message["To"]].add(message["Message-ID"])
    expected_ids = dict(Delivery.objects.values_list("email", "message_id"))

    # Nobody lost.
    assert set(per_recipient) == set(emails)
    # Every copy of a recipient's mail carries that recipient's one Message-ID.
    assert {to: ids for to, ids in message_ids.items() if len(ids) != 1} == {}
    assert {to: ids.pop() for to, ids in message_ids.items()} == expected_ids
    # Duplicates: at most the one message in flight per kill.
    duplicates = len(received) - SUBSCRIBERS
    assert duplicates <= kills, per_recipient.most_common(5)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    print(f"\ncrash test ({backend}): {kills} kills, {len(received)} mails for {SUBSCRIBERS} "
          f"subscribers, {duplicates} duplicate(s)")
