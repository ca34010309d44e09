"""Faceted lists: one machinery for every list's filters and text box (issue #9, #18.9).

A list declares its facets once:

    BOARD = FacetedList(
        facets=[
            choice_facet("kind", _("Show"), "kind", NeedOffer.Kind.choices),
            vocabulary_facet("district", _("District"), "districts", District),
            language_facet("language", _("Language"), "languages__code"),
        ],
        text_kinds=["need", "offer"],      # the text box searches these documents
    )
    query = BOARD.from_params(request.GET)  # unknown values are dropped: old links still work
    found = query.ordered(query.apply(base), "-created")
    facets = query.facets(base)

and its template includes `search/_facets.html` (the text box, the facets with their counts,
the active filters and "clear filters"; links only, so it works without JavaScript).

Semantics (as in the directory): several values of one facet widen the result (OR), different
facets narrow it (AND), the text narrows it through the search index (`search.query`:
diacritics ignored, prefixes, ranked). The count next to a value is the number of results the
list would show with that value added to the current filter of the *other* facets and the
text. Constant number of queries: one aggregate per facet plus one per vocabulary for labels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from wspolnie.lib.languages import native_name, normalise_language_tag

from .query import RANK, TextFilter, text_filter

TEXT_PARAM = "q"
MAX_VALUES = 20
MAX_TEXT = 200


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    #: BCP-47 code for values that are language names (the lang attribute of the label).
    lang: str = ""
    #: The query string that toggles this value (added when off, removed when on).
    toggle_query: str = ""


@dataclass
class Facet:
    param: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetValue]:
        return [value for value in self.values if value.selected]


@dataclass(frozen=True)
class FacetSpec:
    """One facet of a list.

    `lookup`: the path from the listed model to the value ("category", "districts__slug");
    `labels(values)`: {value: label} for the values that exist (unknown ones are dropped), in
    the order they are shown; `clean(value)`: the canonical form of a value or None;
    `sort_by_count`: show the most frequent values first (else in the order of `labels`)."""

    param: str
    label: object
    lookup: str
    labels: Callable[[Iterable[str]], dict[str, str]]
    clean: Callable[[str], str | None] = str.strip
    languages: bool = False
    sort_by_count: bool = False
    #: For facets that are not a plain lookup (a city-wide channel is in every district):
    #: `where(values)` → Q on the listed model, `count(queryset)` → {value: n}.
    where: Callable[[list[str]], Q] | None = None
    count: Callable[[models.QuerySet], dict[str, int]] | None = None

    def condition(self, model: type[models.Model], values: list[str]) -> Q:
        if self.where is not None:
            return self.where(values)
        # A subquery rather than a join: a join through a many-to-many would repeat rows.
        return Q(pk__in=model._default_manager.filter(
            **{f"{self.lookup}__in": values}).values("pk"))

    def counts(self, queryset: models.QuerySet) -> dict[str, int]:
        if self.count is not None:
            return self.count(queryset)
        rows = (
            queryset.order_by()
            .filter(**{f"{self.lookup}__isnull": False})
            .values(self.lookup)
            .annotate(n=Count("pk", distinct=True))
            .values_list(self.lookup, "n")
        )
        return {str(value): count for value, count in rows}


def choice_facet(param: str, label, lookup: str, choices, **options) -> FacetSpec:
    """A facet over a field with choices (TextChoices.choices)."""
    def labels(values) -> dict[str, str]:
        wanted = set(values)
        return {str(value): str(text) for value, text in choices if str(value) in wanted}
    return FacetSpec(param, label, lookup, labels, **options)


def vocabulary_facet(param: str, label, relation: str, model: type[models.Model],
                     **options) -> FacetSpec:
    """A facet over a many-to-many (or foreign key) to a vocabulary with slugs and `name`."""
    def labels(values) -> dict[str, str]:
        terms = model._default_manager.filter(slug__in=list(values))
        return {term.slug: term.name for term in terms}
    return FacetSpec(param, label, f"{relation}__slug", labels, **options)


def _language(value: str) -> str | None:
    try:
        return normalise_language_tag(value)
    except ValueError:
        return None


def language_facet(param: str, label, lookup: str, **options) -> FacetSpec:
    """A facet over language codes (labels: the languages' own names)."""
    options.setdefault("sort_by_count", True)
    return FacetSpec(
        param, label, lookup, lambda values: {code: native_name(code) for code in values},
        clean=_language, languages=True, **options,
    )


def model_facet(param: str, label, relation: str, queryset: models.QuerySet, slug_field: str,
                name: Callable[[models.Model], str], **options) -> FacetSpec:
    """A facet over a foreign key to any model, identified by `slug_field`."""
    def labels(values) -> dict[str, str]:
        return {str(getattr(item, slug_field)): name(item)
                for item in queryset.filter(**{f"{slug_field}__in": list(values)})}
    return FacetSpec(param, label, f"{relation}__{slug_field}", labels, **options)


class FacetQueryStrings:
    """The query strings of a visitor's choice: FacetedQuery's, and the organisations
    directory's own DirectoryQuery's. A subclass has `filters` ({facet: [values]}), `text`,
    `kept` ({name: value}), and says its facets' order and how to copy itself."""

    filters: dict[str, list[str]]
    text: str
    kept: dict[str, str]

    def facet_params(self) -> Iterable[str]:
        raise NotImplementedError

    def changed(self, filters: dict[str, list[str]], text: str) -> FacetQueryStrings:
        """The same query (same kept parameters) with these filters and text."""
        raise NotImplementedError

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters or self.text)

    def params(self, **overrides) -> list[tuple[str, str]]:
        """(name, value) pairs for a URL: the filters, the text and the kept parameters."""
        pairs = [
            (param, value)
            for param in self.facet_params()
            for value in self.filters.get(param, [])
        ]
        if self.text:
            pairs.append((TEXT_PARAM, self.text))
        pairs.extend(self.kept.items())
        for name, value in overrides.items():
            pairs = [(n, v) for n, v in pairs if n != name]
            if value is not None:
                pairs.append((name, value))
        return pairs

    def query_string(self, **overrides) -> str:
        return urlencode(self.params(**overrides))

    def hidden_params(self) -> list[tuple[str, str]]:
        """The parameters the text box's form must carry (everything but the text)."""
        return [(name, value) for name, value in self.params() if name != TEXT_PARAM]

    def toggle(self, param: str, value: str) -> str:
        """The query string with `value` of facet `param` switched on or off."""
        values = list(self.filters.get(param, []))
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        filters = {p: v for p, v in {**self.filters, param: values}.items() if v}
        return self.changed(filters, self.text).query_string()

    def without_filters(self) -> str:
        return self.changed({}, "").query_string()


