"""Faceted filtering of the organisations directory (the list page and the API share it).

Facets: kind, topic, community, language, district and "has open needs/offers". Several values
of one facet widen the result (OR); different facets narrow it (AND). The count shown next to
a value is the number of organisations the list would show with that value added to the
current filter of the *other* facets (standard faceted search): each facet is counted against
the result filtered by every facet but itself.

Everything is a constant number of queries, whatever the number of organisations: one
aggregate per facet plus one query per vocabulary for the labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wspolnie.core import versions
from wspolnie.lib.languages import native_name, normalise_language_tag
from wspolnie.search.facets import TEXT_PARAM, Facet, FacetQueryStrings, FacetValue

from .models import Community, District, Topic

#: Query parameters, in the order the facets are shown.
KIND, TOPIC, COMMUNITY, LANGUAGE, DISTRICT, OPEN = (
    "kind", "topic", "community", "language", "district", "open",
)
FACET_PARAMS = (KIND, TOPIC, COMMUNITY, LANGUAGE, DISTRICT, OPEN)
#: Parameters of the list page that are not filters but must survive a facet click.
KEPT_PARAMS = ("view",)

FACET_LABELS = {
    KIND: _("Kind"),
    TOPIC: _("Topic"),
    COMMUNITY: _("Community served"),
    LANGUAGE: _("Language"),
    DISTRICT: _("District"),
    OPEN: _("Needs and offers"),
}
OPEN_VALUE = "1"
OPEN_LABEL = _("Has open needs or offers")

#: facet → (vocabulary model, the Organisation many-to-many field)
VOCABULARIES = {TOPIC: (Topic, "topics"), COMMUNITY: (Community, "communities"),
                DISTRICT: (District, "districts")}


# The same value and facet objects as every other list (one template renders them all).
__all__ = ["DirectoryQuery", "Facet", "FacetValue", "open_needs_organisation_ids"]


def open_needs_organisation_ids() -> models.QuerySet | None:
    """Organisation ids with at least one open need or offer; None while the needs app (or
    its NeedOffer model) does not exist.

    "Open" is the NeedOffer manager's `open()` when it has one, otherwise "not expired"
    (no `expires_on`, or `expires_on` today or later).
    """
    if not apps.is_installed("wspolnie.needs"):
        return None
    try:
        need_offer = apps.get_model("needs", "NeedOffer")
    except LookupError:
        return None
    manager = need_offer._default_manager
    try:
        need_offer._meta.get_field("organisation")
        if callable(getattr(manager, "open", None)):
            open_ones = manager.open()
        else:
            today = timezone.localdate()
            open_ones = manager.filter(
                Q(expires_on__isnull=True) | Q(expires_on__gte=today)
            )
        return open_ones.values("organisation_id")
    except (FieldDoesNotExist, FieldError):
        return None


def _vocabulary_filter(field_name: str, slugs: list[str]) -> Q:
    through = getattr(_organisation_model(), field_name).through
    target = _target_field(field_name)
    return Q(
        pk__in=through.objects.filter(**{f"{target}__slug__in": slugs}).values(
            "organisation_id"
        )
    )


def _organisation_model():
    return apps.get_model("organisations", "Organisation")


def _target_field(field_name: str) -> str:
    """The through model's field pointing at the vocabulary ('topic', 'community', …)."""
    return _organisation_model()._meta.get_field(field_name).m2m_reverse_field_name()


