"""Network benchmark: the graph computation and the network pages at 10,000 organisations and
200,000 ties.

Run by hand (not part of the tests); needs `wrk`:

    .venv/bin/python bench/network_bench.py                  # SQLite
    .venv/bin/python bench/network_bench.py --database postgresql \
        --postgres postgres://postgres@127.0.0.1:5432/wsp_network_bench

The data set is the demo network (`wspolnie loaddemo`) plus --organisations synthetic approved
organisations (communities and districts drawn at random) and --ties confirmed partnerships
between random pairs (deterministic, `--seed`), written with bulk_create; it is cached like
pages_bench's. Then:

1. `wspolnie rebuild_network` is timed (derivation of the ties from their sources, networkx
   metrics with sampled betweenness, communities, bridges, suggestions, storing it all): the
   background task's work, never a page's.
2. `wspolnie serve` answers the network pages, driven by `wrk` as in pages_bench.py (the same
   helpers: server, wrk, rounds, the constant /bench/baseline/ page as the yardstick on a shared
   machine), signed in as a member of the hub for the members' pages.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages_bench as pb  # noqa: E402  (the shared helpers beside this file)

PAGES = {
    "baseline (constant page)": "/bench/baseline/",
    "graph page, anonymous": "/network/",
    "graph page, member": "/network/",
    "graph JSON (top 300)": "/network/graph.json",
    "graph JSON, one kind+period": "/network/graph.json?kind=partnership&since=2025-01-01",
    "graph JSON, community": "/network/graph.json?community={community}",
    "organisations table": "/network/organisations/",
    "organisations by name p.100": "/network/organisations/?sort=name&page=100",
    "isolated organisations": "/network/organisations/?only=isolated",
    "ties table": "/network/ties/",
    "ties table by weight p.50": "/network/ties/?sort=-weight&page=50",
    "GET /api/network/summary": "/api/network/summary",
    "GET /api/network/organisations": "/api/network/organisations",
}
ANONYMOUS = {"baseline (constant page)", "graph page, anonymous", "GET /api/network/summary"}

#: Synthesis, run inside `wspolnie shell` against the data set (bulk, deterministic).
SYNTH = """
import datetime as dt, random
from django.db import transaction
from wspolnie.directory.models import Community, District
from wspolnie.organisations.models import Organisation
from wspolnie.network.models import Partnership
ORGS, TIES, SEED = {organisations}, {ties}, {seed}
rng = random.Random(SEED)
communities = list(Community.objects.values_list("pk", flat=True))
districts = list(District.objects.values_list("pk", flat=True))
with transaction.atomic():
    Organisation.objects.bulk_create([
        Organisation(name=f"Organizacja sieciowa {{n:05d}}", slug=f"netbench-{{n:05d}}",
                     kind="ngo", status="approved") for n in range(ORGS)], batch_size=2000)
    ids = list(Organisation.objects.filter(slug__startswith="netbench-")
               .order_by("pk").values_list("pk", flat=True))
    through_c = Organisation.communities.through
    through_d = Organisation.districts.through
    through_c.objects.bulk_create([
        through_c(organisation_id=pk, community_id=c) for pk in ids
        for c in rng.sample(communities, min(len(communities), rng.randint(0, 2)))],
        batch_size=5000)
    through_d.objects.bulk_create([
        through_d(organisation_id=pk, district_id=d) for pk in ids
        for d in rng.sample(districts, min(len(districts), rng.randint(0, 2)))],
        batch_size=5000)
    # A few hubs and a long tail, as real networks have: pairs drawn with a skew.
    pairs = set()
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(len(ids))]
    while len(pairs) < TIES:
        first, second = rng.choices(ids, weights=weights, k=2)
        if first != second and (second, first) not in pairs:
            pairs.add((first, second))
    start = dt.date(2020, 1, 1)
    Partnership.objects.bulk_create([
        Partnership(proposer_id=a, partner_id=b, status="confirmed",
                    started_on=start + dt.timedelta(days=rng.randrange(2500)))
        for a, b in sorted(pairs)], batch_size=5000)
print("SYNTH", len(ids), len(pairs))
"""

SESSION = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from wspolnie.directory.models import Community
from wspolnie.organisations.models import Membership, Organisation
user, _ = get_user_model().objects.get_or_create(
    email="network-bench@example.org", defaults={{"name": "Bench Member"}})
Membership.objects.get_or_create(user=user, organisation=Organisation.objects.public()
                                 .order_by("pk").first())
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.save()
community = Community.objects.order_by("pk").first()
print("SESSION " + json.dumps({{"session": session.session_key, "community": community.slug}}))
"""


