"""Synthetic needs and offers (see wspolnie.core.synthetic): about every other organisation has
one, most of them open (expiring in the coming weeks), some closed or expired."""

from __future__ import annotations

import datetime

from django.utils import timezone

from wspolnie.core.synthetic import SLUG_PREFIX, World

from .models import NeedOffer

ORDER = 50


def build(world: World) -> int:
    rng = world.rng("needs")
    organisations = world.ids.get("organisations", [])
    pl = world.words("pl")
    today = timezone.localdate()
    plan = [pk for pk in organisations if rng.random() < 0.5]
    kinds = list(NeedOffer.Kind.values)
    categories = list(NeedOffer.Category.values)

    def needs():
        for pk in plan:
            yield NeedOffer(
                organisation_id=pk,
                kind=rng.choice(kinds),
                category=rng.choice(categories),
                title=pl.title(4),
                description=pl.text(3),
                expires_on=today + datetime.timedelta(days=rng.randint(-10, 90)),
            )

    made = world.bulk("needs and offers", NeedOffer, needs(), len(plan))
    ids = list(NeedOffer.objects.filter(organisation__slug__startswith=SLUG_PREFIX)
               .order_by("pk").values_list("pk", flat=True)) if organisations else []
    made += world.many_to_many(NeedOffer.languages.field, ids, world.ids.get("languages", []),
                               1, 2, "need-languages")
    made += world.many_to_many(NeedOffer.districts.field, ids, world.ids.get("districts", []),
                               0, 2, "need-districts")
    return made
