"""CPU per request of the benchmark's pages, in-process (issue #15).

On a shared machine wrk's wall-clock figures move with the other processes' load; the CPU
one request costs moves much less. This requests each page through Django's test client
with production settings (DEBUG off) and prints, per page: the median CPU time of this
process (Python and, for SQLite, the database engine), for PostgreSQL the mean CPU time of
the server backend serving the connection (from /proc, 10 ms clock ticks), and the number of
SQL queries. A kept connection (CONN_MAX_AGE) so that the backend can be followed.

    .venv/bin/python bench/pages_cpu.py --database sqlite:////tmp/…/db.sqlite3
    .venv/bin/python bench/pages_cpu.py --database postgres://…/wsp_bench_10000 \\
        --profile "directory, two facets"      # a pyinstrument profile of one page

Uses the data sets bench/pages_bench.py builds (its --cache folder).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = {
    "search: pomoc prawna": "/search/?q=pomoc+prawna",
    "search: gruzińska rodzina": "/search/?q=gruzi%C5%84ska+rodzina",
    "directory": "/organisations/",
    "directory, two facets": "/organisations/?topic=education&district=nadodrze",
    "directory, text": "/organisations/?q=kultura",
    "GET /api/organisations/": "/api/organisations/",
    "GET /api/search/?q=…": "/api/search/?q=pomoc+prawna",
    "GET /api/services/": "/api/services/",
    "GET /api/needs/": "/api/needs/",
    "GET /api/meetings/events": "/api/meetings/events",
    "GET /api/channels/": "/api/channels/",
    # The public board with the most cards, as in pages_bench.py (its pk filled in below).
    "board page": "/boards/{board}/",
    "baseline (constant page)": "/bench/baseline/",
}


def backend_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warm", type=int, default=2)
    parser.add_argument("--pages", help="only pages whose name contains one of these")
    parser.add_argument("--profile", help="print a pyinstrument profile of this page")
    args = parser.parse_args()

    os.environ.update({
        "DATABASE_URL": args.database, "SECRET_KEY": "pages-cpu-" + "x" * 50, "DEBUG": "0",
        "HTTPS": "0", "ALLOWED_HOSTS": "testserver,127.0.0.1", "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "ERROR", "WSPOLNIE_BENCH_BASELINE": "1", "CONN_MAX_AGE": "600",
        "WSPOLNIE_DATA_DIR": str(Path(tempfile.gettempdir()) / "wspolnie-pages-cpu"),
    })
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wspolnie.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    postgres = connection.vendor == "postgresql"
    pages = dict(PAGES)
    if any("{board}" in path for path in pages.values()):
        from django.db.models import Count

        from wspolnie.boards.models import Board

        board = Board.objects.public().annotate(n=Count("cards")).order_by("-n", "pk").first()
        pages = {name: path.format(board=board.pk if board else 0)
                 for name, path in pages.items()}
    if args.pages:
        wanted = [part.strip() for part in args.pages.split(",")]
        pages = {n: p for n, p in pages.items() if any(w in n for w in wanted)}
    if args.profile:
        from pyinstrument import Profiler

        path = pages[args.profile]
        for _ in range(args.warm):
            client.get(path)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.repeat):
            client.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    print(f"{'page':<28} {'cpu ms':>7} {'db ms':>6} {'queries':>7}  "
          f"(load {os.getloadavg()[0]:.1f})")
    for name, path in pages.items():
        for _ in range(args.warm):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        times, backend = [], 0
        pid = None
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            ticks = backend_ticks(pid)
        for _ in range(args.repeat):
            start = time.process_time()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            times.append(time.process_time() - start)
        if postgres:
            backend = (backend_ticks(pid) - ticks) / os.sysconf("SC_CLK_TCK") / args.repeat
        print(f"{name:<28} {statistics.median(times) * 1000:>7.0f} "
              f"{backend * 1000:>6.0f} {len(queries.captured_queries):>7}", flush=True)


if __name__ == "__main__":
    main()
