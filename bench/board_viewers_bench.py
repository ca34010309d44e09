"""Live boards benchmark: 100 open viewers of one board against the production server
(`wspolnie serve --workers 2`, gunicorn), while someone posts a card every few seconds.

Run by hand (not part of the tests):

    .venv/bin/python bench/board_viewers_bench.py                 # SQLite, in a temporary file
    .venv/bin/python bench/board_viewers_bench.py --viewers 100 --seconds 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wspolnie_bench \
        .venv/bin/python bench/board_viewers_bench.py             # an EMPTY scratch database

What is compared, in the same run, on the same board (4 columns, 40 cards):
- "conditional": the live update as shipped (static/boards/board.js) — every viewer asks the
  board's version every 2 s with If-None-Match (304 while nothing changed: one indexed read)
  and fetches the columns only when the version changed;
- baseline "full": every viewer fetches the whole columns fragment every 2 s, rendered for it
  (what a plain htmx `every 2s` swap would do).
It prints requests per second, the server's CPU (gunicorn master and workers, from /proc) per
second of the run and per viewer, latency, and how long after a new card every viewer had
seen it (must stay under 3 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
POLL_SECONDS = 2.0
TICKS = os.sysconf("SC_CLK_TCK")
#: The header board.js sends with its requests for the columns.
LIVE = {"X-Requested-With": "board.js"}
DJANGO_LIVE = {"HTTP_X_REQUESTED_WITH": "board.js"}


def setup_django() -> str:
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="wspolnie-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["WSPOLNIE_DATA_DIR"] = folder
    os.environ.setdefault("WSPOLNIE_DATA_DIR", tempfile.mkdtemp(prefix="wspolnie-bench-"))
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ["DEBUG"] = "0"
    os.environ["HTTPS"] = "0"
    os.environ["BOARDS_POSTS_PER_HOUR"] = "100000"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wspolnie.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def make_board():
    from django.contrib.auth.models import AnonymousUser

    from wspolnie.accounts.models import User
    from wspolnie.boards import services
    from wspolnie.organisations.models import Membership, Organisation

    organisation, _created = Organisation.objects.get_or_create(
        slug="bench-org", defaults={"name": "Bench", "kind": "foundation", "status": "approved"},
    )
    admin, _created = User.objects.get_or_create(email="bench@example.org",
                                                 defaults={"name": "Bench"})
    Membership.objects.get_or_create(user=admin, organisation=organisation, role="admin")
    board = services.do_create_board(
        admin, organisation, title="Benchmark",
        columns=["Współpraca", "Wsparcie", "Wymiana informacji", "Partycypacja"],
    )
    columns = list(board.columns.all())
    for n in range(40):
        services.do_post_card(
            AnonymousUser(), board, client_address="bench", column=columns[n % 4],
            text=f"Karta {n}: **pomysł** z [linkiem](https://example.org/{n}) i listą\n\n- a\n- b",
            link=f"https://example.org/materialy-{n}", tags="a, b",
        )
    return board


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = task / "children"
            if children.exists():
                queue.extend(int(child) for child in children.read_text().split())
    return pids


def cpu_seconds(pid: int) -> float:
    total = 0
    for current in process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


class Viewer(threading.Thread):
    def __init__(self, url: str, board_pk: int, mode: str, stop: threading.Event,
                 offset: float) -> None:
        super().__init__(daemon=True)
        self.base, self.pk, self.mode, self.stop, self.offset = url, board_pk, mode, stop, offset
        self.requests = 0
        self.errors = 0
        self.latencies: list[float] = []
        self.seen: dict[str, float] = {}  # version -> when this viewer first had it
        self.etag = ""

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers)  # noqa: S310
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, got, body = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, got, body = error.code, dict(error.headers), b""
        except OSError:
            self.errors += 1
            return 0, {}, b""
        self.latencies.append(time.monotonic() - started)
        self.requests += 1
        return status, got, body

    def run(self) -> None:
        time.sleep(self.offset)  # the viewers opened the board at different moments
        while not self.stop.is_set():
            if self.mode == "conditional":
                headers = {"If-None-Match": self.etag} if self.etag else {}
                status, got, _body = self.get(f"/boards/{self.pk}/version/", headers)
                if status == 200 and got.get("ETag") != self.etag:
                    status, got, _body = self.get(f"/boards/{self.pk}/columns/", LIVE)
                    if status == 200:
                        self.etag = got.get("ETag", "")
                        self.seen.setdefault(self.etag, time.monotonic())
            else:
                # Its own rendering every time, as for a signed-in reader (a reader cookie
                # opts out of the rendering shared by plain anonymous readers).
                status, got, _body = self.get(f"/boards/{self.pk}/columns/",
                                              {**LIVE, "Cookie": f"board_reader=viewer-{id(self)}"})
                if status == 200:
                    self.seen.setdefault(got.get("ETag", ""), time.monotonic())
            self.stop.wait(POLL_SECONDS)


def run_phase(url: str, board, mode: str, viewers: int, seconds: float, server_pid: int,
              post_every: float) -> dict:
    from django.contrib.auth.models import AnonymousUser

    from wspolnie.boards import services
    from wspolnie.boards.models import Board

    stop = threading.Event()
    crowd = [Viewer(url, board.pk, mode, stop, POLL_SECONDS * i / viewers)
             for i in range(viewers)]
    for viewer in crowd:
        viewer.start()
    time.sleep(POLL_SECONDS + 1)  # everyone has the board open
    cpu_before, started = cpu_seconds(server_pid), time.monotonic()
    requests_before = sum(viewer.requests for viewer in crowd)
    posts: dict[str, float] = {}
    next_post = started + post_every / 2
    while time.monotonic() - started < seconds:
        if time.monotonic() >= next_post:
            services.do_post_card(AnonymousUser(), board, client_address="bench-writer",
                                  text=f"Nowa karta {time.time()}")
            version = Board.objects.get(pk=board.pk).version
            posts[f'"{version}--"'] = time.monotonic()
            next_post += post_every
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(server_pid) - cpu_before
    requests = sum(viewer.requests for viewer in crowd) - requests_before
    time.sleep(POLL_SECONDS + 1)  # the last post reaches everyone
    stop.set()
    for viewer in crowd:
        viewer.join(timeout=15)
    delays = []
    for etag, posted in posts.items():
        for viewer in crowd:
            seen = viewer.seen.get(etag)
            if seen is None:  # a later version arrived first (posts close together)
                later = [when for tag, when in viewer.seen.items() if when >= posted]
                seen = min(later) if later else None
            if seen is not None:
                delays.append(seen - posted)
    latencies = sorted(latency for viewer in crowd for latency in viewer.latencies)
    return {
        "mode": mode,
        "requests_per_second": requests / elapsed,
        "cpu_per_second": cpu / elapsed,
        "cpu_ms_per_viewer_second": 1000 * cpu / elapsed / viewers,
        "latency_ms_median": 1000 * statistics.median(latencies) if latencies else 0,
        "latency_ms_p95": 1000 * latencies[int(len(latencies) * .95)] if latencies else 0,
        "seen_after_post_s_max": max(delays) if delays else float("nan"),
        "seen_after_post_s_p95": sorted(delays)[int(len(delays) * .95)] if delays else 0,
        "errors": sum(viewer.errors for viewer in crowd),
        "posts": len(posts),
    }


def cpu_per_request(board) -> dict[str, float]:
    """CPU milliseconds of one request of each kind, in this process (not disturbed by other
    load on the machine): the version check answered 304, the columns from the shared
    rendering, and the columns rendered for one reader."""
    from django.test import Client

    client = Client()
    etag = client.get(f"/boards/{board.pk}/version/")["ETag"]
    kinds = {
        "version (304)": (f"/boards/{board.pk}/version/", {"HTTP_IF_NONE_MATCH": etag}, None),
        "columns (shared)": (f"/boards/{board.pk}/columns/", DJANGO_LIVE, None),
        "columns (own)": (f"/boards/{board.pk}/columns/", DJANGO_LIVE, "bench"),
    }
    found = {}
    for name, (url, headers, reader) in kinds.items():
        client = Client()
        if reader:
            client.cookies["board_reader"] = reader
        client.get(url, **headers)
        started, count = time.process_time(), 30
        for _n in range(count):
            client.get(url, **headers)
        found[name] = 1000 * (time.process_time() - started) / count
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--post-every", type=float, default=5.0,
                        help="seconds between new cards during a phase")
    args = parser.parse_args()
    database = setup_django()
    board = make_board()
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    per_request = cpu_per_request(board)
    port = free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT / "src")}
    log = open(Path(os.environ["WSPOLNIE_DATA_DIR"]) / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(args.workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/boards/{board.pk}/version/", timeout=5)  # noqa: S310
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        idle_before, idle_started = cpu_seconds(server.pid), time.monotonic()
        time.sleep(3)
        idle = (cpu_seconds(server.pid) - idle_before) / (time.monotonic() - idle_started)
        print(f"{database.split('://')[0]}, {args.workers} gunicorn workers, "
              f"{args.viewers} viewers polling every {POLL_SECONDS:.0f} s, a new card every "
              f"{args.post_every:.0f} s, {args.seconds:.0f} s per phase; idle server CPU "
              f"{idle:.3f} s/s")
        results = [run_phase(url, board, mode, args.viewers, args.seconds, server.pid,
                             args.post_every) for mode in ("conditional", "full")]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    header = (f"{'mode':<12} {'req/s':>7} {'CPU s/s':>8} {'CPU ms/viewer/s':>16} "
              f"{'median ms':>10} {'p95 ms':>7} {'seen p95 s':>11} {'seen max s':>11} "
              f"{'errors':>7}")
    print(header)
    for r in results:
        print(f"{r['mode']:<12} {r['requests_per_second']:>7.1f} {r['cpu_per_second']:>8.3f} "
              f"{r['cpu_ms_per_viewer_second']:>16.3f} {r['latency_ms_median']:>10.1f} "
              f"{r['latency_ms_p95']:>7.1f} {r['seen_after_post_s_p95']:>11.2f} "
              f"{r['seen_after_post_s_max']:>11.2f} {r['errors']:>7}")
    print("CPU per request, in-process: " + ", ".join(
        f"{name} {ms:.1f} ms" for name, ms in per_request.items()))
    conditional, full = results
    if conditional["cpu_per_second"]:
        print(f"server CPU: the full-fragment baseline costs "
              f"{full['cpu_per_second'] / conditional['cpu_per_second']:.1f}× the conditional "
              f"polling")


if __name__ == "__main__":
    main()
