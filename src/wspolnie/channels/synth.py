"""Synthetic information channels (see wspolnie.core.synthetic): one per organisation, some
city-wide, others reaching a few districts, with languages and communities."""

from __future__ import annotations

from wspolnie.core.synthetic import SLUG_PREFIX, World

from .models import Channel, Kind

ORDER = 40


def build(world: World) -> int:
    rng = world.rng("channels")
    organisations = world.ids.get("organisations", [])
    pl, uk = world.words("pl"), world.words("uk")
    kinds = list(Kind.values)
    citywide = {}

    def channels():
        for pk in organisations:
            citywide[pk] = rng.random() < 0.5
            yield Channel(
                organisation_id=pk,
                name=f"{pl.title(2).title()} {pk}",
                kind=rng.choice(kinds),
                description={"pl": pl.text(2), "uk": uk.text(1)},
                citywide=citywide[pk],
                estimated_reach=rng.choice([None, 50, 200, 1000, 5000]),
            )

    made = world.bulk("channels", Channel, channels(), len(organisations))
    rows = list(Channel.objects.filter(organisation__slug__startswith=SLUG_PREFIX)
                .order_by("pk").values_list("pk", "organisation_id")) if organisations else []
    ids = [pk for pk, _org in rows]
    local = [pk for pk, org in rows if not citywide.get(org)]
    made += world.many_to_many(Channel.languages.field, ids, world.ids.get("languages", []),
                               1, 3, "channel-languages")
    made += world.many_to_many(Channel.communities.field, ids,
                               world.ids.get("communities", []), 0, 2, "channel-communities")
    made += world.many_to_many(Channel.districts.field, local, world.ids.get("districts", []),
                               1, 3, "channel-districts")
    return made
