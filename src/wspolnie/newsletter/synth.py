"""Synthetic newsletter subscribers (see wspolnie.core.synthetic): five for every organisation
(50,000 at the benchmarks' 10,000), most of them confirmed, with one or two preferred languages
(Polish, Ukrainian, English) and, for half of them, one to three topics (no topics = every
topic). Tokens come from the section's random generator, so the same seed makes the same
links."""

from __future__ import annotations

from django.utils import timezone

from wspolnie.core.synthetic import World

from .models import Subscriber

ORDER = 80
SUBSCRIBERS_PER_ORGANISATION = 5
EMAIL_DOMAIN = "synth.example.org"
LANGUAGE_CHOICES = [["pl"], ["pl"], ["pl", "en"], ["uk"], ["uk", "pl"], ["en"], ["en", "pl"]]


def build(world: World) -> int:
    rng = world.rng("newsletter")
    total = len(world.ids.get("organisations", [])) * SUBSCRIBERS_PER_ORGANISATION
    now = timezone.now()
    # Subscribers of an earlier run whose organisations were removed would clash by address.
    Subscriber.objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()
    S = Subscriber.Status

    def subscribers():
        for index in range(total):
            roll = rng.random()
            status = S.CONFIRMED if roll < 0.85 else S.PENDING if roll < 0.95 else S.UNSUBSCRIBED
            yield Subscriber(
                email=f"czytelnik{index + 1}@{EMAIL_DOMAIN}",
                languages=list(rng.choice(LANGUAGE_CHOICES)),
                status=status,
                token=f"{rng.getrandbits(192):048x}",
                confirmed_at=now if status != S.PENDING else None,
                unsubscribed_at=now if status == S.UNSUBSCRIBED else None,
            )

    made = world.bulk("newsletter subscribers", Subscriber, subscribers(), total)
    ids = list(Subscriber.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
               .order_by("pk").values_list("pk", flat=True))
    with_topics = [pk for pk in ids if rng.random() < 0.5]
    made += world.many_to_many(Subscriber.topics.field, with_topics,
                               world.ids.get("topics", []), 1, 3, "subscriber-topics")
    return made