@dataclass
class DirectoryQuery(FacetQueryStrings):
    """The filter a visitor chose: {facet: [values]} plus an optional text."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""
    kept: dict[str, str] = field(default_factory=dict)
    _text_filter: object = field(default=None, repr=False, compare=False)
    #: (base, its SQL) of the last cache key: facets() and count() compile it once.
    _base_sql: tuple = field(default=(), repr=False, compare=False)

    def text_filter(self):
        """The text through the search index (wspolnie.search), looked up once."""
        from wspolnie.search.query import text_filter

        if self.text and self._text_filter is None:
            self._text_filter = text_filter(self.text, ["organisation"]) or False
        return self._text_filter or None

    @classmethod
    def from_params(cls, params: Mapping) -> DirectoryQuery:
        """From request.GET (a QueryDict) or a plain {name: [values]} mapping. Unknown or
        malformed values are dropped, so an old shared link still works."""

        def values_of(name: str) -> list[str]:
            if hasattr(params, "getlist"):
                raw = params.getlist(name)
            else:
                raw = params.get(name) or []
                raw = [raw] if isinstance(raw, str) else list(raw)
            seen: list[str] = []
            for value in raw:
                value = str(value).strip()
                if value and value not in seen:
                    seen.append(value)
            return seen

        organisation = _organisation_model()
        filters: dict[str, list[str]] = {}
        kinds = [v for v in values_of(KIND) if v in organisation.Kind.values]
        if kinds:
            filters[KIND] = kinds
        for param, (model, _field_name) in VOCABULARIES.items():
            wanted = values_of(param)
            if wanted:
                known = set(model.objects.filter(slug__in=wanted).values_list("slug", flat=True))
                chosen = [slug for slug in wanted if slug in known]
                if chosen:
                    filters[param] = chosen
        languages = []
        for code in values_of(LANGUAGE):
            try:
                normalised = normalise_language_tag(code)
            except ValueError:
                continue
            if normalised not in languages:
                languages.append(normalised)
        if languages:
            filters[LANGUAGE] = languages
        if OPEN_VALUE in values_of(OPEN) and open_needs_organisation_ids() is not None:
            filters[OPEN] = [OPEN_VALUE]

        text = params.get(TEXT_PARAM) or ""
        text = (text if isinstance(text, str) else "").strip()[:200]
        kept = {}
        for name in KEPT_PARAMS:
            value = params.get(name)
            if isinstance(value, str) and value:
                kept[name] = value
        return cls(filters=filters, text=text, kept=kept)

    def facet_params(self) -> tuple[str, ...]:
        return FACET_PARAMS

    def changed(self, filters: dict[str, list[str]], text: str) -> DirectoryQuery:
        return DirectoryQuery(filters=filters, text=text, kept=self.kept)

    def condition(self, skip: str | None = None) -> Q:
        """The filter as one Q, leaving out the facet `skip` (for its counts)."""
        condition = self.facet_condition(skip)
        found = self.text_filter()
        if found is not None:
            condition &= found.condition()
        return condition

    def facet_condition(self, skip: str | None = None) -> Q:
        """The facets' part of the filter, without the text (whose condition reads the ids
        of every match: the list page ranks a bounded set of them instead, see
        directory.listing)."""
        condition = Q()
        for param, values in self.filters.items():
            if param == skip:
                continue
            if param == KIND:
                condition &= Q(kind__in=values)
            elif param in VOCABULARIES:
                condition &= _vocabulary_filter(VOCABULARIES[param][1], values)
            elif param == LANGUAGE:
                through = _organisation_model().languages.through
                condition &= Q(
                    pk__in=through.objects.filter(language_id__in=values).values(
                        "organisation_id"
                    )
                )
            elif param == OPEN:
                ids = open_needs_organisation_ids()
                if ids is not None:
                    condition &= Q(pk__in=ids)
        return condition

    def ordered(self, queryset: models.QuerySet) -> models.QuerySet:
        """Best match first when there is a text (no other order can be chosen here)."""
        found = self.text_filter()
        if found is None:
            return queryset
        return queryset.annotate(search_rank=found.rank(queryset.model)).order_by(
            "-search_rank", "name", "pk"
        )

    def apply(self, queryset: models.QuerySet, skip: str | None = None) -> models.QuerySet:
        return queryset.filter(self.condition(skip))

    # -- facet counts --------------------------------------------------------------------

    def facets(self, base: models.QuerySet) -> list[Facet]:
        """Every facet with its values and counts, for organisations in `base` (already
        limited to what the viewer may see). Values with no organisation are left out unless
        selected.

        Cached until the directory's data changes (wspolnie.core.versions): at 10,000
        organisations the six grouped counts cost more than the rest of the page. The key
        is everything the answer depends on: `base` (its SQL: the viewer's own pending
        organisations are in it), the filters, the text, the kept parameters (they are in
        the links), the language of the labels and today (needs and offers expire)."""
        return versions.cached(versions.DIRECTORY, self._cache_key("directory-facets", base),
                               lambda: self._facets(base))

    def count(self, base: models.QuerySet) -> int:
        """How many organisations of `base` the filter and the text keep, cached like the
        facets (the same key, the same data version): with a common word the count reads
        every match, the page itself only the best-ranked ones (directory.listing)."""
        return versions.cached(versions.DIRECTORY, self._cache_key("directory-count", base),
                               lambda: self.apply(base).count())

    def _cache_key(self, name: str, base: models.QuerySet) -> tuple:
        if not self._base_sql or self._base_sql[0] is not base:
            self._base_sql = (base, str(base.query))
        return (
            name, self._base_sql[1], sorted(self.filters.items()), self.text,
            sorted(self.kept.items()), translation.get_language(), str(timezone.localdate()),
        )

    def _facets(self, base: models.QuerySet) -> list[Facet]:
        facets = [
            self._kind_facet(base),
            *(self._vocabulary_facet(base, param) for param in (TOPIC, COMMUNITY)),
            self._language_facet(base),
            self._vocabulary_facet(base, DISTRICT),
        ]
        open_facet = self._open_facet(base)
        if open_facet is not None:
            facets.append(open_facet)
        for facet in facets:
            for value in facet.values:
                value.toggle_query = self.toggle(facet.param, value.value)
        return facets

    def _others(self, base: models.QuerySet, param: str) -> models.QuerySet:
        return self.apply(base, skip=param).values("pk")

    def _kind_facet(self, base) -> Facet:
        counts = dict(
            self.apply(base, skip=KIND)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        selected = self.filters.get(KIND, [])
        organisation = _organisation_model()
        return Facet(
            KIND,
            str(FACET_LABELS[KIND]),
            [
                FacetValue(value, str(label), counts.get(value, 0), value in selected)
                for value, label in organisation.Kind.choices
                if counts.get(value) or value in selected
            ],
        )

    def _vocabulary_facet(self, base, param: str) -> Facet:
        model, field_name = VOCABULARIES[param]
        through = getattr(_organisation_model(), field_name).through
        target = _target_field(field_name)
        counts = dict(
            through.objects.filter(organisation_id__in=self._others(base, param))
            .order_by()
            .values(f"{target}_id")
            .annotate(n=Count("organisation_id"))
            .values_list(f"{target}_id", "n")
        )
        selected = self.filters.get(param, [])
        terms = model.objects.filter(Q(pk__in=list(counts)) | Q(slug__in=selected))
        return Facet(
            param,
            str(FACET_LABELS[param]),
            [
                FacetValue(term.slug, term.name, counts.get(term.pk, 0), term.slug in selected)
                for term in terms
            ],
        )

    def _language_facet(self, base) -> Facet:
        through = _organisation_model().languages.through
        counts = dict(
            through.objects.filter(organisation_id__in=self._others(base, LANGUAGE))
            .order_by()
            .values("language_id")
            .annotate(n=Count("organisation_id"))
            .values_list("language_id", "n")
        )
        selected = self.filters.get(LANGUAGE, [])
        codes = set(counts) | set(selected)
        values = [
            FacetValue(code, native_name(code), counts.get(code, 0), code in selected, lang=code)
            for code in codes
        ]
        values.sort(key=lambda value: (-value.count, value.label.casefold()))
        return Facet(LANGUAGE, str(FACET_LABELS[LANGUAGE]), values)

    def _open_facet(self, base) -> Facet | None:
        ids = open_needs_organisation_ids()
        if ids is None:
            return None
        count = self.apply(base, skip=OPEN).filter(pk__in=ids).count()
        selected = OPEN in self.filters
        values = (
            [FacetValue(OPEN_VALUE, str(OPEN_LABEL), count, selected)]
            if count or selected
            else []
        )
        return Facet(OPEN, str(FACET_LABELS[OPEN]), values)
