"""GET /api/search/?q=…&kind=… — the public full-text search, as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from wspolnie.api.schemas import ErrorOut

from .query import MAX_LIMIT, MAX_OFFSET, indexed_kinds, search
from .text import MAX_QUERY_LENGTH, parse_query

router = Router(tags=["search"])


class HitOut(Schema):
    key: str
    kind: str
    kind_label: str
    title: str
    title_html: str
    url: str
    absolute_url: str
    snippet_html: str
    #: Keywords (topics, communities, languages, …) that matched, as plain text.
    matched_keywords: list[str]
    organisation_id: int | None
    rank: float


class SearchOut(Schema):
    query: str
    #: "all": every hit contains every word; "similar": a form of every word (the words
    #: without their endings); "any": some of the words, the hits with the most first.
    match: str
    total: int
    #: True: more documents match than `total`; the newest `total` were ranked and can be
    #: paged through (add a word or a kind to narrow the search).
    more: bool
    limit: int
    offset: int
    hits: list[HitOut]


class SearchParams(Schema):
    q: str = Query(..., max_length=MAX_QUERY_LENGTH, description="Words to search for")
    kind: str | None = Query(
        None, max_length=32,
        description="organisation, service, need, offer, channel, contact, meeting or news",
    )
    limit: int = Query(20, ge=1, le=MAX_LIMIT)
    offset: int = Query(0, ge=0, le=MAX_OFFSET)


@router.get(
    "/",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search organisations, services, needs/offers, channels, meetings and news",
    description=(
        "Diacritics are ignored and every word also matches longer words it begins. "
        "Snippets are HTML: escaped text with the matched words in `<mark>`."
    ),
)
def search_endpoint(request, params: Query[SearchParams]):
    if not parse_query(params.q):
        raise HttpError(400, _("Type at least one word to search for."))
    if params.kind and params.kind not in indexed_kinds():
        raise HttpError(
            400, _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
            % {"kind": params.kind, "kinds": ", ".join(indexed_kinds())},
        )
    results = search(params.q, kinds=params.kind, limit=params.limit, offset=params.offset)
    return {
        "query": params.q,
        "match": results.match,
        "total": results.total,
        "more": results.more,
        "limit": params.limit,
        "offset": params.offset,
        "hits": [
            {
                "key": hit.key,
                "kind": hit.kind,
                "kind_label": hit.kind_label,
                "title": hit.title,
                "title_html": str(hit.title_html),
                "url": hit.url,
                "absolute_url": request.build_absolute_uri(hit.url),
                "snippet_html": str(hit.snippet_html),
                "matched_keywords": list(hit.matched_keywords),
                "organisation_id": hit.organisation_id,
                "rank": hit.rank,
            }
            for hit in results.hits
        ],
    }
