"""Files made the way a person makes them (tablib, like a spreadsheet export), vocabularies,
and valid registry numbers for the import tests."""

from __future__ import annotations

import tablib
from django.conf import settings

from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.imports.mappings import OrganisationMapping

ORG_COLUMNS = OrganisationMapping().columns()


def nip_with_checksum(first_nine: str) -> str:
    """A valid NIP: nine digits plus their check digit (None-safe: a 10 remainder is skipped
    by the caller choosing other digits)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(first_nine, weights, strict=True)) % 11
    assert check != 10, "pick other digits"
    return first_nine + str(check)


VALID_NIP = nip_with_checksum("526025027")  # 5260250274
BAD_NIP = VALID_NIP[:-1] + str((int(VALID_NIP[-1]) + 1) % 10)


def make_vocabularies() -> None:
    Topic.objects.get_or_create(slug="education", defaults={
        "names": {"pl": "Edukacja", "en": "Education", "uk": "Освіта"}})
    Topic.objects.get_or_create(slug="legal-aid", defaults={
        "names": {"pl": "Pomoc prawna", "en": "Legal aid", "uk": "Правова допомога"}})
    Community.objects.get_or_create(slug="ukrainian", defaults={
        "names": {"pl": "Ukraińska", "en": "Ukrainian", "uk": "Українська"}})
    Community.objects.get_or_create(slug="georgian", defaults={
        "names": {"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"}})
    District.objects.get_or_create(slug="nadodrze", defaults={"names": {"pl": "Nadodrze"}})
    District.objects.get_or_create(slug="olbin", defaults={"names": {"pl": "Ołbin"}})
    for code in ("pl", "uk", "ka"):
        Language.objects.get_or_create(code=code)


def org_row(slug: str, **values) -> dict[str, str]:
    """A complete, valid organisation row; `values` override columns."""
    row = {column: "" for column in ORG_COLUMNS}
    row.update(
        slug=slug,
        name=f"Organizacja {slug}",
        kind="ngo",
        short_description_pl="Pomagamy sąsiadom z Ukrainy i Gruzji.",
        short_description_uk="Допомагаємо сусідам з України та Грузії.",
        description_pl="Długi opis po polsku.",
        description_en="A longer description.",
        website="https://example.org/",
        email="kontakt@example.org",
        phone="+48 71 123 45 67",
        topics="education; legal-aid",
        communities="ukrainian",
        districts="nadodrze",
        languages="pl; uk",
        founding_year="2015",
        size="6-20",
    )
    if "description_uk" in row:
        row["description_uk"] = "Опис українською."
    row.update({key: str(value) for key, value in values.items()})
    return row


def dataset(rows: list[dict[str, str]], columns: list[str] | None = None) -> tablib.Dataset:
    columns = columns or (list(rows[0]) if rows else ORG_COLUMNS)
    data = tablib.Dataset(headers=columns)
    for row in rows:
        data.append([row.get(column, "") for column in columns])
    return data


def csv_bytes(rows: list[dict[str, str]], columns: list[str] | None = None,
              encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = dataset(rows, columns).export("csv", delimiter=delimiter)
    return text.encode(encoding)


def xlsx_bytes(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    return dataset(rows, columns).export("xlsx")


def content_languages() -> list[str]:
    return list(settings.CONTENT_LANGUAGES)
