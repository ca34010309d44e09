"""Registration rush: N concurrent registrations for S seats, against the live server.

Run by hand (not part of the tests):

    .venv/bin/python bench/registration_rush_bench.py                  # SQLite
    .venv/bin/python bench/registration_rush_bench.py \
        --database postgres://postgres@127.0.0.1:5432/wsp_bench        # PostgreSQL (NAME_10000)

It uses the city-scale data set of `bench/pages_bench.py` (the demo network plus
`wspolnie synth --organisations N`, built once and cached; `--organisations 0` for the demo
network alone), adds one meeting of an approved organisation with --seats seats and a waiting
list, starts `wspolnie serve --workers 2` with production settings (the database task backend:
the confirmation mails are queued, as in production, and no worker sends them), and sends
--registrations registrations (default 1,000) through the public API
(`POST /api/meetings/events/<slug>/registrations`) from as many client threads, all released at
once by a barrier. Every answer must be 201 (a seat or the waiting list): anything else, or no
answer, is an error. At the end it reads the database: exactly --seats registrations must be
confirmed and the rest waitlisted.

Baseline, in the same run: the same number of requests of the constant page
(`/bench/baseline/`) with the same client, so the wall time reads as a ratio on a loaded
machine. The meeting is deleted afterwards (the data set stays as it was).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages_bench import (  # noqa: E402
    Server,
    _env,
    _run,
    load_average,
    postgres_dataset,
    sqlite_dataset,
)

SLUG = "bench-rush"

SETUP = """
import datetime, json
from django.utils import timezone
from wspolnie.meetings.models import Event, Registration
from wspolnie.organisations.models import Organisation
Event.objects.filter(slug="{slug}").delete()
organiser = Organisation.objects.public().order_by("pk").first()
event = Event.objects.create(
    slug="{slug}", title={{"pl": "Wyścig zapisów", "en": "Registration rush"}},
    starts_at=timezone.now() + datetime.timedelta(days=7),
    ends_at=timezone.now() + datetime.timedelta(days=7, hours=2),
    status=Event.Status.REGISTRATION_OPEN, capacity={seats}, waitlist=True,
)
event.organisers.add(organiser)
print("READY", event.pk)
"""

COUNT = """
import json
from django.db.models import Count
from wspolnie.meetings.models import Event
event = Event.objects.get(slug="{slug}")
counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")))
emails = event.registrations.values("email").distinct().count()
print("COUNTS " + json.dumps({{"statuses": counts, "distinct_emails": emails}}))
"""

CLEANUP = """
from wspolnie.meetings.models import Event
Event.objects.filter(slug="{slug}").delete()
"""


def _shell(env: dict, code: str) -> str:
    return _run(env, "shell", "-c", code)


def rush(port: int, method: str, path: str, bodies: list[bytes | None], timeout: float
         ) -> dict:
    """Send one request per body from its own thread, all released at once; statuses,
    latencies and the wall time from the release to the last answer."""
    barrier = threading.Barrier(len(bodies) + 1)

    def one(body: bytes | None) -> tuple[int | str, float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        barrier.wait()
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status: int | str = response.status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        finally:
            connection.close()
        return status, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        futures = [pool.submit(one, body) for body in bodies]
        barrier.wait()
        started = time.perf_counter()
        results = [future.result() for future in futures]
        wall = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for status, _seconds in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    latencies = sorted(seconds for _status, seconds in results)
    return {
        "wall": wall,
        "statuses": statuses,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from_env = os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--database", default=from_env if from_env.startswith("postgres") else "sqlite",
        help="sqlite (default), or a postgres://… URL: the prefix of the data set's database "
             "(NAME_10000), as in pages_bench.py")
    parser.add_argument("--organisations", type=int, default=10_000,
                        help="the data set (0: the demo network only)")
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds a client waits for its answer")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "wspolnie-pages-bench")
    parser.add_argument("--rebuild", action="store_true", help="Build the data set again.")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.database.startswith(("postgres:", "postgresql:")):
        url, data_dir = postgres_dataset(args.database, args.cache, args.organisations,
                                         args.rebuild)
        vendor = "postgresql"
    elif args.database == "sqlite":
        url, data_dir = sqlite_dataset(args.cache, args.organisations, args.rebuild)
        vendor = "sqlite"
    else:
        sys.exit("--database: sqlite or a postgres://… URL")

    # All 1,000 registrations come from loopback: the per-address limit of public
    # registrations (MEETING_REGISTRATIONS_PER_HOUR) would refuse all but the first 30.
    env = _env(url, data_dir, TASKS_BACKEND="database", MEETING_REGISTRATIONS_PER_HOUR="0")
    _run(env, "migrate", "-v0")
    _shell(env, SETUP.format(slug=SLUG, seats=args.seats))
    print(f"registration rush: {vendor}, {args.organisations or 'demo'} organisations, "
          f"{args.registrations} registrations for {args.seats} seats, {args.workers} "
          f"workers; load average {load_average()} at start", flush=True)
    server = Server(env, args.workers)
    try:
        path = f"/api/meetings/events/{SLUG}/registrations"
        bodies = [json.dumps({
            "name": f"Uczestniczka Łucja {n}" if n % 3 else f"Учасниця Оксана {n}",
            "email": f"rush{n}@example.org", "language": ("pl", "uk", "en")[n % 3],
            "consent": True,
        }).encode() for n in range(args.registrations)]
        load = os.getloadavg()[0]
        base = rush(server.port, "GET", "/bench/baseline/", [None] * args.registrations,
                    args.timeout)
        server.wait_idle(60, 1)
        load_rush = os.getloadavg()[0]
        result = rush(server.port, "POST", path, bodies, args.timeout)
    finally:
        server.stop()
    found = json.loads(_shell(env, COUNT.format(slug=SLUG)).split("COUNTS ", 1)[1])
    _shell(env, CLEANUP.format(slug=SLUG))

    statuses = found["statuses"]
    confirmed = statuses.get("confirmed", 0)
    waitlisted = statuses.get("waitlisted", 0)
    errors = sum(n for status, n in result["statuses"].items() if status != "201")
    base_errors = sum(n for status, n in base["statuses"].items() if status != "200")
    print(f"\n{'':<24} {'wall s':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
          f"{'load':>5}")
    for label, figures, wrong, at in (("baseline (constant page)", base, base_errors, load),
                                      ("registrations", result, errors, load_rush)):
        print(f"{label:<24} {figures['wall']:>8.2f} "
              f"{args.registrations / figures['wall']:>8.1f} {figures['p50']:>8.0f} "
              f"{figures['p95']:>8.0f} {wrong:>7} {at:>5.1f}")
    print(f"\nanswers: {result['statuses']}")
    print(f"in the database: {statuses} ({found['distinct_emails']} distinct addresses)")
    print(f"wall time {result['wall']:.2f} s = {result['wall'] / base['wall']:.1f}x the "
          f"baseline's {base['wall']:.2f} s; errors {errors} (must be 0); confirmed "
          f"{confirmed} (must be exactly {args.seats}); waitlisted {waitlisted}")
    ok = (errors == 0 and confirmed == args.seats
          and confirmed + waitlisted == args.registrations)
    print("RESULT " + ("met" if ok else "NOT met") + f"; load average {load_average()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
