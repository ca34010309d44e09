"""Suggestion reasons in words, in the current language (they are stored as data)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Organisation


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class Vocabulary:
    """The names needed to describe a list of suggestions, read with one query per kind."""

    def __init__(self, suggestions: Iterable) -> None:
        suggestions = list(suggestions)
        wanted: dict[str, set] = {"community": set(), "district": set(), "language": set(),
                                  "topic": set(), "organisation": set()}
        for suggestion in suggestions:
            wanted["organisation"].update((suggestion.org_a_id, suggestion.org_b_id))
            for reason in suggestion.reasons:
                if reason.get("code") in ("community", "district", "language", "topic"):
                    wanted[reason["code"]].update(reason.get("values", ()))
        self.names = {
            "community": {c.slug: c.name for c in Community.objects.filter(
                slug__in=wanted["community"])},
            "district": {d.slug: d.name for d in District.objects.filter(
                slug__in=wanted["district"])},
            "topic": {t.slug: t.name for t in Topic.objects.filter(slug__in=wanted["topic"])},
            "language": {lang.code: lang.native_name for lang in Language.objects.filter(
                code__in=wanted["language"])},
        }
        self.organisations = dict(
            Organisation.objects.filter(pk__in=wanted["organisation"]).values_list("pk", "name")
        )

    def join(self, kind: str, values, lower: bool = False) -> str:
        names = sorted(self.names[kind].get(value, value) for value in values)
        return ", ".join(_lower_first(name) if lower else name for name in names)


def category_label(category: str) -> str:
    from wspolnie.needs.models import NeedOffer

    return _lower_first(str(dict(NeedOffer.Category.choices).get(category, category)))


def describe(suggestion, vocabulary: Vocabulary) -> list[str]:
    """The reasons of `suggestion` as sentences, e.g. "Both work with the Georgian community
    in Krzyki", "A needs interpreting and translation, B offers it"."""
    by_code: dict[str, list[dict]] = {}
    for reason in suggestion.reasons:
        by_code.setdefault(reason.get("code"), []).append(reason)
    sentences = []
    communities = by_code.get("community")
    districts = by_code.get("district")
    if communities and districts:
        sentences.append(_("both work with the %(communities)s community in %(districts)s") % {
            "communities": vocabulary.join("community", communities[0]["values"]),
            "districts": vocabulary.join("district", districts[0]["values"])})
    elif communities:
        sentences.append(_("both work with the %(communities)s community") % {
            "communities": vocabulary.join("community", communities[0]["values"])})
    elif districts:
        sentences.append(_("both work in %(districts)s") % {
            "districts": vocabulary.join("district", districts[0]["values"])})
    for reason in by_code.get("language", ()):
        sentences.append(_("both work in these languages: %(languages)s") % {
            "languages": vocabulary.join("language", reason["values"])})
    for reason in by_code.get("topic", ()):
        sentences.append(_("both work on %(topics)s") % {
            "topics": vocabulary.join("topic", reason["values"], lower=True)})
    for reason in by_code.get("need_offer", ()):
        sentences.append(_("%(needer)s needs %(category)s, %(offerer)s offers it") % {
            "needer": vocabulary.organisations.get(reason["needs"], "?"),
            "offerer": vocabulary.organisations.get(reason["offers"], "?"),
            "category": category_label(reason["category"])})
    for reason in by_code.get("peripheral", ()):
        name = vocabulary.organisations.get(reason["organisation"], "?")
        if reason.get("ties"):
            sentences.append(_("%(organisation)s has only one tie so far") % {"organisation": name})
        else:
            sentences.append(_("%(organisation)s has no tie yet") % {"organisation": name})
    return [capfirst(sentence) for sentence in sentences]


def describe_all(suggestions) -> list[tuple]:
    """[(suggestion, [sentences]), …] with the names read once."""
    suggestions = list(suggestions)
    vocabulary = Vocabulary(suggestions)
    return [(suggestion, describe(suggestion, vocabulary)) for suggestion in suggestions]