@dataclass(frozen=True)
class FacetedList:
    """The declaration of a list's facets and text box."""

    facets: list[FacetSpec]
    #: Kinds of search documents the text box looks in (wspolnie.search.types).
    text_kinds: list[str] = field(default_factory=list)
    #: Parameters that are not filters but must survive a click (a view mode, a language).
    kept: tuple[str, ...] = ()

    def spec(self, param: str) -> FacetSpec | None:
        return next((spec for spec in self.facets if spec.param == param), None)

    def render_list(self, request, template: str, base: models.QuerySet, *, page_size: int,
                    text_label, order: Sequence[str] = (), related: Sequence[str] = (),
                    prefetch: Sequence[str] = (), params: Mapping | None = None
                    ) -> HttpResponse:
        """A public list page (`search/faceted_list.html`): `base` (what the visitor may
        see) narrowed by the facets and the text of `params` (request.GET by default),
        best match or `order` first, one page of it."""
        query = self.from_params(request.GET if params is None else params)
        found = query.ordered(query.apply(base), *order).prefetch_related(*prefetch)
        if related:  # select_related() with no names would follow every foreign key
            found = found.select_related(*related)
        return render(request, template, query.page_context(
            request, base, found, page_size, text_label=text_label))

    def from_params(self, params: Mapping) -> FacetedQuery:
        """From request.GET (a QueryDict) or a plain {name: value or [values]} mapping.
        Unknown or malformed values are dropped, so an old shared link still works."""

        def values_of(name: str) -> list[str]:
            if hasattr(params, "getlist"):
                raw = params.getlist(name)
            else:
                raw = params.get(name) or []
                raw = [raw] if isinstance(raw, str | int) else list(raw)
            seen: list[str] = []
            for value in raw[:MAX_VALUES]:
                value = str(value).strip()[:100]
                if value and value not in seen:
                    seen.append(value)
            return seen

        filters: dict[str, list[str]] = {}
        for spec in self.facets:
            cleaned = []
            for value in values_of(spec.param):
                value = spec.clean(value)
                if value and value not in cleaned:
                    cleaned.append(value)
            if cleaned:
                known = spec.labels(cleaned)
                chosen = [value for value in cleaned if value in known]
                if chosen:
                    filters[spec.param] = chosen
        text = params.get(TEXT_PARAM) or ""
        text = (text if isinstance(text, str) else "").strip()[:MAX_TEXT]
        kept = {}
        for name in self.kept:
            value = params.get(name)
            if isinstance(value, str) and value:
                kept[name] = value[:100]
        return FacetedQuery(self, filters, text, kept)


