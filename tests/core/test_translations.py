"""The gettext catalogues are complete, well-formed and actually used by the site.

Refresh the catalogues with `bin/makemessages`; these tests then name every entry that still
needs a translator.
"""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

import wspolnie
from wspolnie.lib.messages import compile_catalogue

LANGUAGES = ["pl", "en", "uk"]

#: The project catalogue (LOCALE_PATHS) and any app that keeps its own (<app>/locale).
LOCALE_DIRS = [Path(path) for path in settings.LOCALE_PATHS] + sorted(
    Path(wspolnie.__file__).parent.glob("*/locale")
)
MAIN_LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

PLURAL_FORMS = {
    # 12, 13 and 14 take the "many" form ("14 organizacji"), like 5-21; 22-24 the "few" form.
    "pl": (3, "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "uk": (
        3,
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    ),
    "en": (2, "(n != 1)"),
}

# Python-format and {{ }}-style blocktranslate variables both end up as %(name)s.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def po_path(language: str, locale_dir: Path = MAIN_LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


CATALOGUES = [
    pytest.param(language, po_path(language, locale_dir), id=f"{locale_dir.parent.name}-{language}")
    for locale_dir in LOCALE_DIRS
    for language in LANGUAGES
]


def load(path: Path, language: str):
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def raw_headers(path: Path) -> dict[str, str]:
    """The header entry as written (babel rewrites Project-Id-Version as project + version)."""
    header_block = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    text = "".join(
        line[1:-1] for line in header_block.splitlines() if line.startswith('"')
    ).replace("\\n", "\n")
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def entries(catalog):
    return [message for message in catalog if message.id]


def as_tuple(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def test_the_project_languages_have_catalogues():
    assert sorted(code for code, _name in settings.LANGUAGES) == sorted(LANGUAGES)
    for locale_dir in LOCALE_DIRS:
        for language in LANGUAGES:
            path = po_path(language, locale_dir)
            assert path.is_file(), f"{path} is missing"


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_every_entry_is_translated(language, path):
    untranslated = [
        message.id
        for message in entries(load(path, language))
        if not all(string.strip() for string in as_tuple(message.string))
    ]
    assert not untranslated, f"untranslated entries in {path}: {untranslated}"


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_no_entry_is_defined_twice(language, path):
    # A union merge of two branches' catalogues can repeat an entry; msgfmt -c then refuses
    # the catalogue and makemessages can no longer refresh it.
    seen, twice = set(), []
    for line_context, line_id in _entry_keys(path):
        key = (line_context, line_id)
        if key in seen:
            twice.append(line_id)
        seen.add(key)
    assert not twice, f"entries defined twice in {path}: {twice}"


def _entry_keys(path: Path):
    """(msgctxt, msgid) of every entry, read from the text (babel silently keeps the last)."""
    context = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = line[len("msgctxt "):]
        elif line.startswith("msgid ") and line != 'msgid ""':
            yield context, line[len("msgid "):]
            context = None
        elif line.startswith("msgid "):
            context = None


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_no_entry_is_fuzzy(language, path):
    catalog = load(path, language)
    assert not catalog.fuzzy, f"the header of {path} is marked fuzzy"
    fuzzy = [message.id for message in entries(catalog) if message.fuzzy]
    assert not fuzzy, f"fuzzy entries in {path}: {fuzzy}"


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_the_header_describes_the_catalogue(language, path):
    catalog = load(path, language)
    headers = raw_headers(path)
    assert headers["Language"] == language
    assert headers["Project-Id-Version"] == "wspolnie"
    assert "charset=UTF-8" in headers["Content-Type"]
    nplurals, expression = PLURAL_FORMS[language]
    assert catalog.num_plurals == nplurals
    assert catalog.plural_expr.replace(" ", "") == expression.replace(" ", "")


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_translations_keep_the_placeholders(language, path):
    wrong = []
    for message in entries(load(path, language)):
        expected = set()
        for msgid in as_tuple(message.id):
            expected |= set(PLACEHOLDER.findall(msgid))
        for string in as_tuple(message.string):
            if string and set(PLACEHOLDER.findall(string)) != expected:
                wrong.append((message.id, string))
    assert not wrong, f"placeholders changed in {path}: {wrong}"


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_the_brand_name_is_not_translated(language, path):
    missing = [
        message.id
        for message in entries(load(path, language))
        for string in as_tuple(message.string)
        if "Wspólnie" in "".join(as_tuple(message.id)) and "Wspólnie" not in string
    ]
    assert not missing, f"“Wspólnie” lost in {path}: {missing}"


@pytest.mark.parametrize(("language", "path"), CATALOGUES)
def test_the_catalogue_compiles(tmp_path, language, path):
    messages_dir = tmp_path / language / "LC_MESSAGES"
    messages_dir.mkdir(parents=True)
    shutil.copy(path, messages_dir / "django.po")

    mo_path = compile_catalogue(messages_dir / "django.po")

    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for message in entries(load(path, language)):
        if message.pluralizable:
            singular, plural = message.id
            assert compiled.ngettext(singular, plural, 1) == message.string[0]
        elif message.context:
            assert compiled.pgettext(message.context, message.id) == message.string, message.id
        else:
            assert compiled.gettext(message.id) == message.string, message.id


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", {1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 13: 2, 14: 2, 22: 1, 24: 1, 25: 2, 114: 2, 0: 2}),
        ("uk", {1: 0, 21: 0, 11: 2, 2: 1, 24: 1, 12: 2, 5: 2, 0: 2}),
        ("en", {1: 0, 2: 1, 0: 1}),
    ],
)
def test_the_compiled_catalogue_picks_the_right_plural_form(tmp_path, language, expected):
    messages_dir = tmp_path / language / "LC_MESSAGES"
    messages_dir.mkdir(parents=True)
    shutil.copy(po_path(language), messages_dir / "django.po")

    mo_path = compile_catalogue(messages_dir / "django.po")

    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    catalog = load(po_path(language), language)
    singular = "%(counter)s organisation in the network"
    plural = "%(counter)s organisations in the network"
    forms = catalog[singular].string
    for n, form in expected.items():
        assert compiled.ngettext(singular, plural, n) == forms[form], f"n={n}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "pl",
            {
                1: "1 organizacja",
                3: "3 organizacje",
                5: "5 organizacji",
                13: "13 organizacji",
                14: "14 organizacji",
                22: "22 organizacje",
            },
        ),
        (
            "uk",
            {
                1: "1 організація",
                21: "21 організація",
                3: "3 організації",
                11: "11 організацій",
                5: "5 організацій",
            },
        ),
        ("en", {1: "1 organisation", 2: "2 organisations"}),
    ],
)
def test_django_picks_the_right_plural_form(language, expected):
    # Django merges our catalogue with its own (whose pl and uk plural rules differ).
    for n, start in expected.items():
        with translation.override(language):
            text = translation.ngettext(
                "%(counter)s organisation in the network",
                "%(counter)s organisations in the network",
                n,
            ) % {"counter": n}
        assert text.startswith(start + " "), (n, text)


