"""Synthetic organisations (see wspolnie.core.synthetic): the vocabularies, then N organisations
with multilingual descriptions, their topics, communities, languages, districts and a place."""

from __future__ import annotations

from decimal import Decimal

from wspolnie.core.synthetic import ORGANISATION_WORDS, SLUG_PREFIX, World
from wspolnie.directory import demo as directory_demo
from wspolnie.directory.models import Community, District, Language, Topic

from .models import Location, Organisation

ORDER = 10
APPROVED_SHARE = 0.9


def build(world: World) -> int:
    directory_demo.load()
    rng = world.rng("organisations")
    kinds = list(Organisation.Kind.values)
    pl, en, uk = world.words("pl"), world.words("en"), world.words("uk")

    def organisations():
        for i in range(world.organisations):
            yield Organisation(
                name=f"{rng.choice(ORGANISATION_WORDS)} {pl.title(2).title()} {i + 1}",
                slug=f"{SLUG_PREFIX}{i + 1}",
                kind=rng.choice(kinds),
                status=(Organisation.Status.APPROVED if rng.random() < APPROVED_SHARE
                        else Organisation.Status.PENDING),
                short_description={"pl": pl.text(2, 10), "en": en.text(2, 10),
                                   "uk": uk.text(2, 10)},
                description={"pl": pl.text(6), "en": en.text(4), "uk": uk.text(4)},
                email=f"kontakt{i + 1}@example.org" if rng.random() < 0.5 else "",
                website=f"https://org{i + 1}.example.org/" if rng.random() < 0.5 else "",
            )

    made = world.bulk("organisations", Organisation, organisations(), world.organisations)
    ids = list(Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
               .order_by("pk").values_list("pk", flat=True))
    world.ids["organisations"] = ids
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    communities = list(Community.objects.order_by("pk").values_list("pk", flat=True))
    districts = list(District.objects.order_by("pk").values_list("pk", flat=True))
    languages = list(Language.objects.order_by("pk").values_list("pk", flat=True))
    world.ids["districts"] = districts
    world.ids["languages"] = languages
    world.ids["topics"] = topics
    world.ids["communities"] = communities
    made += world.many_to_many(Organisation.topics.field, ids, topics, 1, 3, "org-topics")
    made += world.many_to_many(Organisation.communities.field, ids, communities, 0, 3,
                               "org-communities")
    made += world.many_to_many(Organisation.languages.field, ids, languages, 1, 4,
                               "org-languages")
    made += world.many_to_many(Organisation.districts.field, ids, districts, 1, 2,
                               "org-districts")

    places = world.rng("locations")

    def locations():
        for pk in ids:
            yield Location(
                organisation_id=pk,
                street_address=f"ul. {pl.title(1).title()} {places.randint(1, 200)}",
                postal_code=f"5{places.randint(0, 4)}-{places.randint(100, 999)}",
                district_id=places.choice(districts),
                # Somewhere in Wrocław, so the directory's map has city-scale data too.
                latitude=Decimal(f"{places.uniform(51.05, 51.17):.6f}"),
                longitude=Decimal(f"{places.uniform(16.90, 17.15):.6f}"),
            )

    made += world.bulk("places", Location, locations(), len(ids))
    return made
