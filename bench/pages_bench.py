"""Page benchmark: the public pages under load, at demo size and at city scale.

Run by hand (not part of the tests); needs `wrk` (Debian: `apt-get install wrk`):

    .venv/bin/python bench/pages_bench.py                       # SQLite
    .venv/bin/python bench/pages_bench.py \
        --database postgres://postgres@127.0.0.1:5432/wsp_bench  # databases wsp_bench_demo,
                                                                 # wsp_bench_10000
    DATABASE_URL=postgres://… .venv/bin/python bench/pages_bench.py   # the same

For each data set — the demo network (`wspolnie loaddemo`, ~30 organisations) and the demo
network plus `wspolnie synth --organisations N` (10,000 by default) — it builds the database
once (cached: a SQLite file under --cache, or a PostgreSQL database per data set; `--rebuild`
makes them again), starts `wspolnie serve --workers 2` with production settings on a loopback
port, and drives each page with `wrk` from another process (8 connections, --duration seconds,
--rounds rounds; the median of the rounds is shown). Every round also measures a constant page
served by the same server (`/bench/baseline/`, mounted only with WSPOLNIE_BENCH_BASELINE=1): on
a shared machine absolute numbers move with the load, the ratio to the baseline much less.

Before each page the server must be idle: wrk stops after --duration seconds, but requests it
had sent may still be queued in the server, and they would be counted against the next page.
The script waits until the server's processes use no CPU for half a second (at most
--idle-timeout seconds), then --pause seconds more, and notes the machine's load average.

`--page-cache on` (the default, as in production) keeps the full-page cache of anonymous
visitors (wspolnie.core.page_cache) on: wrk sends no cookies, so after the first request every
page is a cache hit. `--page-cache off` starts the server with PAGE_CACHE_SECONDS=0: what
rendering the pages costs (issue #15's figures). `--organisations 0`: the demo network only.

Prints, per page: requests per second, p50 and p95 latency, the share of the baseline's req/s;
at the end one table of every page at demo size and at city scale with the p50 ratio and the
target of issue #15 (within 2x of the demo-size figure, p95 under 100 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WSPOLNIE = [sys.executable, "-m", "wspolnie"]
SEED = 42
SECRET = "pages-bench-only-" + "x" * 50

#: wrk's Lua hooks: one machine-readable line at the end.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %d %d %d\\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50), latency:percentile(95), errors))
end
"""

#: name → path (formatted with the data set's own ids/slugs, see LOOKUP).
PAGES = {
    "baseline (constant page)": "/bench/baseline/",
    "search: pomoc prawna": "/search/?q=pomoc+prawna",
    "search: gruzińska rodzina": "/search/?q=gruzi%C5%84ska+rodzina",
    "directory, two facets": "/organisations/?topic=education&district=nadodrze",
    "directory, text": "/organisations/?q=kultura",
    "GET /api/organisations/": "/api/organisations/",
    "GET /api/search/?q=…": "/api/search/?q=pomoc+prawna",
    "GET /api/services/": "/api/services/",
    "GET /api/needs/": "/api/needs/",
    "GET /api/meetings/events": "/api/meetings/events",
    "GET /api/channels/": "/api/channels/",
    "organisation profile": "/organisations/{organisation}/",
    "event page": "/meetings/{event}/",
    "board page": "/boards/{board}/",
    "news": "/news/",
    "ICS feed": "/meetings/calendar.ics",
}
#: The URLs' variable parts, looked up in the data set (one known demo object each).
LOOKUP = """
import json
from wspolnie.organisations.models import Organisation
from wspolnie.meetings.models import Event
from wspolnie.boards.models import Board
from django.db.models import Count
org = Organisation.objects.public().order_by("pk").first()
event = Event.objects.order_by("pk").first()
# The public board with the most cards (about 50 at 10,000 organisations).
board = (Board.objects.public().annotate(n=Count("cards")).order_by("-n", "pk").first())
print("LOOKUP " + json.dumps({"organisation": org.slug, "event": event.slug,
                              "board": board.pk}))
"""


def _env(database_url: str, data_dir: Path, **extra: str) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "DATABASE_URL": database_url,
        "WSPOLNIE_DATA_DIR": str(data_dir),
        "SECRET_KEY": SECRET,
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "console://",
        "LOG_LEVEL": "ERROR",
        **extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _run(env: dict, *args: str, quiet: bool = False) -> str:
    result = subprocess.run(
        [*WSPOLNIE, *args], env=env, check=False, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL if quiet else None,
    )
    if result.returncode:
        sys.exit(f"`wspolnie {' '.join(args)}` failed (exit {result.returncode}).")
    return result.stdout


# -- data sets -----------------------------------------------------------------------------


def _fill(env: dict, organisations: int) -> None:
    _run(env, "migrate", "-v0")
    _run(env, "loaddemo", quiet=True)
    if organisations:
        print(f"  building {organisations} synthetic organisations (once; cached) …", flush=True)
        subprocess.run([*WSPOLNIE, "synth", "--organisations", str(organisations), "--seed",
                        str(SEED)], env=env, check=True)


