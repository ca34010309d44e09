"""The database side of a search: SQLite FTS5 or PostgreSQL full-text search.

A backend gets terms that `text.parse_query` made (letters and digits only) and builds the
database's query from them with parameters, so user text never becomes query syntax.

Every search is limited to entries of approved organisations (or of none), whatever the
index holds: a stale entry of an organisation that lost its approval is never shown; so are
entries outside their visible_from / expires_at.

Besides the site search's pages (`rows`), a backend gives SQL for the lists of one model
(`ids_sql`: the matching object ids, a subquery for `pk IN (…)`) and their order
(`object_ranks`: the best rank of each object among the newest CANDIDATES matches), see
`query.text_filter`.

The work of one search is bounded by CANDIDATES, not by the size of the index: the newest
matches come straight from the index in id order (no sort), ranks are computed for those only,
snippets for the page only (issue #15).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import SearchEntry
from .text import MARK_END, MARK_START, fold, mark_all, snippet, strip_marks

ALL = "all"
ANY = "any"

SNIPPET_WORDS = 32

#: At most this many matches are ranked for one search: the newest ones (the highest entry
#: ids). A search that matches more says "more than CANDIDATES" and pages through these, so
#: its cost is bounded by this, never by the size of the index (issue #15); a search with
#: fewer matches ranks all of them.
#:
#: Why not rank every match (FTS5 `ORDER BY rank LIMIT n`, ts_rank over the GIN matches)?
#: Neither database can rank without visiting every match: bm25 reads each match's phrase
#: counts, ts_rank each match's tsvector from the table (the GIN index holds no weights).
#: At 10,000 organisations "pomoc prawna" matches 30,159 of 43,574 entries: bm25 over all of
#: them took 55 ms of CPU in the sqlite3 shell, the newest 501 took 9 ms (bench/RESULTS.md),
#: and the first grows with the city, the second does not. A visitor who gets "more than 500
#: results" narrows the search (a word more, a kind), which ranks everything it matches.
CANDIDATES = 500


@dataclass
class Page:
    #: Matches ranked (at most CANDIDATES); `more`: there are more matches than that.
    total: int
    rows: list
    more: bool = False


@dataclass
class Row:
    id: int
    rank: float
    coverage: int = 0
    object_id: int | None = None
    title_marked: str = ""
    snippet_marked: str = ""
    keywords_marked: str = ""
    #: Filled in by `_mark` with the marks, from the same query (so the page of hits needs
    #: no other): the entry's key, kind, url, title and organisation; key "" when the entry
    #: was removed in between.
    key: str = ""
    kind: str = ""
    url: str = ""
    title: str = ""
    organisation_id: int | None = None


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _filters(alias: str, kinds, organisation_ids, organisations_hint: str = "",
             joined: str = "") -> tuple[str, list]:
    """SQL conditions on the entries table (`alias`) and their parameters. `joined`: the
    alias of the organisations table when the query LEFT JOINs it on the entry's
    organisation, instead of an EXISTS per entry."""
    from wspolnie.organisations.models import Organisation

    organisations = _quote(Organisation._meta.db_table)
    # Checked per match (a primary key lookup), not as a list of every approved id.
    approved = (
        f"SELECT 1 FROM {organisations} o {organisations_hint}"  # noqa: S608
        f"WHERE o.id = {alias}.organisation_id AND o.status = %s"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if joined:
        approved = f"{alias}.organisation_id IS NULL OR {joined}.status = %s"
    else:
        approved = f"{alias}.organisation_id IS NULL OR EXISTS ({approved})"
    sql = [
        f"({approved})",
        # Not yet published / already expired: out at once, whatever re-index is pending.
        f"({alias}.visible_from IS NULL OR {alias}.visible_from <= %s)",
        f"({alias}.expires_at IS NULL OR {alias}.expires_at > %s)",
    ]
    params: list = [Organisation.Status.APPROVED.value, now, now]
    if kinds:
        sql.append(f"{alias}.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    if organisation_ids is not None:
        ids = sorted({int(pk) for pk in organisation_ids})
        if not ids:
            sql.append("1 = 0")
        else:
            sql.append(f"{alias}.organisation_id IN ({', '.join(['%s'] * len(ids))})")
            params.extend(ids)
    return " AND ".join(sql), params


class _Backend:
    """What both backends build the same way on their `_from_where` (the FROM … WHERE …
    of the entries matching the terms, with its parameters)."""

    def _from_where(self, terms, mode, kinds, organisation_ids) -> tuple[str, list]:
        raise NotImplementedError

    def _candidates(self, terms, mode, kinds, organisation_ids, limit: int) -> list[Row]:
        """The newest `limit` matches with their rank (and coverage), unordered by rank."""
        raise NotImplementedError

    def _mark(self, terms, mode, rows: list[Row]) -> None:
        """Fill in the rows' marked title, snippet and keywords."""
        raise NotImplementedError

    def object_ranks(self, terms, mode, kinds) -> dict[int, float]:
        """{object id: its best document's score} for the objects of the newest CANDIDATES
        matches (higher is better, always above 0: the number of terms found for ANY, then
        the rank): what a list of one model orders by (query.TextFilter.rank)."""
        best: dict[int, float] = {}
        for row in self._candidates(terms, mode, kinds, None, CANDIDATES):
            if row.object_id is None:
                continue
            score = row.coverage * 1000.0 + row.rank + 1.0
            if score > best.get(row.object_id, 0.0):
                best[row.object_id] = score
        return best

    def rows(self, terms, mode, kinds=None, organisation_ids=None, limit=20, offset=0
             ) -> Page:
        """One page of the best matches among the newest CANDIDATES, with their marks."""
        found = self._candidates(terms, mode, kinds, organisation_ids, CANDIDATES + 1)
        more = len(found) > CANDIDATES
        if more:
            found.sort(key=lambda row: -row.id)
            del found[CANDIDATES:]
        # The same order as ever: the most words first (ANY), then the rank, then the id.
        found.sort(key=lambda row: (-row.coverage, -row.rank, row.id))
        page = found[offset:offset + limit]
        if page:
            self._mark(terms, mode, page)
        return Page(len(found), page, more)

    def organisation_ids(self, terms, mode) -> set[int]:
        from_where, params = self._from_where(terms, mode, None, None)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT e.organisation_id FROM {from_where} "  # noqa: S608
                f"AND e.organisation_id IS NOT NULL", params
            )
            return {row[0] for row in cursor.fetchall()}

    def exists(self, terms, mode, kinds=None) -> bool:
        from_where, params = self._from_where(terms, mode, kinds, None)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {from_where} LIMIT 1", params)  # noqa: S608
            return cursor.fetchone() is not None

    def ids_sql(self, terms, mode, kinds) -> tuple[str, list]:
        from_where, params = self._from_where(terms, mode, kinds, None)
        return f"SELECT e.object_id FROM {from_where} AND e.object_id IS NOT NULL", params  # noqa: S608


