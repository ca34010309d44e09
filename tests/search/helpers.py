"""Helpers for the search tests: organisations with profile facts, and the index."""

from __future__ import annotations

import re

from django.utils.text import slugify

from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Location, Organisation
from wspolnie.search import index

TAG = re.compile(r"<[^>]*>")

#: Query strings that must never break a search.
NASTY = [
    '"', "'", "*", "AND (", "OR", "NOT", "NEAR(a b)", "a:b", "title:x", "-", "(", ")",
    '"unclosed', "a* *b", "^start", "{col}: x", "x OR y AND (z", "'; DROP TABLE x; --",
    "%", "_", "\\", "\x00", "\x00abc", "🙂", "👨‍👩‍👧 rodzina", "\u202e", "\ud800", "\ufeff",
    "a" * 5000, "gruzji " * 400, "ą" * 300, "&&", "||", "!", "<->", "x:*", "'':*",
    ":*", "gruzji:*", "\ue000", "ﬁ", "Σ", "İstanbul", "\u0301", "a\u0301",
]


def make_org(name: str, *, status: str = "approved", short_description: str | dict = "",
             description: dict | None = None, kind: str = "ngo", topics=(), communities=(),
             languages=(), districts=(), **fields) -> Organisation:
    organisation = Organisation.objects.create(
        name=name, slug=fields.pop("slug", None) or slugify(name)[:80] or "org",
        kind=kind, status=status,
        # A plain string is the Polish text (the short description is multilingual).
        short_description=short_description if isinstance(short_description, dict)
        else ({"pl": short_description} if short_description else {}),
        description=description or {}, **fields,
    )
    if topics:
        organisation.topics.set(topics)
    if communities:
        organisation.communities.set(communities)
    if languages:
        organisation.languages.set(Language.for_codes(languages))
    if districts:
        organisation.districts.set(districts)
    return organisation


def vocabulary():
    """A few terms of each vocabulary, named as in the demo."""
    return {
        "education": Topic.objects.create(
            slug="education", names={"pl": "Edukacja", "en": "Education", "uk": "Освіта"}),
        "culture": Topic.objects.create(
            slug="culture", names={"pl": "Kultura", "en": "Culture", "uk": "Культура"}),
        "legal-aid": Topic.objects.create(
            slug="legal-aid",
            names={"pl": "Pomoc prawna", "en": "Legal aid", "uk": "Правова допомога"}),
        "georgian": Community.objects.create(
            slug="georgian", names={"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"}),
        "ukrainian": Community.objects.create(
            slug="ukrainian", names={"pl": "Ukraińska", "en": "Ukrainian", "uk": "Українська"}),
        "chechen": Community.objects.create(
            slug="chechen", names={"pl": "Czeczeńska", "en": "Chechen", "uk": "Чеченська"}),
        "nadodrze": District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"}),
        "stare-miasto": District.objects.create(
            slug="stare-miasto", names={"pl": "Stare Miasto"}),
        "olbin": District.objects.create(slug="olbin", names={"pl": "Ołbin"}),
    }


def add_location(organisation, street: str, district=None, name: str = "") -> Location:
    return Location.objects.create(
        organisation=organisation, name=name, street_address=street, postal_code="50-001",
        district=district,
    )


def rebuild() -> dict:
    return index.rebuild()


def text_of(html: str) -> str:
    return TAG.sub("", str(html))