def sqlite_dataset(cache: Path, organisations: int, rebuild: bool) -> tuple[str, Path]:
    folder = cache / f"sqlite-{organisations or 'demo'}"
    database = folder / "db.sqlite3"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not database.exists():
        partial = cache / f"partial-{organisations or 'demo'}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        _fill(_env(f"sqlite:///{partial / 'db.sqlite3'}", partial), organisations)
        partial.rename(folder)
    return f"sqlite:///{database}", folder


def postgres_dataset(base_url: str, cache: Path, organisations: int, rebuild: bool
                     ) -> tuple[str, Path]:
    import psycopg

    prefix, _, name = base_url.rpartition("/")
    name = f"{name}_{organisations or 'demo'}"
    url = f"{prefix}/{name}"
    folder = cache / f"pg-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    admin_url = f"{prefix}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        ready = False
        if exists and not rebuild:
            with psycopg.connect(url) as db:
                ready = db.execute(
                    "SELECT to_regclass('pages_bench_ready') IS NOT NULL").fetchone()[0]
        if not ready:
            if exists:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
            _fill(_env(url, folder), organisations)
            with psycopg.connect(url, autocommit=True) as db:
                db.execute("CREATE TABLE pages_bench_ready (organisations int)")
                db.execute("ANALYZE")
    return url, folder


# -- server and load -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env: dict, workers: int, page_cache: bool = True) -> None:
        self.port = _free_port()
        extra = {} if page_cache else {"PAGE_CACHE_SECONDS": "0"}
        self.process = subprocess.Popen(
            [*WSPOLNIE, "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers)],
            # (gunicorn's default 30 s worker timeout would kill a slow first request.)
            env={**env, "WSPOLNIE_BENCH_BASELINE": "1", "GUNICORN_CMD_ARGS": "--timeout 300",
                 **extra},
            stdout=subprocess.DEVNULL, start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/bench/baseline/", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    sys.exit("The server did not start.")
                time.sleep(0.5)

    def check(self, path: str) -> str:
        """Fetches the page twice (the first may fill the page cache); the second answer's
        X-Page-Cache header ("hit", "miss" or "-": not cached)."""
        try:
            for _attempt in range(2):
                with urllib.request.urlopen(self.base + path, timeout=300) as response:
                    response.read()
                    state = response.headers.get("X-Page-Cache", "-")
            return state
        except urllib.error.HTTPError as error:
            self.stop()
            sys.exit(f"{path} answered {error.code}: fix the page list first.")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            print(f"  {path}: no answer to the first request ({error}); measuring anyway")
            return "?"

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (its session: gunicorn and its
        workers), from /proc; 0.0 where there is no /proc."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the command: state, ppid, pgrp, session, …, utime (12th), stime (13th).
            if int(fields[3]) == self.process.pid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, timeout: float, pause: float) -> bool:
        """Wait until the server has worked off what it was sent (no CPU used for half a
        second), then `pause` seconds more; False when it was still busy after `timeout`."""
        deadline = time.monotonic() + timeout
        idle = False
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.5)
            if self.cpu_seconds() - before < 0.02:
                idle = True
                break
        time.sleep(pause)
        return idle

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wrk(url: str, script: Path, connections: int, duration: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
         "-s", str(script), url],
        check=True, text=True, capture_output=True, timeout=duration + 60,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, seconds, p50, p95, errors = line.split()[1:]
    return {"rps": int(requests) / float(seconds), "p50": int(p50) / 1000,
            "p95": int(p95) / 1000, "errors": int(errors)}


def measure(server: Server, paths: dict[str, str], args, script: Path) -> dict[str, dict]:
    rounds: dict[str, list[dict]] = {name: [] for name in paths}
    for name, path in paths.items():
        print(f"  {name}: page cache {server.check(path)}", flush=True)
    busy = 0
    for number in range(args.rounds):
        for name, path in paths.items():
            busy += not server.wait_idle(args.idle_timeout, args.pause)
            load = os.getloadavg()[0]
            wrk(server.base + path, script, args.connections, 2)  # warm-up
            result = wrk(server.base + path, script, args.connections, args.duration)
            rounds[name].append({**result, "load": load})
        print(f"  round {number + 1}/{args.rounds} done, load average {load_average()}",
              flush=True)
    if busy:
        print(f"  NB: {busy} times the server was still busy after {args.idle_timeout} s")
    results = {}
    for name, found in rounds.items():
        results[name] = {
            key: statistics.median(result[key] for result in found)
            for key in ("rps", "p50", "p95", "errors", "load")
        }
    return results


