"""The database side of a search: SQLite FTS5 or PostgreSQL full-text search.

A backend gets terms that `text.parse_query` made (letters and digits only) and builds the
database's query from them with parameters, so user text never becomes query syntax.

Every search is limited to entries of approved organisations (or of none), whatever the
index holds: a stale entry of an organisation that lost its approval is never shown; so are
entries outside their visible_from / expires_at.

Besides the site search's pages (`rows`), a backend gives SQL for the lists of one model
(`ids_sql`: the matching object ids, a subquery for `pk IN (…)`; `rank_sql`: one object's best
rank, a correlated subquery to order by), see `query.text_filter`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import SearchEntry
from .text import MARK_END, MARK_START, fold, strip_marks

ALL = "all"
ANY = "any"

SNIPPET_WORDS = 32


@dataclass
class Row:
    id: int
    rank: float
    coverage: int = 0
    title_marked: str = ""
    snippet_marked: str = ""
    keywords_marked: str = ""


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _filters(alias: str, kinds, organisation_ids) -> tuple[str, list]:
    """SQL conditions on the entries table (`alias`) and their parameters."""
    from wspolnie.organisations.models import Organisation

    organisations = _quote(Organisation._meta.db_table)
    # Checked per match (a primary key lookup), not as a list of every approved id.
    approved = (
        f"SELECT 1 FROM {organisations} o "  # noqa: S608
        f"WHERE o.id = {alias}.organisation_id AND o.status = %s"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = [
        f"({alias}.organisation_id IS NULL OR EXISTS ({approved}))",
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

    def count(self, terms, mode, kinds=None, organisation_ids=None) -> int:
        from_where, params = self._from_where(terms, mode, kinds, organisation_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {from_where}", params)  # noqa: S608
            return cursor.fetchone()[0]

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
        filters, params = _filters("e", kinds, organisation_ids)
        return f"search_fts MATCH %s AND {filters}", [self.match(terms, mode), *params]

    def _from(self) -> str:
        entries = _quote(SearchEntry._meta.db_table)
        return f"search_fts JOIN {entries} e ON e.id = search_fts.rowid"

    def _from_where(self, terms, mode, kinds, organisation_ids) -> tuple[str, list]:
        where, params = self._where(terms, mode, kinds, organisation_ids)
        return f"{self._from()} WHERE {where}", params

    def _coverage(self, terms) -> tuple[str, list]:
        """How many of the terms an entry contains (the first sort key of an ANY search)."""
        parts = ["(e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"] * len(
            terms)
        return " + ".join(parts), [self._term(t) for t in terms]

    def rows(self, terms, mode, kinds=None, organisation_ids=None, limit=20, offset=0):
        """(total, the rows of the page). The total is 0 when the page is empty."""
        where, params = self._where(terms, mode, kinds, organisation_ids)
        coverage, coverage_params = (self._coverage(terms) if mode == ANY else ("0", []))
        # (bm25() cannot be used in the window query itself: it needs the MATCH context.)
        sql = (
            f"SELECT id, rank, coverage, count(*) OVER () FROM ("  # noqa: S608
            f"SELECT e.id AS id, {self.RANK} AS rank, {coverage} AS coverage "
            f"FROM {self._from()} WHERE {where}) "
            f"ORDER BY coverage DESC, rank, id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*coverage_params, *params, limit, offset])
            found = cursor.fetchall()
        rows = [Row(id=pk, rank=-rank, coverage=cov) for pk, rank, cov, _total in found]
        if not rows:
            return 0, rows
        by_id = {row.id: row for row in rows}
        marks = f"'{MARK_START}', '{MARK_END}'"
        sql = (
            f"SELECT rowid, highlight(search_fts, 0, {marks}), "  # noqa: S608
            f"snippet(search_fts, 1, {marks}, '…', {SNIPPET_WORDS}), "
            f"highlight(search_fts, 2, {marks}) "
            f"FROM search_fts WHERE search_fts MATCH %s "
            f"AND rowid IN ({', '.join(['%s'] * len(rows))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms, mode), *by_id])
            for pk, title, snippet, keywords in cursor.fetchall():
                by_id[pk].title_marked = title or ""
                by_id[pk].snippet_marked = snippet or ""
                by_id[pk].keywords_marked = keywords or ""
        return found[0][3], rows

    def rank_sql(self, terms, mode, kinds, outer: str) -> tuple[str, list]:
        """Higher is better: the number of terms found (ANY), then bm25."""
        where, params = self._where(terms, mode, kinds, None)
        coverage, coverage_params = (self._coverage(terms) if mode == ANY else ("0", []))
        # (Not max(): bm25() cannot be used inside an aggregate.)
        return (
            f"SELECT ({coverage}) * 1000.0 - {self.RANK} AS r FROM {self._from()} "  # noqa: S608
            f"WHERE {where} AND e.object_id = {outer} ORDER BY r DESC LIMIT 1",
            [*coverage_params, *params],
        )

    #: SQLite cannot mark the words it matched through the folded column ("wroclaw"
    #: finding "Wrocław"): the snippet code marks those in Python.
    supplements_marks = True


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

    def rows(self, terms, mode, kinds=None, organisation_ids=None, limit=20, offset=0):
        """(total, the rows of the page). The total is 0 when the page is empty."""
        from_where, params = self._from_where(terms, mode, kinds, organisation_ids)
        coverage, coverage_params = "0", []
        if mode == ANY:
            parts = []
            for term in terms:
                sql, term_params = self._tsquery(term)
                parts.append(f"(e.search_vector @@ {sql})::int")
                coverage_params.extend(term_params)
            coverage = " + ".join(parts)
        # The headlines are computed for the page only (outside the LIMITed subquery).
        sql = (
            f"SELECT page.id, page.rank, page.coverage, page.total, "  # noqa: S608
            f"ts_headline('{self.CONFIG}', e.title, page.query, %s), "
            f"ts_headline('{self.CONFIG}', e.body, page.query, %s), "
            f"ts_headline('{self.CONFIG}', e.keywords, page.query, %s) "
            f"FROM (SELECT e.id, ts_rank_cd(e.search_vector, q.query) AS rank, "
            f"{coverage} AS coverage, count(*) OVER () AS total, q.query FROM {from_where} "
            f"ORDER BY coverage DESC, rank DESC, e.id LIMIT %s OFFSET %s) page "
            f"JOIN {_quote(SearchEntry._meta.db_table)} e ON e.id = page.id "
            f"ORDER BY page.coverage DESC, page.rank DESC, page.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [self.TITLE, self.HEADLINE, self.TITLE, *coverage_params, *params, limit,
                      offset]
            )
            found = cursor.fetchall()
        rows = [
            Row(id=pk, rank=float(rank), coverage=cov, title_marked=title or "",
                snippet_marked=snippet or "", keywords_marked=keywords or "")
            for pk, rank, cov, _total, title, snippet, keywords in found
        ]
        return (found[0][3] if found else 0), rows

    def rank_sql(self, terms, mode, kinds, outer: str) -> tuple[str, list]:
        """Higher is better: the number of terms found (ANY), then ts_rank_cd."""
        from_where, params = self._from_where(terms, mode, kinds, None)
        coverage, coverage_params = "0", []
        if mode == ANY:
            parts = []
            for term in terms:
                sql, term_params = self._tsquery(term)
                parts.append(f"(e.search_vector @@ {sql})::int")
                coverage_params.extend(term_params)
            coverage = " + ".join(parts)
        return (
            f"SELECT max(({coverage}) * 1000.0 + ts_rank_cd(e.search_vector, q.query)) "  # noqa: S608
            f"FROM {from_where} AND e.object_id = {outer}", [*coverage_params, *params],
        )


def get_backend():
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search does not support {connection.vendor} databases.")
