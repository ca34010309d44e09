"""Synthetic meetings (see wspolnie.core.synthetic): one for every 5 organisations (2,000 at
the benchmarks' 10,000), over the last two years and the next two months, each organised by
one organisation, with 20–80 registrations each (about 100,000 at 10,000 organisations) from
people of other organisations — most of whom came (checked in) — so that the coordinator
dashboard's attendance and first-time/returning figures have something to count at city
scale. Titles and descriptions in Polish, Ukrainian and English."""

from __future__ import annotations

import datetime

from django.utils import timezone

from wspolnie.core.synthetic import SLUG_PREFIX, World
from wspolnie.organisations.models import Organisation

from .models import Event, Registration

ORDER = 60
EVENT_PREFIX = f"{SLUG_PREFIX}meeting-"
PAST_DAYS = 730
FUTURE_DAYS = 60
#: One meeting for every this many organisations.
EVENTS_EVERY = 5
#: Registrations per meeting (at random between the two).
REGISTRATIONS = (20, 80)


def build(world: World) -> int:
    rng = world.rng("meetings")
    organisations = world.ids.get("organisations", [])
    if not organisations:
        return 0
    # Meetings of an earlier run whose organisations were removed would clash by slug.
    Event.objects.filter(slug__startswith=EVENT_PREFIX).delete()
    names = dict(Organisation.objects.filter(pk__in=organisations).values_list("pk", "name"))
    pl, en, uk = world.words("pl"), world.words("en"), world.words("uk")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    count = max(4, len(organisations) // EVENTS_EVERY)
    starts = sorted(now + datetime.timedelta(days=rng.uniform(-PAST_DAYS, FUTURE_DAYS))
                    for _ in range(count))
    organisers = [rng.choice(organisations) for _ in starts]

    def events():
        for i, start in enumerate(starts):
            past = start + datetime.timedelta(hours=2) < now
            yield Event(
                slug=f"{EVENT_PREFIX}{i + 1}",
                title={"pl": pl.title(3).capitalize(), "uk": uk.title(3).capitalize(),
                       "en": en.title(3).capitalize()},
                description={"pl": pl.text(2), "uk": uk.text(1), "en": en.text(1)},
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                status=Event.Status.HELD if past else Event.Status.REGISTRATION_OPEN,
                capacity=rng.choice([None, 60, 100]),
            )

    made = world.bulk("meetings", Event, events(), count)
    ids = list(Event.objects.filter(slug__startswith=EVENT_PREFIX).order_by("starts_at", "pk")
               .values_list("pk", "ends_at"))
    world.ids["events"] = [pk for pk, _end in ids]
    world.ids["event-organisers"] = organisers
    through = Event.organisers.through
    through.objects.bulk_create([through(event_id=pk, organisation_id=organisers[i])
                                 for i, (pk, _end) in enumerate(ids)])
    # A few organisations come again and again, most now and then (as at real meetings).
    regulars = organisations[: max(1, len(organisations) // 20)]
    R = Registration.Status

    def registrations():
        person = 0
        for pk, ends_at in ids:
            for _ in range(rng.randint(*REGISTRATIONS)):
                person += 1
                org = rng.choice(regulars) if rng.random() < 0.4 else rng.choice(organisations)
                roll = rng.random()
                if ends_at < now:
                    status = (R.ATTENDED if roll < 0.7 else R.CONFIRMED if roll < 0.9
                              else R.CANCELLED if roll < 0.95 else R.WAITLISTED)
                else:
                    status = R.CONFIRMED if roll < 0.9 else R.WAITLISTED
                yield Registration(
                    event_id=pk, name=f"Osoba {person}", email=f"osoba{person}@example.org",
                    organisation_name=names.get(org, "") if rng.random() < 0.85 else "",
                    language=rng.choice(("pl", "pl", "uk", "en")),
                    status=status, consent_given_at=now,
                    checked_in_at=ends_at if status == R.ATTENDED else None,
                )

    made += world.bulk("registrations", Registration, registrations(),
                       count * sum(REGISTRATIONS) // 2)
    return made + len(ids)
