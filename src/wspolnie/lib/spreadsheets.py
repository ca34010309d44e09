"""Writing a tablib Dataset as a file a spreadsheet opens safely — the one place where exports
turn rows into CSV or XLSX bytes (and so where formula escaping belongs).

- `xlsx_bytes`: tablib's XLSX writer, except that text starting with "=" stays text. openpyxl
  would store it as a formula, which the spreadsheet then runs; tablib's own `escape` option
  drops the "=" instead, which changes the data.
- `csv_bytes`: UTF-8 with a BOM, so that Excel reads Polish and Ukrainian letters correctly.
  (Cells that a spreadsheet would read as a formula must be escaped by the caller for now,
  with wspolnie.imports.parsing.escape_formula.)
"""

from __future__ import annotations

import tablib

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _text_only_xlsx():
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


def xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    """The dataset as an .xlsx workbook (one sheet named after `dataset.title`, header row
    frozen); every text cell stays the text it was, formulas are never created."""
    return _text_only_xlsx().export_set(dataset)


def csv_bytes(dataset: tablib.Dataset) -> bytes:
    """The dataset as CSV in UTF-8 with a byte-order mark."""
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")
