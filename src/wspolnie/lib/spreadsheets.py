"""Writing a tablib Dataset as a file a spreadsheet opens safely — the one place where exports
turn rows into CSV or XLSX bytes, and so the one place where formula escaping happens. Callers
hand over the values as they are; nobody escapes before.

- `csv_bytes`: UTF-8 with a BOM, so that Excel reads Polish and Ukrainian letters correctly;
  every text cell a spreadsheet would read as a formula ("=", "+", "-", "@", tab, carriage
  return first) gets an apostrophe in front (OWASP "CSV injection"). The import removes it
  again (`unescape_formula`), so an export can be imported unchanged.
- `xlsx_bytes`: tablib's XLSX writer, except that every text cell stays a text cell. openpyxl
  would store text starting with "=" as a formula, which the spreadsheet then runs; tablib's
  own `escape` option drops the "=" instead, which changes the data. XLSX needs no
  apostrophe: a cell typed as text is never evaluated.
"""

from __future__ import annotations

import tablib

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
#: Spreadsheets file extension → content type.
FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell a spreadsheet would run, prefixed with an apostrophe; anything else as it is."""
    if isinstance(value, str) and value and value[0] in FORMULA_START:
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """The inverse of escape_formula, for reading a CSV file this hub wrote."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


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
    """The dataset as CSV in UTF-8 with a byte-order mark, formula-like text escaped."""
    escaped = tablib.Dataset(headers=[escape_formula(h) for h in dataset.headers or []] or None)
    for row in dataset:
        escaped.append([escape_formula(value) for value in row])
    return ("\ufeff" + escaped.export("csv")).encode("utf-8")


def spreadsheet_bytes(dataset: tablib.Dataset, file_format: str) -> bytes:
    """`dataset` as the file of `file_format` ("csv" or "xlsx"; see FORMATS)."""
    if file_format == "csv":
        return csv_bytes(dataset)
    if file_format == "xlsx":
        return xlsx_bytes(dataset)
    raise ValueError(f"unknown spreadsheet format {file_format!r}")
