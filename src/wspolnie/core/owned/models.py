"""Model fields organisation-owned objects declare the same way."""

from __future__ import annotations

from typing import Any

from django.db import models


def vocabulary_field(
    to: type[models.Model] | str, label: Any, related_name: str
) -> models.ManyToManyField:
    """An optional many-to-many to a vocabulary or the organisation's places (languages,
    districts, topics, locations, …); `label` is its translated verbose name."""
    return models.ManyToManyField(to, verbose_name=label, blank=True, related_name=related_name)
