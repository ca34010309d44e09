"""The list filters (kind, language, community, district, online/offline) and the number of
channels each choice gives — shared by the list page and the API."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Community, District
from wspolnie.search.facets import FacetedList, choice_facet, language_facet, vocabulary_facet

from .models import Channel, ChannelQuerySet, Kind, Mode

FILTER_NAMES = ["kind", "language", "community", "district", "mode"]
MODE_FILTERS = [Mode.ONLINE, Mode.OFFLINE]


def apply_filter(queryset: ChannelQuerySet, name: str, value: str) -> ChannelQuerySet:
    if not value:
        return queryset
    if name == "kind":
        return queryset.filter(kind=value)
    if name == "language":
        return queryset.reaches(languages=[value])
    if name == "community":
        return queryset.reaches(communities=[value])
    if name == "district":
        return queryset.reaches(districts=[value])
    if name == "mode":
        return queryset.with_mode(value)
    if name == "organisation":
        return queryset.filter(organisation__slug=value)
    raise ValueError(f"unknown filter {name!r}")


def apply_filters(queryset: ChannelQuerySet, filters: dict[str, str]) -> ChannelQuerySet:
    for name, value in filters.items():
        queryset = apply_filter(queryset, name, value)
    return queryset


def _district_where(values: list[str]) -> Q:
    """A city-wide channel reaches every district."""
    through = Channel.districts.through.objects.filter(district__slug__in=values)
    return Q(citywide=True) | Q(pk__in=through.values("channel_id"))


def _district_counts(channels) -> dict[str, int]:
    citywide = channels.filter(citywide=True).count()
    rows = (
        Channel.districts.through.objects.filter(
            channel_id__in=channels.values("pk"), channel__citywide=False
        )
        .order_by().values("district__slug")
        .annotate(n=Count("channel_id", distinct=True))
    )
    by_slug = {row["district__slug"]: row["n"] for row in rows}
    if not citywide:
        return by_slug
    return {slug: by_slug.get(slug, 0) + citywide
            for slug in District.objects.values_list("slug", flat=True)}


def _mode_where(values: list[str]) -> Q:
    condition = Q(pk__in=[])
    for mode in values:
        condition |= Q(pk__in=Channel.objects.with_mode(mode).values("pk"))
    return condition


def _mode_counts(channels) -> dict[str, int]:
    return {str(mode): channels.with_mode(mode).count() for mode in MODE_FILTERS}


#: The public list's facets and text box (wspolnie.search.facets; the template includes
#: search/_facets.html).
CHANNEL_FACETS = FacetedList(
    facets=[
        choice_facet("kind", _("Kind"), "kind", Kind.choices),
        language_facet("language", _("Language"), "languages__code"),
        vocabulary_facet("community", _("Community"), "communities", Community),
        vocabulary_facet("district", _("District"), "districts", District,
                         where=_district_where, count=_district_counts),
        choice_facet("mode", _("Online or offline"), "mode_override",
                     [(mode.value, mode.label) for mode in MODE_FILTERS],
                     where=_mode_where, count=_mode_counts),
    ],
    text_kinds=["channel"],
)