def dataset(args) -> tuple[str, Path]:
    """The demo data set of pages_bench plus the synthetic network (cached)."""
    size = f"network-{args.organisations}-{args.ties}"
    if args.database == "sqlite":
        folder = args.cache / f"sqlite-{size}"
        database = folder / "db.sqlite3"
        if not database.exists() or args.rebuild:
            demo_url, demo_folder = pb.sqlite_dataset(args.cache, 0, False)
            partial = args.cache / f"partial-{size}"
            subprocess.run(["rm", "-rf", str(partial), str(folder)], check=True)
            partial.mkdir(parents=True)
            (partial / "db.sqlite3").write_bytes((demo_folder / "db.sqlite3").read_bytes())
            _synthesise(pb._env(f"sqlite:///{partial / 'db.sqlite3'}", partial), args)
            partial.rename(folder)
        return f"sqlite:///{database}", folder
    import psycopg

    url, folder = pb.postgres_dataset(args.postgres, args.cache, 0, False)
    with psycopg.connect(url) as db:
        done = db.execute("SELECT count(*) FROM organisations_organisation "
                          "WHERE slug LIKE 'netbench-%%'").fetchone()[0]
    if not done:
        _synthesise(pb._env(url, folder), args)
    return url, folder


def _synthesise(env: dict, args) -> None:
    print(f"  synthesising {args.organisations} organisations and {args.ties} ties …",
          flush=True)
    pb._run(env, "migrate", "-v0")
    output = pb._run(env, "shell", "-c", SYNTH.format(
        organisations=args.organisations, ties=args.ties, seed=args.seed))
    print("  " + output.strip().splitlines()[-1])


def time_rebuild(env: dict) -> tuple[float, float, str]:
    """Wall and CPU seconds of `wspolnie rebuild_network` (the CPU time moves less with the
    load of a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    output = pb._run(env, "rebuild_network")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.monotonic() - started, cpu, output.strip()


def _check_signed_in(server, path: str, session: str) -> None:
    """pages_bench's first-request check, with the member's session cookie."""
    import urllib.request

    request = urllib.request.Request(server.base + path, headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        if response.status != 200:
            server.stop()
            sys.exit(f"{path} answered {response.status}: fix the page list first.")
        response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres",
                        default="postgres://postgres@127.0.0.1:5432/wsp_network_bench")
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=pb.SEED)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pause", type=float, default=2.0,
                        help="Seconds to wait after the server is idle, before each page.")
    parser.add_argument("--idle-timeout", type=float, default=120.0,
                        help="At most this many seconds waiting for an idle server.")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "wspolnie-pages-bench")
    parser.add_argument("--rebuild", action="store_true", help="Build the data set again.")
    parser.add_argument("--no-recompute", action="store_true",
                        help="Do not time the computation (measure the pages only).")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"network benchmark: {args.database}, {args.organisations} organisations, "
          f"{args.ties} ties; load average {pb.load_average()} at start", flush=True)
    url, data_dir = dataset(args)
    env = pb._env(url, data_dir)
    pb._run(env, "migrate", "-v0")
    if not args.no_recompute:
        for run in ("first (writes every tie and metric)", "second (nothing changed)"):
            seconds, cpu, output = time_rebuild(env)
            print(f"rebuild_network, {run}: {seconds:.1f} s wall, {cpu:.1f} s CPU, load average "
                  f"{pb.load_average()}\n  {output}", flush=True)
    found = pb._run(env, "shell", "-c", SESSION.format())
    values = json.loads(found.split("SESSION ", 1)[1])
    with tempfile.TemporaryDirectory() as folder:
        anonymous_script = Path(folder) / "anonymous.lua"
        anonymous_script.write_text(pb.WRK_SCRIPT)
        member_script = Path(folder) / "member.lua"
        member_script.write_text(f'wrk.headers["Cookie"] = "sessionid={values["session"]}"\n'
                                 + pb.WRK_SCRIPT)
        server = pb.Server(env, args.workers)
        try:
            # pages_bench's measurement: rounds interleaved over the pages, each page after an
            # idle server, the load average noted; anonymous and member pages in two passes
            # with their own cookie scripts, the baseline first.
            paths = {name: path.format(**values) for name, path in PAGES.items()}
            anonymous = pb.measure(server, {n: p for n, p in paths.items() if n in ANONYMOUS},
                                   args, anonymous_script)
            server.check = lambda path: _check_signed_in(server, path, values["session"])
            member = pb.measure(server, {n: p for n, p in paths.items() if n not in ANONYMOUS},
                                args, member_script)
            results = {name: (anonymous | member)[name] for name in PAGES}
            started = time.monotonic()
            import urllib.request

            request = urllib.request.Request(server.base + "/network/graph.json", headers={
                "Cookie": f"sessionid={values['session']}"})
            with urllib.request.urlopen(request, timeout=60) as response:
                size = len(response.read())
            print(f"graph JSON: {size / 1024:.0f} KiB, one request "
                  f"{(time.monotonic() - started) * 1000:.0f} ms")
        finally:
            server.stop()
    pb.report(f"network pages ({args.database}), load average {pb.load_average()}", results)


if __name__ == "__main__":
    main()
