"""Newsletter fan-out benchmark: N deliveries to a real SMTP server on loopback (aiosmtpd).

Run by hand (not part of the tests):

    /tmp/venv/bin/python bench/newsletter_bench.py               # SQLite, in a temporary file
    /tmp/venv/bin/python bench/newsletter_bench.py -n 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wspolnie_bench \
        /tmp/venv/bin/python bench/newsletter_bench.py           # an EMPTY scratch database

What is compared, in the same run, on the same data, unthrottled:
- "reuse": the fan-out as shipped — one SMTP connection per batch (NEWSLETTER_BATCH_SIZE), the
  accepted messages recorded in groups;
- baseline "reconnect": the same fan-out, but a new SMTP connection for every message (what
  sending each mail with Django's send_mail() would do).
It prints messages per second, SMTP sessions seen by the server, and the speed-up. Loopback
makes connecting cheap; against a remote server with TLS the difference is larger.

With `--worker` (issue #14's figure) it compares instead, in the same run:
- "worker": the fan-out as in production — `start_sending` queues the batch task in the
  database task backend and a `wspolnie worker` process (started beforehand, idle; with
  `--workers N`, N of them) runs it, each batch enqueuing the next when it claims, each mail
  personalised (language, topics, links); timed from
  the enqueue until the last delivery is recorded as sent;
- baseline "smtplib": the same messages, rendered beforehand (not timed), sent by a plain
  `smtplib.SMTP.sendmail` loop over one connection.
Goal: worker ≥ 0.7× the baseline's messages per second.

    .venv/bin/python bench/newsletter_bench.py --worker -n 10000 --rounds 1 [--workers 2]

CPU per mail in-process (independent of the machine's load): bench/newsletter_cpu.py.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def setup_django(port: int) -> str:
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="wspolnie-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["WSPOLNIE_DATA_DIR"] = folder
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ["NEWSLETTER_RATE_PER_SECOND"] = "0"
    os.environ["TASKS_BACKEND"] = os.environ.get("NEWSLETTER_BENCH_TASKS", "immediate")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wspolnie.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def create_subscribers(n: int, tag: str) -> None:
    from wspolnie.newsletter.models import Subscriber

    languages = [["pl"], ["uk"], ["en"], ["uk", "pl"]]
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"{tag}-{i}@example.org", languages=languages[i % len(languages)],
                status=Subscriber.Status.CONFIRMED,
            )
            for i in range(n)
        ],
        batch_size=500,
    )


def make_issue():
    from tests.newsletter.issue_factories import make_announcement

    from wspolnie.newsletter.models import Issue, IssueItem

    announcement = make_announcement(
        "Spotkanie sieciujące", "Zapraszamy **wszystkich** na spotkanie.",
        translations={"uk": ("Зустріч мережі", "Запрошуємо **всіх**."),
                      "en": ("Networking meeting", "Everybody is **welcome**.")},
    )
    issue = Issue.objects.create(subject={"pl": "Aktualności", "uk": "Новини", "en": "News"})
    IssueItem.objects.create(issue=issue, announcement=announcement, position=1)
    return issue


def run(mode: str, n: int, smtp) -> tuple[float, int, int]:
    from django.core.mail import get_connection

    from wspolnie.newsletter.fanout import run_batch
    from wspolnie.newsletter.issues import start_sending
    from wspolnie.newsletter.models import Delivery, Subscriber

    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    create_subscribers(n, f"{mode}-{Subscriber.objects.count()}")
    issue = make_issue()
    start_sending(issue, enqueue=False)
    connection = get_connection(fail_silently=False)
    if mode in ("reconnect", "warmup"):
        original = connection.send_messages

        def send_messages_reconnecting(messages):
            connection.close()
            connection.open()
            return original(messages)

        connection.send_messages = send_messages_reconnecting
    sessions_before, messages_before = smtp.sessions, smtp.messages
    started = time.perf_counter()
    while not run_batch(issue.pk, via_tasks=False, mail_connection=connection).finished:
        pass
    elapsed = time.perf_counter() - started
    connection.close()
    sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
    assert sent == n, f"{mode}: {sent} of {n} sent"
    assert smtp.messages - messages_before == n
    return elapsed, smtp.sessions - sessions_before, sent


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_idle(pid: int, timeout: float = 120) -> None:
    """Until the process has (nearly) used no CPU for a second (at least 2 s after its start;
    a worker polling the queue every 0.1 s uses a little)."""
    time.sleep(2)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = _cpu(pid)
        time.sleep(1)
        if _cpu(pid) - before < 0.05:
            return


def run_worker(n: int, smtp, port: int, workers: int = 1) -> dict[str, float]:
    """The production path (a worker process and the database task queue) against a plain
    smtplib loop over one connection sending the same messages; seconds each."""
    import smtplib

    from django.db import transaction
    from django.utils import timezone

    from wspolnie.newsletter.fanout import enqueue_batch
    from wspolnie.newsletter.issues import issue_announcements, start_sending
    from wspolnie.newsletter.mail import MailBuilder
    from wspolnie.newsletter.models import Delivery, Issue, Subscriber

    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    create_subscribers(n, f"worker-{Subscriber.objects.count()}")
    issue = make_issue()
    start_sending(issue, enqueue=False)
    deliveries = list(Delivery.objects.filter(issue=issue).select_related("issue", "subscriber")
                      .prefetch_related("subscriber__topics").order_by("id"))
    builder = MailBuilder(issue, issue_announcements(issue))
    rendered = []
    for delivery in deliveries:
        message = builder.build(delivery)
        data = message.message().as_bytes(linesep="\r\n")
        rendered.append((message.from_email, message.recipients(), data))
    messages_before = smtp.messages
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for sender, recipients, data in rendered:
            client.sendmail(sender, recipients, data)
    baseline = time.perf_counter() - started
    assert smtp.messages - messages_before == n

    # Queued just now: the workers' start-up sweep must not take the issue for a stalled one.
    Issue.objects.filter(pk=issue.pk).update(started_at=timezone.now())
    before_workers = smtp.messages
    processes = [subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "worker", "--interval", "0.1"],
        # No periodic sweep: it is the safety net for stalled issues, and would take this one,
        # queued without a task, for stalled while the workers start.
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "WORKER_SWEEP_SECONDS": "86400"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    ) for _ in range(workers)]
    try:
        for worker in processes:
            _wait_idle(worker.pid)  # started and idle (start-up is not the fan-out's cost)
        messages_before = smtp.messages
        if messages_before != before_workers:
            sys.exit("The workers sent mail before the benchmark asked them to.")
        started = time.perf_counter()
        with transaction.atomic():
            enqueue_batch(issue.pk)
        sent = 0
        while sent < n:
            time.sleep(0.05)
            sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
            if any(worker.poll() is not None for worker in processes):
                sys.exit("A worker died.")
        elapsed = time.perf_counter() - started
    finally:
        for worker in processes:
            worker.terminate()
            worker.wait()
    assert smtp.messages - messages_before == n
    return {"worker": elapsed, "smtplib": baseline}


SERVER = r"""
import sys, time
from aiosmtpd.controller import Controller

