"""Test data for the newsletter (shared by the subscription and the fan-out tests)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import timezone

from wspolnie.directory.models import Topic
from wspolnie.newsletter.models import Subscriber


def make_subscriber(
    email: str,
    languages: Sequence[str] = ("pl",),
    topics: Iterable[Topic] = (),
    confirmed: bool = True,
) -> Subscriber:
    """A subscriber as the double opt-in would leave it: confirmed (default) or still pending.
    `topics` are Topic instances; none = every topic."""
    now = timezone.now()
    subscriber = Subscriber.objects.create(
        email=email.strip().lower(),
        languages=list(languages),
        status=Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
        confirmation_sent_at=now,
        confirmed_at=now if confirmed else None,
    )
    topics = list(topics)
    if topics:
        subscriber.topics.set(topics)
    return subscriber
