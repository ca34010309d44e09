"""wspolnie.lib.spreadsheets: what every export writes, read back as a spreadsheet would."""

from __future__ import annotations

import io

import openpyxl
import tablib

from wspolnie.lib.spreadsheets import csv_bytes, xlsx_bytes


def _dataset() -> tablib.Dataset:
    dataset = tablib.Dataset(headers=["Nazwa", "Opis", "Liczba"], title="organisations")
    dataset.append(["Fundacja Łąka", "=HYPERLINK(\"http://evil.example\")", 3])
    dataset.append(["Громада", "+48 71 000 00 00", 0])
    return dataset


def test_xlsx_keeps_formula_like_text_as_text_and_numbers_as_numbers():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_dataset())))
    sheet = workbook["organisations"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Nazwa", "Opis", "Liczba"],
        ["Fundacja Łąka", "=HYPERLINK(\"http://evil.example\")", 3],
        ["Громада", "+48 71 000 00 00", 0],
    ]
    # Stored as text: a spreadsheet shows it, never runs it.
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].data_type == "n"


def test_csv_is_utf8_with_a_byte_order_mark_for_excel():
    data = csv_bytes(_dataset())
    assert data.startswith("\ufeff".encode())
    assert "Fundacja Łąka" in data.decode("utf-8-sig")
    assert "Громада" in data.decode("utf-8-sig")