_STATUS_INDEX: dict[str, str] = {}


def _status_index_hint() -> str:
    """`INDEXED BY <the index on organisations.status>` (it holds the row id too), so that the
    approval check of a match reads a small index entry, not the organisation's row with its
    long descriptions; "" when there is no such index."""
    from wspolnie.organisations.models import Organisation

    key = connection.settings_dict["NAME"]
    if key not in _STATUS_INDEX:
        table = Organisation._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT il.name FROM pragma_index_list(%s) il "
                "WHERE (SELECT group_concat(ii.name) FROM pragma_index_info(il.name) ii) = %s",
                [table, "status"],
            )
            found = cursor.fetchone()
        _STATUS_INDEX[key] = f"INDEXED BY {_quote(found[0])} " if found else ""
    return _STATUS_INDEX[key]


class SQLiteBackend(_Backend):
    """FTS5 table `search_fts` (see migration 0002): bm25 ranking, snippet()/highlight()."""

    # bm25 weights of the columns title, body, keywords, extra_terms.
    RANK = "bm25(search_fts, 10.0, 1.0, 4.0, 2.0)"

    @staticmethod
    def _term(term: str) -> str:
        """One quoted term, a prefix query from two letters on. A term with a letter the
        tokenizer cannot fold ("wrocław") also looks for its folded form ("wroclaw")."""
        variants = [term]
        if fold(term) != strip_marks(term).lower():
            variants.append(fold(term))
        parts = [
            '"' + variant.replace('"', '""') + '"' + ("*" if len(variant) >= 2 else "")
            for variant in variants
        ]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def match(self, terms, mode: str) -> str:
        return f" {'AND' if mode == ALL else 'OR'} ".join(self._term(t) for t in terms)

    def _where(self, terms, mode, kinds, organisation_ids) -> tuple[str, list]:
        filters, params = _filters("e", kinds, organisation_ids, _status_index_hint())
        return f"search_fts MATCH %s AND {filters}", [self.match(terms, mode), *params]

    def _from(self) -> str:
        entries = _quote(SearchEntry._meta.db_table)
        # CROSS JOIN: SQLite keeps this order, the full-text matches first, then each one's
        # entry by primary key. With a plain JOIN and a kind filter the planner started from
        # the index on kind and ran the full-text query once per entry of that kind: 4.5 s of
        # CPU for "kultura" in the organisations at 10,000 organisations, 20 ms this way.
        return f"search_fts CROSS JOIN {entries} e ON e.id = search_fts.rowid"

    def _from_where(self, terms, mode, kinds, organisation_ids) -> tuple[str, list]:
        where, params = self._where(terms, mode, kinds, organisation_ids)
        return f"{self._from()} WHERE {where}", params

    def _coverage(self, terms) -> tuple[str, list]:
        """How many of the terms an entry contains (the first sort key of an ANY search)."""
        parts = ["(e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"] * len(
            terms)
        return " + ".join(parts), [self._term(t) for t in terms]

    def _candidates(self, terms, mode, kinds, organisation_ids, limit: int) -> list[Row]:
        where, params = self._where(terms, mode, kinds, organisation_ids)
        coverage, coverage_params = (self._coverage(terms) if mode == ANY else ("0", []))
        # Newest first straight from the FTS index (no sort), bm25 only for the rows kept.
        sql = (
            f"SELECT e.id, {self.RANK}, {coverage}, e.object_id "  # noqa: S608
            f"FROM {self._from()} WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*coverage_params, *params, limit])
            return [Row(id=pk, rank=-rank, coverage=cov, object_id=object_id)
                    for pk, rank, cov, object_id in cursor.fetchall()]

    def _mark(self, terms, mode, rows: list[Row]) -> None:
        """In Python, from the entries' stored text. FTS5's highlight() and snippet() would
        do it, but with `MATCH … AND rowid IN (…)` FTS5 evaluates the whole match first
        (30,159 rows for "pomoc prawna" at 10,000 organisations: ~47 ms of CPU), and a
        `rowid = ?` per hit expands a long prefix again each time (~4.5 ms a hit); here the
        cost is that of the shown hits' own text. The words are matched as the index
        matches them (folded, prefixes), so words it found through their folded form
        ("Wrocławiu" for "wroclaw") are marked too."""
        by_id = {row.id: row for row in rows}
        entries = SearchEntry.objects.filter(pk__in=list(by_id)).values_list(
            "pk", "title", "body", "keywords", "key", "kind", "url", "organisation_id")
        terms = tuple(terms)
        for pk, title, body, keywords, key, kind, url, organisation_id in entries:
            row = by_id[pk]
            row.title_marked = mark_all(title, terms)
            row.snippet_marked = snippet(body, terms, SNIPPET_WORDS)
            row.keywords_marked = mark_all(keywords, terms)
            row.key, row.kind, row.url, row.title = key, kind, url, title
            row.organisation_id = organisation_id

    #: Marked in Python above, folded forms included.
    supplements_marks = False


class PostgreSQLBackend(_Backend):
    """Generated tsvector column `search_vector` (see migration 0002): ts_rank_cd ranking,
    ts_headline snippets, configuration `wspolnie_search` (simple + unaccent), prefix
    queries."""

    CONFIG = "wspolnie_search"
    HEADLINE = (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, '
        'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
    )
    TITLE = f'HighlightAll=true, StartSel="{MARK_START}", StopSel="{MARK_END}"'
    supplements_marks = False

    def _tsquery(self, term: str) -> tuple[str, list]:
        # Terms are letters and digits only; quoting them makes each one a single operand.
        operand = "'" + term.replace("'", "''").replace("\\", "") + "'"
        if len(term) >= 2:
            operand += ":*"
        return f"to_tsquery('{self.CONFIG}', %s)", [operand]

    def query(self, terms, mode) -> tuple[str, list]:
        parts, params = [], []
        for term in terms:
            sql, term_params = self._tsquery(term)
            parts.append(sql)
            params.extend(term_params)
        return "(" + (" && " if mode == ALL else " || ").join(parts) + ")", params

    def _from_where(self, terms, mode, kinds, organisation_ids) -> tuple[str, list]:
        entries = _quote(SearchEntry._meta.db_table)
        query, query_params = self.query(terms, mode)
        filters, params = _filters("e", kinds, organisation_ids)
        return (
            f"{entries} e, (SELECT {query} AS query) q "
            f"WHERE e.search_vector @@ q.query AND {filters}",
            [*query_params, *params],
        )

    def _coverage(self, terms, alias: str = "e") -> tuple[str, list]:
        """How many of the terms an entry contains (the first sort key of an ANY search)."""
        parts, params = [], []
        for term in terms:
            sql, term_params = self._tsquery(term)
            parts.append(f"({alias}.search_vector @@ {sql})::int")
            params.extend(term_params)
        return " + ".join(parts), params

    #: The newest WINDOW entries are scanned in id order (the primary key, no GIN) when the
    #: terms are common; see `_candidates`.
    WINDOW = 16384
    #: How many of the newest entries the density probe looks at, and the share of matches
    #: among them from which the window is worth scanning (at that density the window holds
    #: CANDIDATES matches). A wrong guess costs time, never results: the entries are not
    #: spread evenly (the newest 80,000 of the 10,000-organisation data set are cards), so
    #: a probe may find common words rare (the GIN index then reads all their matches, as
    #: before) or rare words common (the window is scanned in vain, then the GIN index).
    PROBE = 1024
    DENSE = 1.0 * CANDIDATES / WINDOW

    def _candidates(self, terms, mode, kinds, organisation_ids, limit: int) -> list[Row]:
        """The newest `limit` matches, in one statement whose work is bounded for common
        terms too. The GIN index finds the matches, but every one of them must then be read
        from the table (for the filters and to order them by id): "masach legal" matches
        24,154 of 136,753 entries at 10,000 organisations, ~100 ms. So a probe counts the
        matches among the newest PROBE entries first; when they are dense, the newest
        WINDOW entries are scanned in id order (the primary key backwards, @@ on each: ~1 µs
        an entry), which stops at the `limit`-th match; what the window did not hold (and
        every search of rarer terms) comes from the GIN index as before. Each branch of the
        UNION ALL runs only when the one before it did not fill the LIMIT."""
        from wspolnie.organisations.models import Organisation

        entries = _quote(SearchEntry._meta.db_table)
        query, query_params = self.query(terms, mode)
        # The approval as a join (a lookup per match, or one hash of the approved ids): an
        # EXISTS per entry made the planner's estimate of the window so high that it
        # compiled the statement with JIT, ~60 ms (jit_above_cost).
        filters, filter_params = _filters("e", kinds, organisation_ids, joined="o")
        join = (f"LEFT JOIN {_quote(Organisation._meta.db_table)} o "
                f"ON o.id = e.organisation_id")
        # The probe applies the cheap filters only (kind, organisations), not the approval.
        probe_filters, probe_params = [], []
        if kinds:
            probe_filters.append(f"p.kind IN ({', '.join(['%s'] * len(kinds))})")
            probe_params.extend(kinds)
        if organisation_ids is not None:
            ids = sorted({int(pk) for pk in organisation_ids}) or [0]
            probe_filters.append(f"p.organisation_id IN ({', '.join(['%s'] * len(ids))})")
            probe_params.extend(ids)
        probe_where = "".join(f" AND {condition}" for condition in probe_filters)
        coverage, coverage_params = (self._coverage(terms, "c") if mode == ANY else ("0", []))
        # Narrow rows through the sort; the vector of the kept ones is read again for the rank.
        columns = "e.id"
        window = (
            f"SELECT id, object_id, search_vector, kind, organisation_id, visible_from, "  # noqa: S608
            f"expires_at FROM {entries} ORDER BY id DESC LIMIT %s"
        )
        dense = (
            f"(SELECT count(*) >= %s FROM (SELECT kind, organisation_id, search_vector "  # noqa: S608
            f"FROM {entries} ORDER BY id DESC LIMIT %s) p "
            f"WHERE p.search_vector @@ (SELECT query FROM q){probe_where})"
        )
        window_start = (
            f"(SELECT min(id) FROM (SELECT id FROM {entries} "  # noqa: S608
            f"ORDER BY id DESC LIMIT %s) w)"
        )
        sql = (
            f"WITH q AS MATERIALIZED (SELECT {query} AS query) "  # noqa: S608
            f"SELECT c.id, ts_rank_cd(c.search_vector, q.query), {coverage}, c.object_id "
            f"FROM q, {entries} c, (("
            f"SELECT {columns} FROM ({window}) e {join} "
            f"WHERE {dense} AND e.search_vector @@ (SELECT query FROM q) AND {filters} "
            f"ORDER BY e.id DESC LIMIT %s"
            f") UNION ALL ("
            f"SELECT {columns} FROM {entries} e {join} "
            f"WHERE e.search_vector @@ (SELECT query FROM q) AND {filters} "
            f"AND (NOT {dense} OR e.id < {window_start}) "
            f"ORDER BY e.id DESC LIMIT %s"
            f") LIMIT %s) k WHERE c.id = k.id"
        )
        threshold = max(1, round(self.DENSE * self.PROBE))
        dense_params = [threshold, self.PROBE, *probe_params]
        params = [
            *query_params,
            *coverage_params,
            self.WINDOW, *dense_params, *filter_params, limit,
            *filter_params, *dense_params, self.WINDOW, limit,
            limit,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [Row(id=pk, rank=float(rank), coverage=cov, object_id=object_id)
                    for pk, rank, cov, object_id in cursor.fetchall()]

    def _mark(self, terms, mode, rows: list[Row]) -> None:
        by_id = {row.id: row for row in rows}
        query, query_params = self.query(terms, mode)
        sql = (
            f"SELECT e.id, ts_headline('{self.CONFIG}', e.title, q.query, %s), "  # noqa: S608
            f"ts_headline('{self.CONFIG}', e.body, q.query, %s), "
            f"ts_headline('{self.CONFIG}', e.keywords, q.query, %s), "
            f"e.key, e.kind, e.url, e.title, e.organisation_id "
            f"FROM {_quote(SearchEntry._meta.db_table)} e, (SELECT {query} AS query) q "
            f"WHERE e.id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.TITLE, self.HEADLINE, self.TITLE, *query_params,
                                 list(by_id)])
            for pk, title, snippet, keywords, *entry in cursor.fetchall():
                row = by_id[pk]
                row.title_marked = title or ""
                row.snippet_marked = snippet or ""
                row.keywords_marked = keywords or ""
                row.key, row.kind, row.url, row.title, row.organisation_id = entry


def get_backend():
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search does not support {connection.vendor} databases.")