class Counter:
    sessions = 0
    messages = 0

    def write(self):
        with open(sys.argv[2], "w") as out:
            out.write(f"{self.sessions} {self.messages}")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        self.write()
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.write()
        return "250 OK"

controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
"""


class Catcher:
    """The SMTP server runs in a process of its own, so that its work does not share the
    benchmark's interpreter lock; it writes "sessions messages" to a file as it goes."""

    def __init__(self, port: int, folder: Path) -> None:
        self.counts = folder / "smtp-counts"
        self.counts.write_text("0 0")
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", SERVER, str(port), str(self.counts)],
            stdout=subprocess.PIPE, text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def _read(self) -> tuple[int, int]:
        sessions, messages = self.counts.read_text().split()
        return int(sessions), int(messages)

    @property
    def sessions(self) -> int:
        return self._read()[0]

    @property
    def messages(self) -> int:
        return self._read()[1]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="recipients per run (default 1000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each mode (default 2)")
    parser.add_argument("--worker", action="store_true",
                        help="the worker and task queue against a plain smtplib loop")
    parser.add_argument("--workers", type=int, default=1,
                        help="with --worker: how many worker processes (default 1)")
    args = parser.parse_args()
    if args.worker:
        os.environ["NEWSLETTER_BENCH_TASKS"] = "database"

    from tests.smtp import free_port

    port = free_port()
    catcher = Catcher(port, Path(tempfile.mkdtemp(prefix="wspolnie-bench-smtp-")))
    try:
        url = setup_django(port)
        from django.db import connection

        from wspolnie.newsletter.models import Subscriber

        if Subscriber.objects.exists():
            sys.exit("The database is not empty: give the benchmark a scratch database.")
        print(f"database: {connection.vendor} ({url.split('@')[-1]}), {args.n} recipients")
        if args.worker:
            for round_number in range(args.rounds):
                load = os.getloadavg()[0]
                found = run_worker(args.n, catcher, port, args.workers)
                print(f"round {round_number + 1}: {args.workers} worker(s) "
                      f"{found['worker']:.2f} s "
                      f"({args.n / found['worker']:.1f} messages/s, mean per mail "
                      f"{found['worker'] / args.n * 1000:.2f} ms), baseline smtplib "
                      f"{found['smtplib']:.2f} s ({args.n / found['smtplib']:.1f} messages/s); "
                      f"worker = {found['smtplib'] / found['worker']:.2f}x the baseline "
                      f"(goal >= 0.7x); load average {load:.1f}", flush=True)
            return
        # Warm-up (not timed): URL resolvers per language, templates, connections.
        run("warmup", 30, catcher)
        results: dict[str, list[float]] = {"reuse": [], "reconnect": []}
        sessions: dict[str, int] = {}
        for round_number in range(args.rounds):
            for mode in ("reconnect", "reuse"):
                elapsed, mode_sessions, _sent = run(mode, args.n, catcher)
                results[mode].append(elapsed)
                sessions[mode] = mode_sessions
                print(f"round {round_number + 1} {mode:9}: {elapsed:6.2f} s, "
                      f"{args.n / elapsed:7.1f} messages/s, {mode_sessions} SMTP sessions")
        best = {mode: min(times) for mode, times in results.items()}
        print(f"best: reuse {args.n / best['reuse']:.1f} messages/s "
              f"({sessions['reuse']} sessions), reconnect {args.n / best['reconnect']:.1f} "
              f"messages/s ({sessions['reconnect']} sessions); "
              f"speed-up {best['reconnect'] / best['reuse']:.2f}x")
    finally:
        catcher.stop()


if __name__ == "__main__":
    main()
