"""Reading an uploaded CSV or XLSX file into rows of text, with readable reasons when it cannot
be read (wrong type, unknown encoding, no header, too many rows)."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# A CSV export prefixes formula-like cells with an apostrophe (lib.spreadsheets); reading
# removes it again.
from wspolnie.lib.spreadsheets import unescape_formula

#: Encodings tried for CSV files, in order. utf-8-sig also reads UTF-8 without the BOM;
#: cp1250 is what Excel writes for "CSV" on a Polish Windows.
CSV_ENCODINGS = ("utf-8-sig", "cp1250")
#: Values in a cell that holds several (topics, languages, …).
LIST_SEPARATOR = ";"


def max_upload_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 20_000))


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    columns: list[str]
    #: (row number as a spreadsheet shows it — the header is row 1, {column: text})
    rows: list[tuple[int, dict[str, str]]]
    file_format: str
    encoding: str = ""
    ignored_columns: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def normalise_header(value) -> str:
    """'Description PL ' → 'description_pl'."""
    text = "" if value is None else str(value)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def split_list(text: str) -> list[str]:
    """'a; b;;c ' → ['a', 'b', 'c'] (order kept, repeats dropped)."""
    return list(dict.fromkeys(part.strip() for part in (text or "").split(LIST_SEPARATOR)
                              if part.strip()))


def join_list(values) -> str:
    return f"{LIST_SEPARATOR} ".join(values)


def detect_format(name: str, data: bytes) -> str:
    """'csv' or 'xlsx', by the file name and what the content looks like."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    is_zip = data[:4] == b"PK\x03\x04"
    if extension == "xlsx" or (extension == "" and is_zip):
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError(_("This is not a readable XLSX file."))
        return "xlsx"
    if extension in ("csv", "txt", ""):
        if is_zip:
            raise ImportFileError(
                _("This file looks like a spreadsheet, not CSV: save it as .xlsx or as CSV.")
            )
        return "csv"
    if extension in ("xls", "ods", "numbers"):
        raise ImportFileError(
            _("Files of type .%(extension)s cannot be read: save the sheet as .xlsx or as CSV.")
            % {"extension": extension}
        )
    raise ImportFileError(_("Only CSV and XLSX files can be imported."))


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM,
    or Windows-1250."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = CSV_ENCODINGS
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise ImportFileError(
        _("This file is not a text file in a known encoding (UTF-8 or Windows-1250).")
    )


def _sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(data: bytes) -> tuple[list[list[str]], str]:
    text, encoding = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    try:
        rows = [[unescape_formula(cell.strip()) for cell in row] for row in reader]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(reason)s") % {"reason": error}
        ) from None
    return rows, encoding


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > max_rows() + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(data: bytes, name: str) -> Table:
    """All the rows of the file, as text. ImportFileError for what cannot be read."""
    file_format = detect_format(name, data)
    encoding = ""
    if file_format == "csv":
        raw_rows, encoding = _csv_rows(data)
    else:
        raw_rows = _xlsx_rows(data)

    # Leading empty lines (a title row left blank) are skipped; the first row with text is the
    # header.
    header_index = next((i for i, row in enumerate(raw_rows) if any(row)), None)
    if header_index is None:
        raise ImportFileError(_("The file is empty."))
    headers = [normalise_header(value) for value in raw_rows[header_index]]
    named = [header for header in headers if header]
    duplicates = sorted({header for header in named if named.count(header) > 1})
    if duplicates:
        raise ImportFileError(
            _("These columns appear more than once: %(columns)s.")
            % {"columns": ", ".join(duplicates)}
        )

    rows = []
    for index in range(header_index + 1, len(raw_rows)):
        values = raw_rows[index]
        if not any(values):
            continue  # an empty line: spreadsheets leave them at the end
        cells = {}
        for position, value in enumerate(values):
            header = headers[position] if position < len(headers) else ""
            if header:
                cells[header] = value
            elif value:
                raise ImportFileError(
                    _("Row %(row)d has a value in a column without a name in the header.")
                    % {"row": index + 1}
                )
        rows.append((index + 1, cells))
        if len(rows) > max_rows():
            raise ImportFileError(
                _("The file has more than %(limit)d rows: split it into smaller files.")
                % {"limit": max_rows()}
            )
    return Table(columns=named, rows=rows, file_format=file_format, encoding=encoding)
