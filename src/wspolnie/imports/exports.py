"""CSV and XLSX exports, with the import's columns (an export can be imported again), of what
the requester may see and nothing more."""

from __future__ import annotations

import tablib
from django.utils import timezone

from wspolnie.lib.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes

from .mappings import mapping_for
from .parsing import escape_formula

FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def export_dataset(entity: str, user, *, for_csv: bool = False) -> tablib.Dataset:
    mapping = mapping_for(entity)
    columns = mapping.export_columns(user)
    dataset = tablib.Dataset(headers=columns, title=entity)
    for obj in mapping.export_queryset(user).iterator(chunk_size=500):
        row = mapping.export_row(obj, columns)
        dataset.append([escape_formula(value) for value in row] if for_csv else row)
    return dataset


def export_bytes(entity: str, file_format: str, user) -> bytes:
    if file_format == "csv":
        return csv_bytes(export_dataset(entity, user, for_csv=True))
    if file_format == "xlsx":
        return xlsx_bytes(export_dataset(entity, user))
    raise ValueError(f"unknown export format {file_format!r}")


def export_filename(entity: str, extension: str) -> str:
    return f"wspolnie-{entity}-{timezone.localdate():%Y-%m-%d}.{extension}"
