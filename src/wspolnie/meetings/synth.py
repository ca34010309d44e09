"""Synthetic meetings (see wspolnie.core.synthetic): one a month for every 25 organisations'
worth of city, over the last two years and the next two months, each organised by one
organisation, with registrations from people of other organisations — most of whom came
(checked in) — so that the coordinator dashboard's attendance and first-time/returning figures
have something to count at city scale."""

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


def build(world: World) -> int:
    rng = world.rng("meetings")
    organisations = world.ids.get("organisations", [])
    if not organisations:
        return 0
    # Meetings of an earlier run whose organisations were removed would clash by slug.
    Event.objects.filter(slug__startswith=EVENT_PREFIX).delete()
    names = dict(Organisation.objects.filter(pk__in=organisations).values_list("pk", "name"))
    pl = world.words("pl")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    count = max(4, len(organisations) // 25)
    starts = sorted(now + datetime.timedelta(days=rng.uniform(-PAST_DAYS, FUTURE_DAYS))
                    for _ in range(count))
    organisers = [rng.choice(organisations) for _ in starts]

    def events():
        for i, start in enumerate(starts):
            past = start + datetime.timedelta(hours=2) < now
            yield Event(
                slug=f"{EVENT_PREFIX}{i + 1}", title={"pl": pl.title(3).capitalize()},
                description={"pl": pl.text(2)}, starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                status=Event.Status.HELD if past else Event.Status.REGISTRATION_OPEN,
                capacity=rng.choice([None, 30, 60]),
            )

    made = world.bulk("meetings", Event, events(), count)
    ids = list(Event.objects.filter(slug__startswith=EVENT_PREFIX).order_by("starts_at", "pk")
               .values_list("pk", "ends_at"))
    through = Event.organisers.through
    through.objects.bulk_create([through(event_id=pk, organisation_id=organisers[i])
                                 for i, (pk, _end) in enumerate(ids)])
    # A few organisations come again and again, most now and then (as at real meetings).
    regulars = organisations[: max(1, len(organisations) // 20)]
    R = Registration.Status

    def registrations():
        person = 0
        for pk, ends_at in ids:
            for _ in range(rng.randint(10, 40)):
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
                    status=status, consent_given_at=now,
                    checked_in_at=ends_at if status == R.ATTENDED else None,
                )

    made += world.bulk("registrations", Registration, registrations(), count * 25)
    return made + len(ids)
