"""The interface uses one word for one thing (docs/GLOSSARY.md): the catalogues never use the
variants the glossary rules out, and a label that starts with a capital in English starts with
one in every language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from .test_translations import CATALOGUES, as_tuple, entries, load

# Placeholders (%(email)s, %(counter)s) are names for the code, not words for the reader.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

#: (pattern a msgstr must not match, the glossary's word instead), per language.
BANNED = {
    "pl": [
        (re.compile(r"(?<![-\w])(?:[Ee]mail|[Mm]ail|[Mm]ejl)"), "e-mail"),
        (re.compile(r"[Oo]siedl"), "dzielnica (the District vocabulary)"),
    ],
    "uk": [
        (re.compile(r"(?<![-\w])[Ee]-?mail|імейл|(?<!\w)мейл"), "електронна пошта"),
        (re.compile(r"(?i)мікрорайон|дільниц"), "район (the District vocabulary)"),
    ],
    "en": [
        (re.compile(r"(?<![-\w])[Ee]mail"), "e-mail"),
        (re.compile(r"(?i)neighbourhood|neighborhood"), "district"),
        (re.compile(r"(?i)organiz"), "organisation (British spelling)"),
    ],
}


def words(text: str) -> str:
    return PLACEHOLDER.sub("", text)


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_no_translation_uses_a_word_the_glossary_rules_out(language, path):
    wrong = [
        (message.id, string, instead)
        for message in entries(load(path, language))
        for string in as_tuple(message.string)
        for pattern, instead in BANNED[language]
        if pattern.search(words(string))
    ]
    assert not wrong, f"glossary variants in {path} (msgid, msgstr, use instead): {wrong}"


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_a_capitalised_label_stays_capitalised(language, path):
    # "API tokens" is a heading in the admin and on the profile: "tokeny API" is not.
    wrong = [
        (message.id, string)
        for message in entries(load(path, language))
        for msgid in as_tuple(message.id)[:1]
        for string in as_tuple(message.string)
        if msgid[:1].isupper() and string[:1].isalpha() and string[:1].islower()
    ]
    assert not wrong, f"lower-case start where the msgid has a capital in {path}: {wrong}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("pl", "Wprowadź poprawny adres e-mail."),
        ("uk", "Введіть коректну адресу електронної пошти."),
        ("en", "Enter a valid e-mail address."),
    ],
)
def test_django_own_messages_follow_the_glossary_too(language, message):
    # Django's catalogue says "adres email" / "email адресу"; ours words it like the rest.
    response = Client().post(
        reverse("accounts:sign_up"),
        {"email": "not-an-address", "name": "Ola", "password1": "x", "password2": "x"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
