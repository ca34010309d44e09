"""Searching the index.

    search("miedzykulturowosc") → SearchResults(total, hits=[Hit(...), ...])

Free text in, never an error out: the words of the text are searched for (diacritics ignored,
each word also as the beginning of a longer one: "gruzi" finds "Gruzińska"). Results must
contain every word. When nothing does, the search tries again, each time a little looser:
- "similar": every word without its ending ("szkoły" → "szkoł…" finds "szkół");
- "any": results that contain some of those, the ones with the most words first — so that a
  request in plain language ("we need someone who helps Georgian families …") still finds the
  right ones.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import backends
from .models import SearchEntry
from .text import ParsedQuery, marked_html, marked_words, parse_query

logger = logging.getLogger(__name__)

#: The kinds of documents the apps index, with the names shown on their badges.
KIND_LABELS = {
    "organisation": _("Organisation"),
    "service": _("Service"),
    "need": _("Need"),
    "offer": _("Offer"),
    "channel": _("Channel"),
    "contact": _("Contact person"),
    "meeting": _("Meeting"),
    "news": _("News"),
    "board": _("Board"),
    "card": _("Card on a board"),
    "note": _("Meeting note"),
    "practice": _("Good practice"),
    "tool": _("Tool"),
}

MAX_LIMIT = 100
ALL, SIMILAR, ANY = "all", "similar", "any"
MAX_OFFSET = 10_000


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    #: HTML: the text around the matches, escaped, the matched words in <mark>.
    snippet_html: SafeString
    organisation_id: int | None
    #: Higher is better (comparable within one search only).
    rank: float
    #: HTML: the title, escaped, the matched words in <mark>.
    title_html: SafeString = field(default_factory=lambda: SafeString(""))
    #: Keywords that matched (plain text): why a result with no match in its text is there.
    matched_keywords: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    #: "all": every hit contains every word; "similar": none did, every hit contains a form
    #: of every word; "any": the hits contain some of the words (the most first);
    #: "": nothing to search for (no words in the text).
    match: str = "all"
    terms: tuple[str, ...] = ()
    #: More documents match than `total`: the newest `total` of them were ranked and can be
    #: paged through (backends.CANDIDATES); narrow the search to see the others.
    more: bool = False

    def __len__(self) -> int:
        return len(self.hits)


EMPTY = SearchResults(0, [], "", ())


def _clean_kinds(kinds) -> list[str] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    return [str(kind) for kind in kinds if kind] or None


def _run(function, *args, **kwargs):
    """A query whose database error is logged, never shown to the user: inside a savepoint
    when a transaction is open (so that it survives the error). Outside one, no transaction:
    on SQLite `atomic()` would begin an IMMEDIATE transaction, taking the database's write
    lock for a read, so that concurrent searches waited for each other (issue #15)."""
    try:
        if not connection.in_atomic_block:
            return function(*args, **kwargs)
        with transaction.atomic():
            return function(*args, **kwargs)
    except DatabaseError:
        logger.exception("The search query failed")
        return None


def search(
    text: str,
    kinds=None,
    organisation_ids=None,
    limit: int = 20,
    offset: int = 0,
    *,
    fallback: bool = True,
) -> SearchResults:
    """Search the public index. `kinds`: only these kinds ("organisation", "service", …);
    `organisation_ids`: only documents of these organisations."""
    parsed = parse_query(text)
    if not parsed:
        return EMPTY
    kinds = _clean_kinds(kinds)
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))
    backend = backends.get_backend()

    attempts = [(ALL, backends.ALL, parsed.terms)]
    if fallback:
        if parsed.stems != parsed.terms:
            attempts.append((SIMILAR, backends.ALL, parsed.stems))
        if len(parsed.any_stems) > 1:
            attempts.append((ANY, backends.ANY, parsed.any_stems))
    for match, mode, terms in attempts:
        found = _run(backend.rows, terms, mode, kinds, organisation_ids, limit, offset)
        if found is None:
            return SearchResults(0, [], match, terms)
        if found.total:
            return SearchResults(found.total, _hits(backend, found.rows, terms), match, terms,
                                 found.more)
    return SearchResults(0, [], ALL, parsed.terms)


def _hits(backend, rows, terms) -> list[Hit]:
    """The page's rows as hits: the backend's `_mark` read their entries with the marks."""
    supplement = terms if backend.supplements_marks else ()
    return [
        Hit(
            key=row.key,
            kind=row.kind,
            title=row.title,
            url=row.url,
            snippet_html=marked_html(row.snippet_marked, supplement),
            organisation_id=row.organisation_id,
            rank=round(row.rank + row.coverage, 6),
            title_html=marked_html(row.title_marked or row.title, supplement),
            matched_keywords=tuple(marked_words(row.keywords_marked, supplement)),
        )
        for row in rows
        if row.key  # (not removed between the two queries)
    ]


def matching_organisation_ids(text: str) -> set[int]:
    """Approved organisations that match `text` (every word, else a form of every word —
    see `search`) themselves or through their
    services, needs/offers, channels, … — for filtering the directory list."""
    parsed: ParsedQuery = parse_query(text)
    if not parsed:
        return set()
    backend = backends.get_backend()
    found = _run(backend.organisation_ids, parsed.terms, backends.ALL)
    if not found and parsed.stems != parsed.terms:
        found = _run(backend.organisation_ids, parsed.stems, backends.ALL)
    return found or set()


