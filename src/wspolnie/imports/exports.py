"""CSV and XLSX exports, with the import's columns (an export can be imported again), of what
the requester may see and nothing more."""

from __future__ import annotations

import tablib
from django.utils import timezone

from .mappings import mapping_for
from .parsing import escape_formula

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_dataset(entity: str, user, *, for_csv: bool = False) -> tablib.Dataset:
    mapping = mapping_for(entity)
    columns = mapping.export_columns(user)
    dataset = tablib.Dataset(headers=columns, title=entity)
    for obj in mapping.export_queryset(user).iterator(chunk_size=500):
        row = mapping.export_row(obj, columns)
        dataset.append([escape_formula(value) for value in row] if for_csv else row)
    return dataset


def _xlsx_format():
    """tablib's XLSX writer, except that text starting with "=" stays text: openpyxl would
    store it as a formula, which a spreadsheet then runs (tablib's own `escape` option
    drops the "=" instead, which changes the data)."""
    base = tablib.formats.registry.get_format("xlsx")

    class TextOnlyXLSX(base):
        @classmethod
        def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
            super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"

    return TextOnlyXLSX


def export_bytes(entity: str, file_format: str, user) -> bytes:
    if file_format == "csv":
        # With a BOM: Excel then reads the file as UTF-8 (Polish and Ukrainian letters intact).
        text = export_dataset(entity, user, for_csv=True).export("csv")
        return ("\ufeff" + text).encode("utf-8")
    if file_format == "xlsx":
        return _xlsx_format().export_set(export_dataset(entity, user))
    raise ValueError(f"unknown export format {file_format!r}")


def export_filename(entity: str, extension: str) -> str:
    return f"wspolnie-{entity}-{timezone.localdate():%Y-%m-%d}.{extension}"
