"""Demo newsletter subscribers: confirmed, in various languages and with various topics, all at
example.org (reserved for examples: nothing ever reaches a real person). Idempotent: keyed on
the address; topics the directory demo did not create are skipped."""

from __future__ import annotations

from typing import TextIO

from django.utils import timezone

from wspolnie.directory.models import Topic

from .models import ConsentRecord, Subscriber

DEMO_SUBSCRIBERS = [
    ("anna.nowak@example.org", ["pl"], []),
    ("olena.k@example.org", ["uk", "pl"], ["legal-aid", "work", "children-youth"]),
    ("nino.g@example.org", ["en", "pl"], ["education", "language-learning"]),
    ("mariia.s@example.org", ["uk"], ["housing", "health"]),
    ("community.leader@example.org", ["pl", "en", "uk"], ["culture", "volunteering"]),
    ("student.office@example.org", ["en"], ["education", "culture"]),
]


def load(stdout: TextIO | None = None) -> None:
    now = timezone.now()
    for email, languages, topic_slugs in DEMO_SUBSCRIBERS:
        subscriber, created = Subscriber.objects.update_or_create(
            email=email,
            defaults={
                "languages": languages,
                "status": Subscriber.Status.CONFIRMED,
                "confirmed_at": now,
                "confirmation_sent_at": now,
                "unsubscribed_at": None,
            },
        )
        subscriber.topics.set(Topic.objects.filter(slug__in=topic_slugs))
        if created:
            # A demo subscriber has a consent log like a real one.
            for action in (ConsentRecord.Action.SIGN_UP, ConsentRecord.Action.CONFIRM):
                ConsentRecord.objects.create(
                    subscriber=subscriber, email=email, action=action, source="demo data",
                    language=languages[0],
                    details={"languages": languages, "topics": sorted(topic_slugs)},
                )
    if stdout is not None:
        stdout.write(f"Newsletter: {len(DEMO_SUBSCRIBERS)} demo subscribers.\n")
