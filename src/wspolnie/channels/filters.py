"""The list filters (kind, language, community, district, online/offline) and the number of
channels each choice gives — shared by the list page and the API."""

from __future__ import annotations

from django.db.models import Count

from wspolnie.directory.models import Community, District, Language

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


def facet_counts(base: ChannelQuerySet, filters: dict[str, str]) -> dict[str, dict[str, int]]:
    """{filter: {value: number of channels}}: for each filter, the channels the other chosen
    filters leave, counted per value of this one (as a shop's faceted search does)."""
    counts: dict[str, dict[str, int]] = {}
    for name in FILTER_NAMES:
        others = {k: v for k, v in filters.items() if k != name}
        channels = apply_filters(base, others)
        ids = channels.values("pk")
        if name == "kind":
            rows = channels.order_by().values("kind").annotate(n=Count("pk", distinct=True))
            counts[name] = {row["kind"]: row["n"] for row in rows}
        elif name == "language":
            rows = (
                Channel.languages.through.objects.filter(channel_id__in=ids)
                .order_by().values("language_id").annotate(n=Count("channel_id", distinct=True))
            )
            counts[name] = {row["language_id"]: row["n"] for row in rows}
        elif name == "community":
            rows = (
                Channel.communities.through.objects.filter(channel_id__in=ids)
                .order_by().values("community__slug")
                .annotate(n=Count("channel_id", distinct=True))
            )
            counts[name] = {row["community__slug"]: row["n"] for row in rows}
        elif name == "district":
            citywide = channels.filter(citywide=True).count()
            rows = (
                Channel.districts.through.objects.filter(
                    channel_id__in=ids, channel__citywide=False
                )
                .order_by().values("district__slug")
                .annotate(n=Count("channel_id", distinct=True))
            )
            by_slug = {row["district__slug"]: row["n"] for row in rows}
            counts[name] = {
                slug: by_slug.get(slug, 0) + citywide
                for slug in District.objects.values_list("slug", flat=True)
            }
        else:
            counts[name] = {str(mode): channels.with_mode(mode).count() for mode in MODE_FILTERS}
    return counts


def filter_choices(counts: dict[str, dict[str, int]], chosen: dict[str, str]):
    """Choices for ChannelFilterForm: every value that gives channels (and the chosen one),
    labelled with its number."""
    from .forms import language_label

    def label(text, n: int) -> str:
        return f"{text} ({n})"

    def keep(name: str, value: str) -> bool:
        return counts[name].get(value, 0) > 0 or chosen.get(name) == value

    return {
        "kind": [
            (value, label(text, counts["kind"].get(value, 0)))
            for value, text in Kind.choices if keep("kind", value)
        ],
        "language": sorted(
            (
                (code, label(language_label(code), counts["language"].get(code, 0)))
                for code in Language.objects.values_list("code", flat=True)
                if keep("language", code)
            ),
            key=lambda choice: choice[1].casefold(),
        ),
        "community": [
            (c.slug, label(c.name, counts["community"].get(c.slug, 0)))
            for c in Community.objects.all() if keep("community", c.slug)
        ],
        "district": [
            (d.slug, label(d.name, counts["district"].get(d.slug, 0)))
            for d in District.objects.all() if keep("district", d.slug)
        ],
        "mode": [
            (str(mode), label(mode.label, counts["mode"].get(str(mode), 0)))
            for mode in MODE_FILTERS
        ],
    }