@dataclass(frozen=True)
class TextFilter:
    """The text box of a list of one model, through the same index as the site search.

    `condition()` keeps the objects whose document matches (a subquery: nothing is loaded into
    Python), `rank()` is an expression for ordering them best first. The words are looked up
    as in `search` (diacritics ignored, prefixes), with the same fallbacks: when no document
    has every word, a form of every word, then some of the words."""

    text: str
    kinds: tuple[str, ...]
    terms: tuple[str, ...] = ()
    mode: str = backends.ALL
    #: ALL, SIMILAR or ANY as in SearchResults.match; "" when nothing matched at all.
    match: str = ""
    _ids: list[int] | None = field(default=None, compare=False, repr=False)

    def object_ids(self) -> list[int]:
        """The ids of the matching objects, looked up in the index once (one query)."""
        if not self.match:
            return []
        if self._ids is None:
            sql, params = backends.get_backend().ids_sql(self.terms, self.mode, list(self.kinds))
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                object.__setattr__(self, "_ids", sorted({row[0] for row in cursor.fetchall()}))
        return self._ids

    def condition(self, field_name: str = "pk") -> Q:
        """The matching objects as `pk IN (…)`: the ids are looked up once and passed as one
        parameter, so a list that filters its page, its count and each facet count by the
        text runs the full-text query once, not once per query (issue #15)."""
        if not self.match:
            return Q(pk__in=[])
        ids = id_set(self.object_ids())
        if connection.vendor == "sqlite":
            # `+id`: not an index key. With a second IN on the same index (a list's
            # visibility, `organisation_id IN (approved)`, on (status, organisation_id))
            # SQLite probed the index for every pair of the two lists: 28 s for
            # /api/services/?q=pomoc at 10,000 organisations (issue #15); now one pass.
            column = Func(F(field_name), template="+%(expressions)s",
                          output_field=models.BigIntegerField())
            return Q(In(column, ids))
        return Q(**{f"{field_name}__in": ids})

    def rank(self, model: type[models.Model]) -> RawSQL:
        """The best rank of an object's documents (higher is better), for `order_by`: ranked
        among the newest backends.CANDIDATES matching documents (all of them when there are
        fewer); other matching objects get 0 and come after them (then the list's order)."""
        quote = connection.ops.quote_name
        outer = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
        best = (backends.get_backend().object_ranks(self.terms, self.mode, list(self.kinds))
                if self.match else {})
        if not best:
            return RawSQL("0", [], output_field=models.FloatField())
        # One CASE over the ranked ids (parameters only): no subquery per listed object.
        whens = " ".join(["WHEN %s THEN %s"] * len(best))
        params = [value for pair in best.items() for value in pair]
        return RawSQL(f"(CASE {outer} {whens} ELSE 0.0 END)", params,  # noqa: S611
                      output_field=models.FloatField())


def id_set(ids: list[int]) -> RawSQL:
    """A subquery of these ids for `pk__in`, as one parameter whatever their number (a JSON
    array on SQLite, an array on PostgreSQL): no statement with thousands of parameters."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def text_filter(text: str, kinds) -> TextFilter | None:
    """The filter for a list's text box over documents of `kinds` (e.g. ["need", "offer"]),
    or None when the text has no word to look for (the list is then not filtered)."""
    parsed = parse_query(text or "")
    if not parsed:
        return None
    kinds = tuple(_clean_kinds(kinds) or ())
    backend = backends.get_backend()
    attempts = [(ALL, backends.ALL, parsed.terms)]
    if parsed.stems != parsed.terms:
        attempts.append((SIMILAR, backends.ALL, parsed.stems))
    if len(parsed.any_stems) > 1:
        attempts.append((ANY, backends.ANY, parsed.any_stems))
    for match, mode, terms in attempts:
        if _run(backend.exists, terms, mode, list(kinds)):
            return TextFilter(text, kinds, tuple(terms), mode, match)
    return TextFilter(text, kinds, tuple(parsed.terms), backends.ALL, "")


RANK = "search_rank"

#: How the API's list endpoints describe their `q` parameter (they pass it to rank_queryset).
TEXT_PARAM_HELP = (
    "Words to look for, as in the site search (diacritics ignored, prefixes match); "
    "results best match first"
)


def filter_given(queryset: models.QuerySet, **lookups) -> models.QuerySet:
    """`queryset` filtered by each lookup whose value was given: an API list's optional
    filters, None or "" meaning "any". Enum values are compared by their value."""
    given = {
        lookup: getattr(value, "value", value)
        for lookup, value in lookups.items()
        if value is not None and value != ""
    }
    return queryset.filter(**given)


def rank_queryset(queryset: models.QuerySet, text: str, kinds, *, order: bool = True
                  ) -> models.QuerySet:
    """`queryset` limited to the objects whose documents of `kinds` match `text`, annotated
    with `search_rank` and (with `order`) ordered by it, best first. Unchanged when the text
    has no word."""
    found = text_filter(text, kinds)
    if found is None:
        return queryset
    queryset = queryset.filter(found.condition()).annotate(**{RANK: found.rank(queryset.model)})
    if order:
        queryset = queryset.order_by(f"-{RANK}", "pk")
    return queryset


def indexed_kinds() -> list[str]:
    """The kinds with a label, then any other kind the index holds."""
    return [*KIND_LABELS, *sorted(set(_present_kinds()) - set(KIND_LABELS))]


def _present_kinds() -> list[str]:
    """The distinct kinds in the index, one index seek per kind (a skip scan: not a read of
    every entry, which SELECT DISTINCT would be on SQLite)."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    sql = (
        f"WITH RECURSIVE k(kind) AS (SELECT min(kind) FROM {table} "  # noqa: S608
        f"UNION ALL SELECT (SELECT min(kind) FROM {table} WHERE kind > k.kind) FROM k "
        f"WHERE k.kind IS NOT NULL) SELECT kind FROM k WHERE kind IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]
