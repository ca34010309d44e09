"""Reading CSV and XLSX files as people make them (Excel in Polish, LibreOffice, exports)."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.helpers import tr
from wspolnie.imports.parsing import ImportFileError, read_table, split_list

from .helpers import csv_bytes, org_row, xlsx_bytes

ROWS = [org_row("zielona-gora", name="Żółć i Łąka — ґудзик"), org_row("druga")]


def names(table) -> list[str]:
    return [cells["name"] for _row, cells in table.rows]


def test_csv_in_utf8_without_bom():
    table = read_table(csv_bytes(ROWS), "organisations.csv")
    assert table.file_format == "csv"
    assert table.encoding == "utf-8-sig"
    assert names(table) == ["Żółć i Łąka — ґудзик", "Organizacja druga"]
    assert [row for row, _cells in table.rows] == [2, 3]


def test_csv_with_a_utf8_bom_has_a_clean_first_column():
    table = read_table(b"\xef\xbb\xbf" + csv_bytes(ROWS), "organisations.csv")
    assert table.columns[0] == "slug"
    assert table.rows[0][1]["slug"] == "zielona-gora"


def test_polish_excel_csv_in_windows_1250_with_semicolons():
    # Windows-1250 has no Cyrillic: a Polish Excel file has none either.
    rows = [org_row("zolta", name="Żółta Łódź, spółka", description_uk="",
                    short_description_uk=""),
            org_row("b", description_uk="", short_description_uk="")]
    data = csv_bytes(rows, encoding="cp1250", delimiter=";")
    table = read_table(data, "z-excela.csv")
    assert table.encoding == "cp1250"
    assert names(table)[0] == "Żółta Łódź, spółka"
    # ";" inside a cell of a ";"-separated file is quoted, and still splits into a list.
    assert split_list(table.rows[0][1]["topics"]) == ["education", "legal-aid"]


def test_utf16_text_from_excel_unicode_export():
    data = csv_bytes(ROWS, delimiter="\t").decode("utf-8").encode("utf-16")
    table = read_table(data, "unicode.txt")
    assert names(table)[0] == "Żółć i Łąka — ґудзик"


def test_xlsx_made_with_tablib():
    table = read_table(xlsx_bytes(ROWS), "organisations.xlsx")
    assert table.file_format == "xlsx"
    assert names(table) == ["Żółć i Łąka — ґудзик", "Organizacja druga"]
    assert table.rows[0][1]["founding_year"] == "2015"


def test_xlsx_numbers_become_text_without_a_decimal_point():
    import tablib

    data = tablib.Dataset(headers=["slug", "founding_year", "krs"])
    data.append(["a", 2015, 123456.0])
    table = read_table(data.export("xlsx"), "numbers.xlsx")
    assert table.rows[0][1] == {"slug": "a", "founding_year": "2015", "krs": "123456"}


def test_headers_are_normalised():
    data = b"Slug,Name , Description PL,short-description\na,B,C,D\n"
    table = read_table(data, "x.csv")
    assert table.columns == ["slug", "name", "description_pl", "short_description"]


def test_empty_lines_are_skipped_and_row_numbers_are_the_spreadsheets():
    data = b"\nslug,name\na,A\n\n,\nb,B\n"
    table = read_table(data, "x.csv")
    assert [(row, cells["slug"]) for row, cells in table.rows] == [(3, "a"), (6, "b")]


def test_formula_escape_of_an_export_is_removed():
    data = b"slug,phone\na,'+48 71 123 45 67\nb,'=1+1\nc,'plain\n"
    table = read_table(data, "x.csv")
    assert [cells["phone"] for _row, cells in table.rows] == [
        "+48 71 123 45 67", "=1+1", "'plain"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Only CSV and XLSX files can be imported."),
        ("a.xlsx", b"not a zip at all", "This is not a readable XLSX file."),
        ("a.csv", b"", "The file is empty."),
        ("a.csv", b"\n\n", "The file is empty."),
        ("a.csv", b"slug\x00name\x00", "This file is not a text file in a known encoding "
                                         "(UTF-8 or Windows-1250)."),
    ],
)
def test_unreadable_files_give_a_readable_reason(name, data, message):
    with pytest.raises(ImportFileError) as error:
        read_table(data, name)
    assert error.value.message == tr("pl", message)


def test_an_old_excel_file_is_named():
    with pytest.raises(ImportFileError) as error:
        read_table(b"\xd0\xcf\x11\xe0", "stary.xls")
    assert ".xls" in error.value.message


def test_a_zip_named_csv_is_not_read_as_text():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", "x")
    with pytest.raises(ImportFileError) as error:
        read_table(buffer.getvalue(), "a.csv")
    assert error.value.message == tr(
        "pl", "This file looks like a spreadsheet, not CSV: save it as .xlsx or as CSV."
    )


def test_duplicate_columns_are_refused():
    with pytest.raises(ImportFileError) as error:
        read_table(b"slug,name,Name\na,b,c\n", "x.csv")
    assert "name" in error.value.message


def test_a_value_without_a_column_is_refused():
    with pytest.raises(ImportFileError):
        read_table(b"slug,name\na,b,c\n", "x.csv")


def test_too_many_rows(settings):
    settings.IMPORT_MAX_ROWS = 3
    data = b"slug\n" + b"".join(f"s{i}\n".encode() for i in range(4))
    with pytest.raises(ImportFileError):
        read_table(data, "x.csv")
    settings.IMPORT_MAX_ROWS = 4
    assert len(read_table(data, "x.csv")) == 4
