"""Killing the web server or the task worker with SIGKILL loses nothing that was accepted.

Real processes: `wspolnie serve` (gunicorn, 2 workers) and `wspolnie worker` (database task
backend) on the test database, a real SMTP server on loopback. (The newsletter fan-out has its
own crash test: tests/newsletter/test_crash_safety.py.)

- Web: people register for a meeting and post cards on a board, several at once. While they
  do, one gunicorn worker is killed (gunicorn starts another), then the whole server. Every
  registration and card whose poster got the success answer is in the database after the
  restart, and every accepted registration's confirmation mail waits in the outbox: a request
  answers only after its transaction (registration and outbox row together) has committed.
- Worker: 24 queued mails, sent slowly; the worker is killed in the middle and started again.
  Every mail arrives. At least once: a copy may arrive twice only when the worker died after
  the SMTP server took it and before its outbox row was deleted (at most one per kill), and
  then with the same Message-ID (see wspolnie.core.mail).
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

import pytest
from django.db import transaction

from tests.base import make_user
from tests.meetings.factories import make_event
from tests.processes import (
    child_environment,
    database_url_for_children,
    descendants,
    shut_down,
    stop,
)
from tests.smtp import MailCatcher, SmtpServer, free_port
from wspolnie.boards.models import Card
from wspolnie.boards.services import do_create_board
from wspolnie.core.mail import queue_mail
from wspolnie.core.models import OutgoingMail
from wspolnie.meetings.models import Registration
from wspolnie.organisations.models import Organisation

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def wait_until(condition, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the process exited ({process.returncode}): {process.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit(base_url: str, path: str, data: dict, action: str = "") -> bool:
    """Load the page with the form (CSRF cookie and token) and post it (to `action`, or back
    to the page), as one person's browser; True when the server answered with the form's
    success (a redirect), False when it was not there."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())
    try:
        with opener.open(base_url + path, timeout=20) as response:
            html = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        request = urllib.request.Request(
            base_url + (action or path), method="POST", headers={"Referer": base_url + path},
            data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode())
        with opener.open(request, timeout=20):
            return False  # 200: the form again (it should not be)
    except urllib.error.HTTPError as error:
        assert error.code in {302, 303}, error.code
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def answers(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_server(env: dict[str, str], port: int, cwd) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2"],
        env=env, cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


class Traffic:
    """People registering and posting cards from 4 threads until stopped; what was accepted."""

    def __init__(self, base_url: str, event, board, column) -> None:
        self.base_url, self.event, self.board, self.column = base_url, event, board, column
        self.accepted: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()
        self.numbers = iter(range(10**6))
        self.running = True
        self.threads = [threading.Thread(target=self._run, args=(name,), daemon=True)
                        for name in ("a", "b", "c", "d")]

    def _run(self, name: str) -> None:
        while self.running:
            with self.lock:
                number = next(self.numbers)
            if number % 2:
                email = f"person-{name}{number}@example.org"
                if submit(self.base_url, f"/meetings/{self.event.slug}/register/",
                          {"name": f"Osoba {number}", "email": email, "language": "pl"}):
                    with self.lock:
                        self.accepted["registrations"].append(email)
            else:
                text = f"Pomysł {name}{number}"
                if submit(self.base_url, f"/boards/{self.board.pk}/",
                          {"column": self.column.pk, "text": text},
                          action=f"/boards/{self.board.pk}/post/"):
                    with self.lock:
                        self.accepted["cards"].append(text)

    def count(self) -> int:
        with self.lock:
            return sum(len(items) for items in self.accepted.values())

    def __enter__(self) -> Traffic:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_killing_the_web_server_loses_no_accepted_registration_or_card(tmp_path, settings):
    settings.TASKS = DATABASE_TASKS
    organiser = Organisation.objects.create(name="Organizator", slug="organizator", kind="ngo",
                                            status="approved")
    admin = make_user("kill-admin@example.org", "Kill Admin")
    organiser.memberships.create(user=admin, role="admin")
    event = make_event(organiser, capacity=500)
    board = do_create_board(admin, organiser, title="Pomysły", columns=["Wszystkie"])
    column = board.columns.get()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = child_environment(
        DATABASE_URL=database_url_for_children(), WSPOLNIE_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="127.0.0.1", TASKS_BACKEND="database", BOARDS_POSTS_PER_HOUR="100000",
    )
    server = start_server(env, port, tmp_path)
    servers = [server]
    try:
        wait_until(lambda: answers(base_url), 90, "the server", server)
        with Traffic(base_url, event, board, column) as traffic:
            wait_until(lambda: traffic.count() >= 4, 60, "first posts", server)
            # One gunicorn worker dies; the master starts another, the server goes on.
            [worker, *_rest] = descendants(server.pid)
            subprocess.run(["kill", "-KILL", str(worker)], check=True)  # noqa: S603, S607
            before = traffic.count()
            wait_until(lambda: traffic.count() >= before + 4, 60, "posts after a worker died",
                       server)
            # The whole server dies at once, in the middle of the traffic.
            stop(server, signal.SIGKILL)
            server.wait(timeout=10)
        accepted = {kind: list(items) for kind, items in traffic.accepted.items()}

        server = start_server(env, port, tmp_path)
        servers.append(server)
        wait_until(lambda: answers(base_url), 90, "the restarted server", server)
    finally:
        for process in servers:
            shut_down(process, timeout=20)

    assert accepted["registrations"] and accepted["cards"]
    registered = set(Registration.objects.filter(event=event).values_list("email", flat=True))
    assert set(accepted["registrations"]) <= registered
    assert set(accepted["cards"]) <= set(Card.objects.filter(board=board)
                                         .values_list("text", flat=True))
    # Each accepted registration's confirmation mail waits for the worker.
    queued = set(OutgoingMail.objects.values_list("to", flat=True))
    assert set(accepted["registrations"]) <= queued


class SlowCatcher(MailCatcher):
    """Takes a tenth of a second per mail, so that a kill lands in the middle of sending."""

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        await asyncio.sleep(0.1)
        return await super().handle_DATA(server, session, envelope)


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "worker", "--interval", "0.2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_while_it_sends_loses_no_queued_mail(settings):
    settings.TASKS = DATABASE_TASKS
    smtp = SmtpServer()
    smtp.catcher = SlowCatcher()
    smtp.controller.handler = smtp.catcher
    smtp.start()
    emails = [f"reader{number:02}@example.org" for number in range(24)]
    with transaction.atomic():
        for address in emails:
            queue_mail(to=address, subject="Przypomnienie", body="Do zobaczenia.")
    env = child_environment(
        DATABASE_URL=database_url_for_children(), EMAIL_URL=smtp.url,
        TASKS_BACKEND="database", OUTBOX_LEASE_SECONDS="2", WORKER_SWEEP_SECONDS="1",
    )
    arrived = lambda: len(smtp.catcher.received)  # noqa: E731
    workers = []
    try:
        worker = start_worker(env)
        workers.append(worker)
        wait_until(lambda: arrived() >= 5, 60, "the first mails", worker)
        stop(worker, signal.SIGKILL)
        worker.wait(timeout=10)
        assert arrived() < len(emails)
        worker = start_worker(env)
        workers.append(worker)
        wait_until(lambda: not OutgoingMail.objects.exists(), 60, "the outbox to empty", worker)
        wait_until(lambda: {m["To"] for m in smtp.messages} == set(emails), 10, "every mail")
    finally:
        for process in workers:
            shut_down(process, timeout=20)
        smtp.stop()

    received = smtp.messages
    per_recipient = Counter(message["To"] for message in received)
    assert set(per_recipient) == set(emails)
    # At most the one mail in flight when the worker died came twice, as one Message-ID.
    assert len(received) - len(emails) <= 1, per_recipient.most_common(3)
    ids = defaultdict(set)
    for message in received:
        ids[message["To"]].add(message["Message-ID"])
    assert all(len(found) == 1 for found in ids.values())
