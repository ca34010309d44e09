"""Synthetic services (see wspolnie.core.synthetic): one to three per organisation, multilingual,
with topics, communities and languages."""

from __future__ import annotations

from wspolnie.core.synthetic import SLUG_PREFIX, World

from .models import Service

ORDER = 20


def build(world: World) -> int:
    rng = world.rng("services")
    organisations = world.ids.get("organisations", [])
    pl, en, uk = world.words("pl"), world.words("en"), world.words("uk")
    plan = [(pk, n) for pk in organisations for n in range(rng.randint(1, 3))]

    def services():
        for pk, _n in plan:
            paid = rng.random() < 0.2
            yield Service(
                organisation_id=pk,
                name={"pl": pl.title(3), "en": en.title(3), "uk": uk.title(3)},
                description={"pl": pl.text(3), "en": en.text(2), "uk": uk.text(2)},
                eligibility_description={"pl": pl.text(1)},
                application_process={"pl": pl.text(1), "uk": uk.text(1)},
                cost=Service.Cost.PAID if paid else Service.Cost.FREE,
                fees_description={"pl": pl.text(1)} if paid else {},
                status=(Service.Status.ACTIVE if rng.random() < 0.95
                        else Service.Status.INACTIVE),
            )

    made = world.bulk("services", Service, services(), len(plan))
    ids = list(Service.objects.filter(organisation__slug__startswith=SLUG_PREFIX)
               .order_by("pk").values_list("pk", flat=True))
    world.ids["services"] = ids
    made += world.many_to_many(Service.topics.field, ids, world.ids.get("topics", []), 1, 2,
                               "service-topics")
    made += world.many_to_many(Service.communities.field, ids,
                               world.ids.get("communities", []), 0, 2, "service-communities")
    made += world.many_to_many(Service.languages.field, ids, world.ids.get("languages", []),
                               1, 3, "service-languages")
    return made
