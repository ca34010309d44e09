"""Shared pieces of the API's schemas.

Input limits come from the models, so a schema cannot drift from what the database and the
forms accept: `limit(Registration, "name")` in a `Field(max_length=…)`, and
`MultilingualText(limit)` for {language: text} fields. Longer input gets a 422 whose detail
names the field and the limit (see on_validation_error in api/urls.py).

Numbers are bounded the same way: an id in a path, a query or a body is an `Id` (no larger
than a primary key can be), a page number a `Page`, and lists paginate with `Pagination`, so
a number too large for the database is a 422 and never an overflow in the database driver."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import models
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field, StringConstraints


class ErrorOut(Schema):
    """Every error answer: 401, 403, 404, 405, 409, 413, 500, …"""

    detail: str


class ValidationErrorOut(Schema):
    """A 422: `errors` lists pydantic's findings ({loc, msg, type, …}) for a request of the
    wrong shape, or gives the messages by field ({field: [message]}) for values refused."""

    detail: str
    errors: list[dict[str, Any]] | dict[str, list[str]] = Field(default_factory=dict)


#: The largest primary key (BigAutoField: a signed 64-bit integer, in SQLite and PostgreSQL).
ID_MAX = 2**63 - 1
#: An id (primary key) sent by a client, in a path, a query or a body.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]

#: The highest page number a list takes; a page past the last one is empty.
PAGE_MAX = 1_000_000
Page = Annotated[int, Field(ge=1, le=PAGE_MAX, description="page number, from 1")]


class Pagination(PageNumberPagination):
    """ninja's page-number pagination with a bounded page number (ninja's own has none: a
    huge page made an offset the database driver could not take)."""

    class Input(Schema):
        page: Page = 1
        page_size: int | None = Field(None, ge=1, le=1000)


def limit(model: type[models.Model], field: str) -> int:
    """The most characters `model.field` holds (its max_length)."""
    max_length = model._meta.get_field(field).max_length
    if not max_length:
        raise ValueError(f"{model.__name__}.{field} has no max_length")
    return max_length


def MultilingualText(max_length: int) -> Any:  # noqa: N802 (used like a type)
    """{language code: text}, each text at most `max_length` characters."""
    return dict[str, Annotated[str, StringConstraints(max_length=max_length)]]