def report(label: str, results: dict[str, dict]) -> None:
    baseline = results[next(iter(results))]["rps"]
    print(f"\n{label}")
    header = (f"{'page':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of baseline':>12} "
              f"{'errors':>7} {'load':>5}")
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        print(f"{name:<28} {result['rps']:>8.1f} {result['p50']:>8.1f} {result['p95']:>8.1f} "
              f"{result['rps'] / baseline * 100:>11.1f}% {result['errors']:>7.0f} "
              f"{result['load']:>5.1f}")


def compare(organisations: int, small: dict[str, dict], large: dict[str, dict]) -> None:
    """Every page at both sizes, against the target of issue #15."""
    print(f"\n{organisations} organisations against the demo network (target: p50 at most 2x "
          "the demo figure, p95 under 100 ms)")
    header = (f"{'page':<28} {'demo of base':>12} {'demo p50/p95':>13} {'city of base':>12} "
              f"{'city p50/p95':>13} {'p50 x':>6}  target")
    print(header)
    print("-" * len(header))
    base_small = small[next(iter(small))]["rps"]
    base_large = large[next(iter(large))]["rps"]
    for name in small:
        a, b = small[name], large[name]
        ratio = b["p50"] / max(a["p50"], 0.001)
        met = ("met" if ratio <= 2 and b["p95"] < 100 and b["rps"] and not b["errors"]
               else "NOT met")
        print(f"{name:<28} {a['rps'] / base_small * 100:>11.1f}% "
              f"{a['p50']:>6.0f}/{a['p95']:<6.0f} {b['rps'] / base_large * 100:>11.1f}% "
              f"{b['p50']:>6.0f}/{b['p95']:<6.0f} {ratio:>5.1f}x  {met}")


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from_env = os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--database", default=from_env if from_env.startswith("postgres") else "sqlite",
        help="sqlite (default), or a postgres://… URL whose database name is the prefix of "
             "one database per data set (NAME_demo, NAME_10000); default: DATABASE_URL when "
             "it is a PostgreSQL one")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/wsp_perf_bench",
                        help="With --database postgresql: the server and name prefix")
    parser.add_argument("--pause", type=float, default=2.0,
                        help="seconds to wait after the server is idle, before each page")
    parser.add_argument("--idle-timeout", type=float, default=120.0,
                        help="at most this many seconds to wait for an idle server")
    parser.add_argument("--organisations", type=int, default=10_000,
                        help="The city-scale data set's size; 0: the demo network only.")
    parser.add_argument("--page-cache", choices=["on", "off"], default="on",
                        help="The anonymous visitors' page cache (default on, as in "
                             "production); off: PAGE_CACHE_SECONDS=0, every page rendered.")
    parser.add_argument("--no-demo", action="store_true", help="Only the city-scale data set.")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", help="Only pages whose name contains one of these "
                                        "(comma-separated; the baseline is always measured).")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "wspolnie-pages-bench")
    parser.add_argument("--rebuild", action="store_true", help="Build the data sets again.")
    args = parser.parse_args()
    if args.database.startswith("postgres:") or args.database.startswith("postgresql:"):
        args.postgres, args.database = args.database, "postgresql"
    elif args.database not in ("sqlite", "postgresql"):
        sys.exit("--database: sqlite, postgresql or a postgres://… URL")
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    args.cache.mkdir(parents=True, exist_ok=True)
    sizes = ([] if args.no_demo else [0]) + ([args.organisations] if args.organisations else [])
    pages = dict(PAGES)
    if args.pages:
        wanted = [part.strip() for part in args.pages.split(",") if part.strip()]
        pages = {name: path for index, (name, path) in enumerate(PAGES.items())
                 if index == 0 or any(part in name for part in wanted)}

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_SCRIPT)
        print(f"pages benchmark: {args.database}, {args.workers} workers, {args.connections} "
              f"connections, {args.duration} s x {args.rounds} rounds per page, page cache "
              f"{args.page_cache}; load average {load_average()} at start")
        all_results = {}
        for size in sizes:
            label = f"{'demo network' if not size else f'demo network + {size} organisations'}"
            print(f"\n{label}: preparing the database", flush=True)
            if args.database == "sqlite":
                url, data_dir = sqlite_dataset(args.cache, size, args.rebuild)
            else:
                url, data_dir = postgres_dataset(args.postgres, args.cache, size, args.rebuild)
            env = _env(url, data_dir)
            _run(env, "migrate", "-v0")  # a cached data set made by an older version
            found = _run(env, "shell", "-c", LOOKUP)
            names = json.loads(found.split("LOOKUP ", 1)[1])
            paths = {name: path.format(**names) for name, path in pages.items()}
            server = Server(env, args.workers, page_cache=args.page_cache == "on")
            try:
                all_results[size] = measure(server, paths, args, script)
            finally:
                server.stop()
            report(f"{label} ({args.database}, page cache {args.page_cache}), "
                   f"load average {load_average()}",
                   all_results[size])
        if len(sizes) == 2:
            compare(args.organisations, *(all_results[size] for size in sizes))
        print(f"\nload average at the end {load_average()} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