#: What the home page says for a directory of n approved organisations.
COUNTED_ORGANISATIONS = {
    "pl": {
        1: "1 organizacja w sieci", 2: "2 organizacje w sieci", 5: "5 organizacji w sieci",
        12: "12 organizacji w sieci", 14: "14 organizacji w sieci",
        22: "22 organizacje w sieci", 25: "25 organizacji w sieci",
    },
    "uk": {
        1: "1 організація у мережі", 2: "2 організації у мережі", 5: "5 організацій у мережі",
        12: "12 організацій у мережі", 14: "14 організацій у мережі",
        22: "22 організації у мережі", 25: "25 організацій у мережі",
    },
    "en": {
        1: "1 organisation in the network", 2: "2 organisations in the network",
        14: "14 organisations in the network", 25: "25 organisations in the network",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_home_page_counts_organisations_in_the_right_form(language):
    from wspolnie.organisations.models import Organisation

    client = Client()
    for n, expected in COUNTED_ORGANISATIONS[language].items():
        for index in range(Organisation.objects.count(), n):
            Organisation.objects.create(
                name=f"Organizacja {index}", slug=f"org-{index}",
                status=Organisation.Status.APPROVED,
            )
        html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert expected in html, f"{expected!r} not on the {language} home page"


HOME_STRINGS = {
    "pl": ["Zaloguj się", "Załóż konto", "0 organizacji w sieci"],
    "en": ["Log in", "Sign up", "0 organisations in the network"],
    "uk": ["Увійти", "Зареєструватися", "0 організацій у мережі"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["uk", "en", "pl"])
def test_the_home_page_speaks_the_browser_language(language):
    # An empty directory: "0" takes the "many" form in Polish and Ukrainian.
    response = Client().get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    for text in HOME_STRINGS[language]:
        assert text in html, f"{text!r} not on the {language} home page"
    for other, texts in HOME_STRINGS.items():
        if other != language:
            assert texts[0] not in html, f"{texts[0]!r} ({other}) on the {language} home page"
