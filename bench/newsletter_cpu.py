"""CPU per newsletter mail, in-process (load-independent), and an optional profile.

Run by hand (not part of the tests):

    .venv/bin/python bench/newsletter_cpu.py                   # SQLite in a temporary file
    .venv/bin/python bench/newsletter_cpu.py -n 2000 --profile # + cProfile of the run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsp_x .venv/bin/python bench/newsletter_cpu.py

Queues one issue to N personalised subscribers (the benchmark's mix of languages) and runs the
fan-out's batches in this process (`run_batch(via_tasks=False)`, the worker's code without the
task queue) into the benchmark's aiosmtpd sink in a process of its own. Prints this process's
CPU time per mail (`time.process_time`: what the worker spends, whatever the machine's load),
the wall time, and the number of SQL queries per batch. A first small issue is sent before, not
measured (templates, URL resolvers, connections).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.newsletter_bench import Catcher, create_subscribers, make_issue, setup_django  # noqa: E402


def send(n: int, tag: str, profile: cProfile.Profile | None = None) -> dict[str, float]:
    from django.db import connection, reset_queries

    from wspolnie.newsletter.fanout import run_batch
    from wspolnie.newsletter.issues import start_sending
    from wspolnie.newsletter.models import Delivery, Subscriber

    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    create_subscribers(n, tag)
    issue = make_issue()
    start_sending(issue, enqueue=False)
    connection.force_debug_cursor = True
    reset_queries()
    batches = 0
    cpu, wall = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    while True:
        outcome = run_batch(issue.pk, via_tasks=False)
        batches += 1
        if outcome.finished or not outcome.more_now:
            break
    if profile:
        profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
    assert sent == n, f"{sent} of {n} sent"
    return {"cpu": cpu, "wall": wall, "batches": batches, "queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="recipients (default 1000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the run")
    args = parser.parse_args()
    from tests.smtp import free_port

    port = free_port()
    catcher = Catcher(port, Path(tempfile.mkdtemp(prefix="wspolnie-bench-smtp-")))
    try:
        setup_django(port)
        from django.conf import settings

        send(30, "warmup")
        profile = cProfile.Profile() if args.profile else None
        found = send(args.n, "measured", profile)
        print(f"{connection_name()}: {args.n} mails in {found['batches']} batches of "
              f"{settings.NEWSLETTER_BATCH_SIZE}: CPU {found['cpu'] / args.n * 1000:.3f} ms per "
              f"mail ({found['cpu']:.2f} s), wall {found['wall']:.2f} s "
              f"({args.n / found['wall']:.0f} mails/s), {found['queries']} queries "
              f"({found['queries'] / found['batches']:.1f} per batch); "
              f"load average {os.getloadavg()[0]:.1f}")
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    finally:
        catcher.stop()


def connection_name() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
