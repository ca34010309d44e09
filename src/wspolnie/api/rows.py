"""Lists built from plain values, for the API's lists at city scale (issue #15).

ninja validates a returned object against the response schema by wrapping every nested
object in a getter and calling the schema's resolvers one attribute at a time; with model
instances, prefetched many-to-many managers and a reverse() per item, that cost more than
the queries (a page of 50 organisations: ~0.3 ms per item). A list endpoint may instead read
the values its schema shows (`values()`, one query per many-to-many field) and answer with
`rows_response(data)`: the same JSON, encoded the way ninja encodes it, without the
per-item validation. The schema stays the endpoint's declared response (OpenAPI) and the
reference: tests compare such rows with what the schema makes of the model objects
(e.g. tests/organisations/test_api_rows.py)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from django.http import HttpResponse
from django.urls import reverse
from ninja.responses import NinjaJSONEncoder


def rows_response(data, status: int = 200) -> HttpResponse:
    """`data` (plain values in the response schema's shape) as ninja would answer it."""
    return HttpResponse(
        json.dumps(data, cls=NinjaJSONEncoder), status=status,
        content_type="application/json; charset=utf-8",
    )


def related_values(
    field, owner_ids: Iterable[int], *names: str
) -> dict[int, list[tuple]]:
    """{owner id: [(values of `names` of each related object), …]} of the many-to-many
    `field` (e.g. `Organisation.topics.field`), in the related model's default order (as
    `owner.topics.all()` gives them): one query over the through table, no instances."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    related = field.remote_field.model
    ordering = []
    for name in related._meta.ordering or [related._meta.pk.name]:
        descending = name.startswith("-")
        name = name.lstrip("-")
        ordering.append(f"{'-' if descending else ''}{target}__{name}")
    rows = (
        through.objects.filter(**{f"{source}_id__in": list(owner_ids)})
        .order_by(*ordering)
        .values_list(f"{source}_id", *(f"{target}__{name}" for name in names))
    )
    found: dict[int, list[tuple]] = defaultdict(list)
    for owner_id, *values in rows:
        found[owner_id].append(tuple(values))
    return found


class UrlPattern:
    """reverse() once for a list: `UrlPattern("organisations:detail", "slug")(slug)` is
    `reverse("organisations:detail", kwargs={"slug": slug})` for a slug (letters, digits,
    "-" and "_": nothing reverse() would quote)."""

    MARKER = "0-url-marker-0"

    def __init__(self, name: str, kwarg: str) -> None:
        url = reverse(name, kwargs={kwarg: self.MARKER})
        self.head, _marker, self.tail = url.rpartition(self.MARKER)

    def __call__(self, value: str) -> str:
        return f"{self.head}{value}{self.tail}"

