"""One page of the directory's list (the HTML page; issue #15): work bounded by the page shown.

At 10,000 organisations a common word ("kultura") matches thousands of them. Ordering them
by rank in SQL (`DirectoryQuery.ordered`: one `CASE` over the ranked ids, evaluated for every
match, then a sort) and filtering by the ids of every match cost more than the rest of the
page. Here:

- the ranking is the search's own bounded one: the best rank of each organisation among the
  newest `search.backends.CANDIDATES` matching entries (`object_ranks`);
- the ranked organisations the facets keep are read once (their id and name, at most
  CANDIDATES rows) and ordered in Python: best rank first, then name, then id, as before;
- only a page beyond the ranked ones reads the other matches (in name order, in SQL, with
  the ids of every match, as before);
- the count is `DirectoryQuery.count`, cached with the facets until the data changes;
- the page's cards are read as plain values: one query for the page's rows, one for their
  topics, one for their languages, whatever the page size.

Every match is still listed and counted; the order is the one `DirectoryQuery.ordered`
gives (ranked ones first by rank, then the rest by name).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wspolnie.core.templatetags.layout import avatar_tone, initials
from wspolnie.lib.languages import native_name
from wspolnie.lib.multilingual import pick_translation

from .facets import DirectoryQuery

#: The columns a card shows (not the long descriptions, the contact details, …).
CARD_FIELDS = ("pk", "name", "slug", "kind", "short_description", "logo", "updated")


class Card(dict):
    """A card's values; also readable as attributes (`card.name`), as the page's items were
    when they were organisations. A dict for the template: its lookups try a key first."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _organisation_model():
    return apps.get_model("organisations", "Organisation")


class Matches:
    """The organisations a query keeps, for django's Paginator: `count()` is the cached
    count, a slice is the page's cards (plain dicts, see `cards`), in the list's order."""

    def __init__(self, query: DirectoryQuery, base: models.QuerySet) -> None:
        self.query = query
        self.base = base
        self._ranked: list[int] | None = None

    def count(self) -> int:
        return self.query.count(self.base)

    def __len__(self) -> int:
        return self.count()

    def ranked(self) -> list[int]:
        """The ranked organisations the facets keep, best first (none without a text)."""
        if self._ranked is None:
            self._ranked = []
            found = self.query.text_filter()
            if found is not None and found.match:
                from wspolnie.search import backends
                from wspolnie.search.query import id_set

                scores = backends.get_backend().object_ranks(
                    found.terms, found.mode, list(found.kinds))
                if scores:
                    kept = (self.base.filter(self.query.facet_condition())
                            .filter(pk__in=id_set(sorted(scores)))
                            .order_by().values_list("pk", "name"))
                    ordered = sorted(kept, key=lambda row: (-scores[row[0]], row[1], row[0]))
                    self._ranked = [pk for pk, _name in ordered]
        return self._ranked

    def ids(self, start: int, stop: int) -> list[int]:
        """The ids of the organisations at positions start … stop - 1 of a text's list."""
        ranked = self.ranked()
        ids = ranked[start:stop]
        if stop > len(ranked):
            from wspolnie.search.query import id_set

            # The matches outside the ranked set, after them, in name order.
            rest = self.base.filter(self.query.condition()).order_by("name", "pk")
            if ranked:
                rest = rest.exclude(pk__in=id_set(ranked))
            offset = max(0, start - len(ranked))
            ids += list(rest.values_list("pk", flat=True)[offset:offset + stop - start - len(ids)])
        return ids

    def __getitem__(self, window: slice) -> list[Card]:
        start = window.start or 0
        stop = window.stop if window.stop is not None else self.count()
        if self.query.text_filter() is None:
            # In the list's own order (name), the page's rows at once.
            found = self.base.filter(self.query.facet_condition())
            return _cards(list(found.values(*CARD_FIELDS)[start:stop]))
        return cards(self.ids(start, stop))


def cards(ids: list[int]) -> list[Card]:
    """What the directory cards of these organisations show, as plain values, in this
    order: three queries (the rows, their topics, their languages) whatever their number.
    The template then looks up dictionary keys instead of calling model methods and
    filters, 30 times a page."""
    if not ids:
        return []
    found = {row["pk"]: row for row in _organisation_model().objects.filter(pk__in=ids)
             .order_by().values(*CARD_FIELDS)}
    return _cards([found[pk] for pk in ids if pk in found])  # (deleted meanwhile)