@dataclass
class FacetedQuery(FacetQueryStrings):
    """What a visitor chose on one list: {facet: [values]}, a text, kept parameters."""

    declaration: FacetedList
    filters: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""
    kept: dict[str, str] = field(default_factory=dict)
    _text_filter: object = field(default=None, repr=False, compare=False)

    def facet_params(self) -> list[str]:
        return [spec.param for spec in self.declaration.facets]

    def changed(self, filters: dict[str, list[str]], text: str) -> FacetedQuery:
        return FacetedQuery(self.declaration, filters, text, self.kept)

    def text_filter(self) -> TextFilter | None:
        if self.text and self._text_filter is None:
            self._text_filter = text_filter(self.text, self.declaration.text_kinds) or False
        return self._text_filter or None

    def condition(self, model: type[models.Model], skip: str | None = None) -> Q:
        condition = Q()
        for param, values in self.filters.items():
            if param != skip:
                condition &= self.declaration.spec(param).condition(model, values)
        found = self.text_filter()
        if found is not None:
            condition &= found.condition()
        return condition

    def apply(self, queryset: models.QuerySet, skip: str | None = None) -> models.QuerySet:
        return queryset.filter(self.condition(queryset.model, skip))

    def ordered(self, queryset: models.QuerySet, *default: str) -> models.QuerySet:
        """Best match first when there is a text, else `default` (or the queryset's order)."""
        found = self.text_filter()
        if found is None:
            return queryset.order_by(*default) if default else queryset
        return queryset.annotate(**{RANK: found.rank(queryset.model)}).order_by(
            f"-{RANK}", *default, "pk"
        )

    # -- facet counts --------------------------------------------------------------------

    def facets(self, base: models.QuerySet) -> list[Facet]:
        """Every facet with its values and counts over `base` (what the viewer may see).
        Values no result has are left out unless selected."""
        facets = []
        for spec in self.declaration.facets:
            counts = spec.counts(self.apply(base, skip=spec.param))
            selected = self.filters.get(spec.param, [])
            labels = spec.labels([*counts, *(v for v in selected if v not in counts)])
            values = [
                FacetValue(value, label, counts.get(value, 0), value in selected,
                           lang=value if spec.languages else "",
                           toggle_query=self.toggle(spec.param, value))
                for value, label in labels.items()
                if counts.get(value) or value in selected
            ]
            if spec.sort_by_count:
                values.sort(key=lambda value: (-value.count, value.label.casefold()))
            facets.append(Facet(spec.param, str(spec.label), values))
        return facets

    def active(self, facets: list[Facet]) -> list[tuple[Facet, FacetValue]]:
        return [(facet, value) for facet in facets for value in facet.selected]

    def context(self, base: models.QuerySet, action: str = "", text_label=None) -> dict:
        """What `search/_facets.html` needs."""
        facets = self.facets(base)
        return {
            "facet_query": self,
            "facets": facets,
            "active_filters": self.active(facets),
            "clear_query": self.without_filters(),
            "facet_action": action,
            "text_label": text_label,
        }

    def page_context(self, request, base: models.QuerySet, found: models.QuerySet,
                     page_size: int, text_label=None) -> dict:
        """A faceted list page's context: the page of `found` the request asks for, this
        query, and what `search/_facets.html` needs (counted over `base`)."""
        page: Page = Paginator(found, page_size).get_page(request.GET.get("page"))
        return {"page": page, "query": self, **self.context(base, text_label=text_label)}
