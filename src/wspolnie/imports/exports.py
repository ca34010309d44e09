"""CSV and XLSX exports, with the import's columns (an export can be imported again), of what
the requester may see and nothing more."""

from __future__ import annotations

import tablib
from django.utils import timezone

from wspolnie.lib.spreadsheets import FORMATS, spreadsheet_bytes

from .mappings import mapping_for

__all__ = ["FORMATS", "export_bytes", "export_dataset", "export_filename"]


def export_dataset(entity: str, user) -> tablib.Dataset:
    mapping = mapping_for(entity)
    columns = mapping.export_columns(user)
    dataset = tablib.Dataset(headers=columns, title=entity)
    for obj in mapping.export_queryset(user).iterator(chunk_size=500):
        row = mapping.export_row(obj, columns)
        dataset.append(row)
    return dataset


def export_bytes(entity: str, file_format: str, user) -> bytes:
    return spreadsheet_bytes(export_dataset(entity, user), file_format)


def export_filename(entity: str, extension: str) -> str:
    return f"wspolnie-{entity}-{timezone.localdate():%Y-%m-%d}.{extension}"
