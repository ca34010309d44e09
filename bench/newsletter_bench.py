"""Newsletter fan-out benchmark: N deliveries to a real SMTP server on loopback (aiosmtpd).

Run by hand (not part of the tests):

    /tmp/venv/bin/python bench/newsletter_bench.py               # SQLite, in a temporary file
    /tmp/venv/bin/python bench/newsletter_bench.py -n 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wspolnie_bench \
        /tmp/venv/bin/python bench/newsletter_bench.py           # an EMPTY scratch database

What is compared, in the same run, on the same data, unthrottled:
- "reuse": the fan-out as shipped — one SMTP connection per batch (NEWSLETTER_BATCH_SIZE), a
  delivery record committed after every accepted message;
- baseline "reconnect": the same fan-out, but a new SMTP connection for every message (what
  sending each mail with Django's send_mail() would do).
It prints messages per second, SMTP sessions seen by the server, and the speed-up. Loopback
makes connecting cheap; against a remote server with TLS the difference is larger.
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
    os.environ["TASKS_BACKEND"] = "immediate"
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
    args = parser.parse_args()

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
