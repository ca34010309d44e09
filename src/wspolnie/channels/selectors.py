"""Which channels reach whom: the queries the "Which channels reach…?" page, the API and the
outreach planner share.

Arguments are iterables of model instances (Community, Language, District) or their keys
(community/district slugs, BCP-47 language codes); None or empty means "not asked".

When a channel reaches what was asked (one rule for the reach page, the API and the plans):
- Where first: a channel bound to some districts reaches nobody outside them. When districts
  are asked, only city-wide channels and those serving one of the asked districts count — a
  notice board in Krzyki does not reach an announcement for Nadodrze, whatever its languages.
  Nothing asked about districts means the whole city: every channel is in the area.
- Then who: within the area, a channel reaches a target when it serves one of the asked
  communities or languages, or one of the asked districts. A city-wide channel serves every
  district: a city portal with no district reaches everyone who reads its languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models.functions import Coalesce

from wspolnie.directory.models import Community, District, Language

from .models import Channel, ChannelQuerySet, community_slugs, district_slugs, language_codes


def in_area(queryset: ChannelQuerySet, districts=None) -> ChannelQuerySet:
    """The channels of `queryset` whose area meets the asked districts: city-wide ones and
    those serving one of them; all of them when no district is asked (the whole city)."""
    keys = district_slugs(districts)
    if not keys:
        return queryset
    return queryset.filter(
        models.Q(citywide=True)
        | models.Q(
            pk__in=Channel.districts.through.objects.filter(
                district__slug__in=keys
            ).values("channel_id")
        )
    )


def _match_count(through, column: str, keys: list[str]) -> models.Expression:
    """How many of `keys` one channel has in one many-to-many field (0 when none)."""
    if not keys:
        return models.Value(0)
    matches = (
        through.objects.filter(channel_id=models.OuterRef("pk"), **{f"{column}__in": keys})
        .order_by()
        .values("channel_id")
        .annotate(n=models.Count("*"))
        .values("n")
    )
    return Coalesce(models.Subquery(matches, output_field=models.IntegerField()), 0)


def channels_reaching(
    communities=None,
    languages=None,
    districts=None,
    *,
    queryset: ChannelQuerySet | None = None,
) -> ChannelQuerySet:
    """Active public channels that reach any of the given communities, languages or districts,
    best first (see the module's docstring: channels outside the asked districts are left out).

    Fit = how many of the requested communities + languages + districts the channel covers
    (a city-wide channel covers every requested district). Ranked by fit, then estimated
    reach (unknown last), then name. Each channel carries the annotations `community_fit`,
    `language_fit`, `district_fit` and `fit`. With nothing requested, every channel is
    returned (fit 0), largest reach first.
    """
    community_keys = community_slugs(communities)
    language_keys = language_codes(languages)
    district_keys = district_slugs(districts)
    base = in_area(queryset if queryset is not None else Channel.objects.public(), district_keys)
    district_fit = (
        models.Case(
            models.When(citywide=True, then=models.Value(len(district_keys))),
            default=_match_count(Channel.districts.through, "district__slug", district_keys),
            output_field=models.IntegerField(),
        )
        if district_keys
        else models.Value(0)
    )
    ranked = base.annotate(
        community_fit=_match_count(Channel.communities.through, "community__slug", community_keys),
        language_fit=_match_count(Channel.languages.through, "language__code", language_keys),
        district_fit=district_fit,
    ).annotate(
        fit=models.ExpressionWrapper(
            models.F("community_fit") + models.F("language_fit") + models.F("district_fit"),
            output_field=models.IntegerField(),
        )
    )
    if community_keys or language_keys or district_keys:
        ranked = ranked.filter(fit__gt=0)
    return (
        ranked.select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
        .order_by("-fit", models.F("estimated_reach").desc(nulls_last=True), "name", "pk")
    )


def coverage_gaps(
    communities, languages, districts=None, *, queryset: ChannelQuerySet | None = None
) -> dict:
    """{"communities": [Community, …], "languages": [Language, …]}: the requested ones no
    active public channel reaches within the requested districts (the whole city when none),
    in the order asked. Unknown slugs are left out of "communities"; every requested language
    is a Language (created if new)."""
    base = in_area(queryset if queryset is not None else Channel.objects.public(), districts)
    community_keys = community_slugs(communities)
    language_keys = language_codes(languages)
    reached_communities = set(
        base.filter(communities__slug__in=community_keys).values_list(
            "communities__slug", flat=True
        )
    ) if community_keys else set()
    reached_languages = set(
        base.filter(languages__code__in=language_keys).values_list("languages__code", flat=True)
    ) if language_keys else set()
    terms = {c.slug: c for c in Community.objects.filter(slug__in=community_keys)}
    languages_by_code = {language.code: language for language in Language.objects.filter(
        code__in=language_keys
    )}
    return {
        "communities": [
            terms[slug] for slug in community_keys
            if slug in terms and slug not in reached_communities
        ],
        "languages": [
            languages_by_code.get(code) or Language(code=code)
            for code in language_keys
            if code not in reached_languages
        ],
    }


def district_gaps(districts, *, queryset: ChannelQuerySet | None = None) -> list[District]:
    """The requested districts no active public channel reaches (none while a city-wide
    channel exists)."""
    base = queryset if queryset is not None else Channel.objects.public()
    keys = district_slugs(districts)
    if not keys or base.filter(citywide=True).exists():
        return []
    reached = set(
        base.filter(districts__slug__in=keys).values_list("districts__slug", flat=True)
    )
    by_slug = {d.slug: d for d in District.objects.filter(slug__in=keys)}
    return [by_slug[slug] for slug in keys if slug in by_slug and slug not in reached]


@dataclass
class Coverage:
    """What one ranked channel covers of what was asked (for display and the API)."""

    channel: Channel
    communities: list[Community] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    citywide: bool = False


def coverage_of(channels, communities=None, languages=None, districts=None) -> list[Coverage]:
    """For each channel (prefetched, e.g. from channels_reaching), the requested communities,
    languages and districts it covers; nothing for a channel outside the requested districts
    (one added to a plan by hand, say)."""
    community_keys = set(community_slugs(communities))
    language_keys = set(language_codes(languages))
    district_keys = set(district_slugs(districts))
    result = []
    for channel in channels:
        if district_keys and not channel.citywide and not any(
            d.slug in district_keys for d in channel.districts.all()
        ):
            result.append(Coverage(channel=channel))
            continue
        result.append(
            Coverage(
                channel=channel,
                communities=[c for c in channel.communities.all() if c.slug in community_keys],
                languages=[la for la in channel.languages.all() if la.code in language_keys],
                districts=[d for d in channel.districts.all() if d.slug in district_keys],
                citywide=channel.citywide and bool(district_keys),
            )
        )
    return result
