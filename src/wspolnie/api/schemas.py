"""Shared pieces of the API's schemas.

Input limits come from the models, so a schema cannot drift from what the database and the
forms accept: `limit(Registration, "name")` in a `Field(max_length=…)`, and
`MultilingualText(limit)` for {language: text} fields. Longer input gets a 422 whose detail
names the field and the limit (see on_validation_error in api/urls.py)."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import models
from ninja import Schema
from pydantic import StringConstraints


class ErrorOut(Schema):
    detail: str


def limit(model: type[models.Model], field: str) -> int:
    """The most characters `model.field` holds (its max_length)."""
    max_length = model._meta.get_field(field).max_length
    if not max_length:
        raise ValueError(f"{model.__name__}.{field} has no max_length")
    return max_length


def MultilingualText(max_length: int) -> Any:  # noqa: N802 (used like a type)
    """{language code: text}, each text at most `max_length` characters."""
    return dict[str, Annotated[str, StringConstraints(max_length=max_length)]]