def _cards(rows: list[dict]) -> list[Card]:
    """The cards of these rows (CARD_FIELDS), in their order; two queries more (topics and
    languages)."""
    if not rows:
        return []
    organisation = _organisation_model()
    ids = [row["pk"] for row in rows]
    language = translation.get_language() or settings.LANGUAGE_CODE
    fallbacks = [settings.LANGUAGE_CODE, "en"]
    topics: dict[int, list[str]] = {}
    through = organisation.topics.through
    for organisation_id, names, slug in (
        through.objects.filter(organisation_id__in=ids)
        .order_by("topic__position", "topic__slug")
        .values_list("organisation_id", "topic__names", "topic__slug")
    ):
        topics.setdefault(organisation_id, []).append(
            pick_translation(names, language, fallbacks) or slug)
    languages: dict[int, list[tuple[str, str]]] = {}
    through = organisation.languages.through
    for organisation_id, code in (
        through.objects.filter(organisation_id__in=ids).order_by("language_id")
        .values_list("organisation_id", "language_id")
    ):
        languages.setdefault(organisation_id, []).append((code, native_name(code)))

    from wspolnie.organisations.models import best_translation

    kinds = {value: str(label) for value, label in organisation.Kind.choices}
    # One reverse() per page, not two per card (the slug is put into the URL).
    placeholder = "slug-placeholder"
    detail = reverse("organisations:detail", kwargs={"slug": placeholder})
    logo = reverse("organisations:logo", kwargs={"slug": placeholder})
    found = []
    for row in rows:
        pk = row["pk"]
        name, slug = row["name"], row["slug"]
        short_language, short = best_translation(row["short_description"])
        logo_url = ""
        if row["logo"]:
            logo_url = logo.replace(placeholder, slug)
            if row["updated"]:
                logo_url += f"?v={int(row['updated'].timestamp())}"
        found.append(Card({
            "pk": pk,
            "name": name,
            "url": detail.replace(placeholder, slug),
            "logo_url": logo_url,
            "tone": avatar_tone(name),
            "initials": initials(name),
            "kind": kinds.get(row["kind"], row["kind"]),
            "short_language": short_language,
            "short": truncatewords(short, 40) if short else "",
            "topics": topics.get(pk, []),
            "languages": languages.get(pk, []),
        }))
    return found


def cards_html(cards: list[Card], *, listed: bool, topics_label: str, languages_label: str
               ) -> SafeString:
    """The cards' HTML (the directory's grid or list items), written here rather than in the
    template: the template language's variable lookups and loops were the larger part of
    rendering 30 cards (~2 ms of CPU a page at 10,000 organisations against ~0.3 ms here).
    Every value is escaped; the labels come translated from the template."""
    topics_label, languages_label = escape(topics_label), escape(languages_label)
    item = "<li>" if listed else '<li class="card">'
    parts = []
    for card in cards:
        if card["logo_url"]:
            badge = f'<img class="org-logo" src="{escape(card["logo_url"])}" alt="" loading="lazy">'
        else:
            badge = (f'<span class="avatar avatar-tone-{escape(card["tone"])}" '
                     f'aria-hidden="true">{escape(card["initials"])}</span>')
        html = [
            f'{item}<div class="org-card-head">\n  {badge}\n  <div>\n'
            f'    <h3><a href="{escape(card["url"])}">{escape(card["name"])}</a></h3>\n'
            f'    <p class="meta">{escape(card["kind"])}</p>\n  </div>\n</div>\n'
        ]
        if card["short"]:
            html.append(f'<p lang="{escape(card["short_language"])}">{escape(card["short"])}</p>')
        html.append("\n")
        if card["topics"]:
            html.append(f'<ul class="tag-list" aria-label="{topics_label}">')
            html.extend(f"<li>{escape(topic)}</li>" for topic in card["topics"])
            html.append("</ul>")
        html.append("\n")
        if card["languages"]:
            names = ", ".join(f'<span lang="{escape(code)}">{escape(name)}</span>'
                              for code, name in card["languages"])
            html.append(f'<p class="meta">{languages_label} {names}</p>')
        html.append("</li>")
        parts.append("".join(html))
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
