"""Search benchmark: index N synthetic organisations, time queries against a naive scan.

Run by hand (not part of the tests):

    /tmp/venv/bin/python bench/search_bench.py                 # SQLite, in a temporary file
    /tmp/venv/bin/python bench/search_bench.py -n 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wspolnie_bench \
        /tmp/venv/bin/python bench/search_bench.py             # an EMPTY scratch database:
                                                                # it is migrated and filled

The baseline, measured in the same run on the same data, is what a search without an index
does: `icontains` on name, short description and description for every word (AND-ed), on
approved organisations. It does less than the real search (no folding of diacritics, no
keywords, no ranking, no snippets) and is still the slower one.

With `--dataset` (issue #14's figure) it does not build anything: it reads the database that
DATABASE_URL names — a data set made by `wspolnie synth` (e.g. `bench/pages_bench.py`'s, at
10,000 organisations about 150,000 index entries: organisations, services, contacts, channels,
needs, meetings, boards and their cards) — and times 200 varied queries (1–3 words drawn from
the synthetic vocabularies: Polish with and without its diacritics, Ukrainian, English, whole
words and prefixes, common and rare words) through the product's search function
(`wspolnie.search.query.search`, 20 hits with snippets) against the baseline: the raw
full-text query for the same terms (SQLite: FTS5 MATCH of the quoted prefix terms ordered by
bm25, LIMIT 20; PostgreSQL: `search_vector @@ to_tsquery(...)` ordered by ts_rank_cd, LIMIT 20).
Goal: p95 ≤ 20 ms and ≤ 2× the raw query.

    DATABASE_URL=sqlite:////tmp/wspolnie-pages-bench/sqlite-10000/db.sqlite3 \
        .venv/bin/python bench/search_bench.py --dataset
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _words(text: str) -> list[str]:
    return text.split()


WORDS_PL = _words(
    "pomoc prawna edukacja szkoła rodzina dzieci młodzież kobiety praca mieszkanie zdrowie "
    "kultura integracja dialog wolontariat język polski kurs tłumaczenia porady spotkania "
    "warsztaty świetlica sąsiedzi międzykulturowość migranci uchodźcy cudzoziemcy legalizacja "
    "pobytu urząd wniosek dokumenty psycholog wsparcie grupa liderzy społeczność festiwal "
    "muzyka taniec kuchnia teatr sport biblioteka dyżur punkt informacyjny zapisy przedszkole"
)
WORDS_EN = _words(
    "help legal education school family children youth women work housing health culture "
    "integration dialogue volunteering language course translation advice meetings workshops "
    "neighbours migrants refugees residence permit office documents support group leaders"
)
WORDS_UK = _words(
    "допомога освіта школа родина діти молодь жінки робота житло здоров'я культура інтеграція "
    "діалог волонтерство мова курс переклад консультації зустрічі підтримка громада"
)
KINDS = ["ngo", "foundation", "association", "public_institution", "informal_group"]
QUERIES = [
    "gruzi",
    "miedzykulturowosc",
    "szkol rodzin",
    "nadodrze rosyjski",
    "pomoc prawna cudzoziemcy",
    "we need someone who helps Georgian families with school enrolment, speaks Russian, "
    "works in Nadodrze",
    "zzzyrafa",
]


def setup_django() -> str:
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="wspolnie-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["WSPOLNIE_DATA_DIR"] = folder
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wspolnie.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


SYLLABLES = _words("ka ro ni wa mi lo sz cz ze to pa la be ru do ko ma si na te gro pra dzi")


class Vocabulary:
    """Real words among generated ones, drawn with Zipf-like frequencies (a few words are
    everywhere, most are rare), as in real text."""

    def __init__(self, rng: random.Random, real: list[str], size: int = 6000) -> None:
        generated = {
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(size)
        }
        words = sorted(generated - set(real))
        rng.shuffle(words)
        # The real words spread over the ranks: some common, most of them rare.
        for position, word in enumerate(real):
            words.insert(min(len(words), int((position + 1) ** 1.7)), word)
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
        self.rng = rng

    def sentence(self, length: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=length)
        return " ".join(words).capitalize() + "."


def create_organisations(n: int, rng: random.Random) -> None:
    from wspolnie.directory import demo as directory_demo
    from wspolnie.directory.models import Community, District, Language, Topic
    from wspolnie.organisations.models import Organisation

    directory_demo.load()
    topics = list(Topic.objects.all())
    communities = list(Community.objects.all())
    districts = list(District.objects.all())
    languages = list(Language.objects.all())
    pl, en, uk = Vocabulary(rng, WORDS_PL), Vocabulary(rng, WORDS_EN), Vocabulary(rng, WORDS_UK)
    organisations = []
    for i in range(n):
        organisations.append(Organisation(
            name=f"{rng.choice(['Fundacja', 'Stowarzyszenie', 'Klub', 'Centrum'])} "
                 f"{rng.choice(WORDS_PL).capitalize()} {rng.choice(WORDS_PL)} {i}",
            slug=f"bench-{i}",
            kind=rng.choice(KINDS),
            status="approved" if rng.random() < 0.9 else "pending",
            short_description=" ".join(pl.sentence(10) for _ in range(3)),
            description={
                "pl": " ".join(pl.sentence(12) for _ in range(6)),
                "en": " ".join(en.sentence(12) for _ in range(4)),
                "uk": " ".join(uk.sentence(12) for _ in range(4)),
            },
        ))
    Organisation.objects.bulk_create(organisations, batch_size=500)
    through = {
        "topics": (Organisation.topics.through, topics, "topic_id"),
        "communities": (Organisation.communities.through, communities, "community_id"),
        "districts": (Organisation.districts.through, districts, "district_id"),
        "languages": (Organisation.languages.through, languages, "language_id"),
    }
    for model, terms, column in through.values():
        rows = []
        for organisation in Organisation.objects.filter(slug__startswith="bench-").only("id"):
            for term in rng.sample(terms, k=rng.randint(1, 3)):
                rows.append(model(organisation_id=organisation.pk, **{column: term.pk}))
        model.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def naive_scan(text: str) -> tuple[int, list]:
    from django.db.models import Q

    from wspolnie.organisations.models import Organisation
    from wspolnie.search.text import parse_query

    queryset = Organisation.objects.public()
    for term in parse_query(text).terms:
        queryset = queryset.filter(
            Q(name__icontains=term) | Q(short_description__icontains=term)
            | Q(description__icontains=term)
        )
    return queryset.count(), list(queryset.values_list("id", "name")[:20])


def timed(function, repeat: int) -> tuple[float, float, object]:
    durations, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    durations.sort()
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    return statistics.median(durations) * 1000, p95 * 1000, result


def dataset_queries(count: int, seed: int) -> list[str]:
    """`count` varied queries from the synthetic data's vocabularies (wspolnie.core.synthetic),
    deterministic by seed."""
    from wspolnie.core.synthetic import WORDS, Vocabulary
    from wspolnie.search.text import strip_marks

    rng = random.Random(f"{seed}:search-bench")
    vocabularies = {code: Vocabulary(random.Random(f"{seed}:words:{code}"), code)
                    for code in WORDS}
    # (The synthetic data of seed 42 was drawn from the same vocabularies.)
    queries: list[str] = []
    while len(queries) < count:
        language = rng.choice(("pl", "pl", "uk", "en"))
        vocabulary = vocabularies[language]
        words = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            roll = rng.random()
            if roll < 0.5:
                word = rng.choice(WORDS[language])  # a real word
            else:  # common or rare generated words, as they occur in the texts
                rank = min(len(vocabulary.words) - 1, int(rng.paretovariate(0.7)) - 1)
                word = vocabulary.words[rank]
            if rng.random() < 0.2 and len(word) > 5:
                word = word[: rng.randint(4, len(word) - 1)]  # a prefix
            words.append(word)
        query = " ".join(words)
        if language == "pl" and rng.random() < 0.4:
            query = strip_marks(query)  # typed without diacritics
        if query not in queries:
            queries.append(query)
    return queries


def raw_query(terms) -> int:
    """The raw full-text query for the terms: the database's own full-text search, no
    filtering, folding, fallback, counting or snippets."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                           "ORDER BY rank LIMIT 20", [match])
        else:
            query = " & ".join("'" + term.replace("'", "''").replace("\\", "") + "':*"
                               for term in terms)
            cursor.execute(
                "SELECT id FROM search_searchentry, to_tsquery('wspolnie_search', %s) q "
                "WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC "
                "LIMIT 20", [query])
        return len(cursor.fetchall())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run_dataset(args) -> None:
    import django

    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wspolnie.settings")
    django.setup()
    from django.db import connection

    from wspolnie.search.models import SearchEntry
    from wspolnie.search.query import search
    from wspolnie.search.text import parse_query

    documents = SearchEntry.objects.count()
    queries = dataset_queries(args.queries, args.seed)
    print(f"database: {connection.vendor}, {documents} index entries, {len(queries)} queries, "
          f"{args.repeat} runs each; load average {os.getloadavg()[0]:.1f}")
    for query in queries[:20]:  # warm-up: the database's caches, the URL resolvers
        search(query, limit=20)
        raw_query(parse_query(query).terms)
    product, raw, hits, empty = [], [], [], 0
    for query in queries:
        terms = parse_query(query).terms
        p_times, r_times = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            found = search(query, limit=20)
            p_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            raw_query(terms)
            r_times.append(time.perf_counter() - started)
        product.append(statistics.median(p_times) * 1000)
        raw.append(statistics.median(r_times) * 1000)
        hits.append(found.total)
        empty += not found.total
    ratios = [p / max(r, 0.001) for p, r in zip(product, raw, strict=True)]
    worst = sorted(range(len(queries)), key=lambda i: -product[i])[:8]
    print(f"\n{'slowest queries':<36} {'hits':>6} {'search ms':>10} {'raw ms':>8} {'x':>6}")
    for i in worst:
        print(f"{queries[i][:36]:<36} {hits[i]:>6} {product[i]:>10.1f} {raw[i]:>8.1f} "
              f"{ratios[i]:>6.1f}")
    p50, p95 = statistics.median(product), percentile(product, 0.95)
    r50, r95 = statistics.median(raw), percentile(raw, 0.95)
    print(f"\nproduct search: p50 {p50:.1f} ms, p95 {p95:.1f} ms; raw full-text query: p50 "
          f"{r50:.1f} ms, p95 {r95:.1f} ms; ratio p50 {p50 / r50:.2f}x, p95 {p95 / r95:.2f}x "
          f"(median per-query ratio {statistics.median(ratios):.2f}x); {empty} queries "
          f"without hits")
    met = p95 <= 20 and p95 / r95 <= 2
    print(f"RESULT goal (p95 <= 20 ms and <= 2x raw) {'met' if met else 'NOT met'}; "
          f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="organisations (default 5000)")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query (default 20)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dataset", action="store_true",
                        help="time 200 queries on the synth data set that DATABASE_URL names "
                             "against the raw full-text query (see above)")
    parser.add_argument("--queries", type=int, default=200, help="with --dataset")
    args = parser.parse_args()
    if args.dataset:
        if "DATABASE_URL" not in os.environ:
            sys.exit("--dataset: set DATABASE_URL to a data set made by `wspolnie synth`.")
        args.repeat = min(args.repeat, 5) if args.repeat == 20 else args.repeat
        run_dataset(args)
        return

    url = setup_django()
    from django.db import connection

    from wspolnie.organisations.models import Organisation
    from wspolnie.search import index
    from wspolnie.search.models import SearchEntry
    from wspolnie.search.query import search

    if Organisation.objects.exists():
        sys.exit("The database is not empty: give the benchmark a scratch database.")
    print(f"database: {connection.vendor} ({url.split('@')[-1]})")

    rng = random.Random(args.seed)
    started = time.perf_counter()
    create_organisations(args.n, rng)
    print(f"created {args.n} organisations in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    counts = index.rebuild()
    build = time.perf_counter() - started
    print(f"full index build: {build:.2f} s ({counts['added']} entries, "
          f"{build / max(1, counts['added']) * 1000:.2f} ms per entry)")
    started = time.perf_counter()
    counts = index.rebuild()
    print(f"second rebuild (nothing changed): {time.perf_counter() - started:.2f} s {counts}")

    # One save through the signals (autocommit: the re-index runs right after it).
    organisation = Organisation.objects.public().first()
    saves = []
    for i in range(20):
        organisation.short_description = f"Zmieniony opis numer {i}: gruzińskie rodziny."
        started = time.perf_counter()
        organisation.save()
        saves.append(time.perf_counter() - started)
    print(f"save + re-index of one organisation: median {statistics.median(saves) * 1000:.1f} ms")
    assert SearchEntry.objects.filter(body__contains="numer 19").exists()

    print()
    header = f"{'query':<44} {'hits':>6} {'index ms':>9} {'p95':>7} {'scan hits':>9} " \
             f"{'scan ms':>8} {'p95':>7} {'scan/index':>10}"
    print(header)
    print("-" * len(header))
    ratios = []
    for query in QUERIES:
        fts_median, fts_p95, results = timed(lambda q=query: search(q, limit=20), args.repeat)
        scan_median, scan_p95, (scan_total, _rows) = timed(
            lambda q=query: naive_scan(q), max(3, args.repeat // 4))
        ratio = scan_median / fts_median if fts_median else float("inf")
        ratios.append(ratio)
        label = query if len(query) <= 42 else query[:39] + "..."
        print(f"{label:<44} {results.total:>6} {fts_median:>9.1f} {fts_p95:>7.1f} "
              f"{scan_total:>9} {scan_median:>8.1f} {scan_p95:>7.1f} {ratio:>9.1f}x")
    print()
    print(f"geometric mean of scan/index: {statistics.geometric_mean(ratios):.1f}x "
          f"(the index also folds diacritics, searches keywords, ranks and makes snippets)")


if __name__ == "__main__":
    main()
