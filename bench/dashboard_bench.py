"""Dashboard benchmark: the coordinator dashboard (staff) and the public coverage map under
load, at demo size and at city scale — the numbers for issue #11's "stays interactive".

Run by hand (not part of the tests); needs `wrk` (Debian: `apt-get install wrk`):

    .venv/bin/python bench/dashboard_bench.py                   # SQLite
    .venv/bin/python bench/dashboard_bench.py --database postgresql \
        --postgres postgres://postgres@127.0.0.1:5432/wsp_dashboard_bench

It reuses bench/pages_bench.py's machinery (data sets built once and cached, `wspolnie serve`
with production settings, wrk from another process, median of --rounds rounds, the constant
`/bench/baseline/` page measured in every round as the yardstick on a shared machine). The
data sets are the demo network, and the demo network plus `wspolnie synth --organisations N`
(10,000 by default: organisations with services, channels, needs, and — for these pages —
meetings with registrations). Staff pages are requested with a staff session made for the
run (a verified second factor included), the API with a staff token.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages_bench as pb  # noqa: E402

PAGES = {
    "baseline (constant page)": "/bench/baseline/",
    "dashboard, last 12 months": "/dashboard/",
    "dashboard, 3 years by quarter": "/dashboard/?start={three_years_ago}&step=quarter",
    "chart PNG (first-time/returning)": "/dashboard/charts/organisations-attending.png",
    "chart CSV (by language)": "/dashboard/charts/organisations-by-language.csv",
    "GET /api/dashboard/figures": "/api/dashboard/figures",
    "coverage map (public)": "/dashboard/coverage/",
    "directory, two facets (for scale)": "/organisations/?topic=education&district=nadodrze",
}
#: A staff user with a verified second factor, its session and an API token.
CREDENTIALS = """
import datetime, json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wspolnie.accounts.services import do_create_api_token
from wspolnie.meetings.models import Event, Registration
User = get_user_model()
user = User.objects.filter(email="dashboard-bench@example.org").first()
if user is None:
    user = User.objects.create_user(email="dashboard-bench@example.org", name="Bench Staff",
                                    password=None, is_staff=True,
                                    email_verified_at=timezone.now())
device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \\
    TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
# (The login throttling backend only checks passwords: the session names one that loads users.)
session[BACKEND_SESSION_KEY] = next(
    path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user"))
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.create()
three = (timezone.localdate() - datetime.timedelta(days=3 * 365)).isoformat()
print("CREDENTIALS " + json.dumps({
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    "token": do_create_api_token(user, "bench")[1], "three_years_ago": three,
    "events": Event.objects.count(), "registrations": Registration.objects.count(),
}))
"""


def wrk(url: str, script: Path, connections: int, duration: int, header: str) -> dict:
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
         "-H", header, "-s", str(script), url],
        check=True, text=True, capture_output=True, timeout=duration + 60,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, seconds, p50, p95, errors = line.split()[1:]
    return {"rps": int(requests) / float(seconds), "p50": int(p50) / 1000,
            "p95": int(p95) / 1000, "errors": int(errors)}


def check(base: str, path: str, header: str) -> None:
    import urllib.error
    import urllib.request

    name, _, value = header.partition(": ")
    request = urllib.request.Request(base + path, headers={name: value})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            if response.url != base + path:
                sys.exit(f"{path} went to {response.url}: is the staff session refused?")
            response.read()
    except urllib.error.HTTPError as error:
        sys.exit(f"{path} answered {error.code}")


def measure(server, paths: dict[str, str], headers: dict[str, str], args, script) -> dict:
    rounds: dict[str, list[dict]] = {name: [] for name in paths}
    for name, path in paths.items():
        check(server.base, path, headers[name])
    for number in range(args.rounds):
        for name, path in paths.items():
            wrk(server.base + path, script, args.connections, 2, headers[name])  # warm-up
            rounds[name].append(wrk(server.base + path, script, args.connections,
                                    args.duration, headers[name]))
        print(f"  round {number + 1}/{args.rounds} done", flush=True)
    return {name: {key: statistics.median(r[key] for r in found)
                   for key in ("rps", "p50", "p95", "errors")}
            for name, found in rounds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres",
                        default="postgres://postgres@127.0.0.1:5432/wsp_dashboard_bench")
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--no-demo", action="store_true", help="Only the city-scale data set.")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "wspolnie-dashboard-bench")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    args.cache.mkdir(parents=True, exist_ok=True)
    sizes = ([] if args.no_demo else [0]) + [args.organisations]
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(pb.WRK_SCRIPT)
        print(f"dashboard benchmark: {args.database}, {args.workers} workers, "
              f"{args.connections} connections, {args.duration} s x {args.rounds} rounds; "
              f"load average {pb.load_average()} at start")
        results = {}
        for size in sizes:
            label = "demo network" if not size else f"demo network + {size} organisations"
            print(f"\n{label}: preparing the database", flush=True)
            if args.database == "sqlite":
                url, data_dir = pb.sqlite_dataset(args.cache, size, args.rebuild)
            else:
                url, data_dir = pb.postgres_dataset(args.postgres, args.cache, size,
                                                    args.rebuild)
            env = pb._env(url, data_dir)
            pb._run(env, "migrate", "-v0")
            found = json.loads(pb._run(env, "shell", "-c", CREDENTIALS)
                               .split("CREDENTIALS ", 1)[1])
            print(f"  {found['events']} meetings, {found['registrations']} registrations")
            paths = {name: path.format(**found) for name, path in PAGES.items()}
            headers = {name: (f"Authorization: Bearer {found['token']}" if "/api/" in path
                              else f"Cookie: {found['cookie']}")
                       for name, path in paths.items()}
            server = pb.Server(env, args.workers)
            try:
                results[size] = measure(server, paths, headers, args, script)
            finally:
                server.stop()
            pb.report(f"{label} ({args.database}), load average {pb.load_average()}",
                      results[size])
        if len(sizes) == 2:
            small, large = (results[size] for size in sizes)
            print(f"\n{args.organisations} organisations against the demo network (p50 ratio)")
            for name in small:
                print(f"  {name:<36} {large[name]['p50'] / max(small[name]['p50'], 0.001):>5.1f}x"
                      f"   p95 {large[name]['p95']:.0f} ms")


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
