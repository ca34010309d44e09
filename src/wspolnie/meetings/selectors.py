"""Read-only questions other apps ask about meetings."""

from __future__ import annotations

from itertools import combinations

from wspolnie.organisations.models import Membership, Organisation

from .models import Event, Registration


def co_attending_organisations(event: Event) -> list[tuple[int, int]]:
    """"Met at" ties for the network view: the pairs (smaller id, larger id) of approved
    organisations that both had someone at `event` (attended, or holding a seat of a meeting
    that has been held). An organisation counts through the signed-in registrants who belong
    to it. Only organisations come out, never who it was; a cancelled meeting has no ties."""
    if event.is_cancelled or not event.is_past:
        return []
    statuses = (
        [Registration.Status.ATTENDED]
        if event.registrations.filter(status=Registration.Status.ATTENDED).exists()
        else list(Registration.HOLDING_A_SEAT)
    )
    users = event.registrations.filter(status__in=statuses, user__isnull=False).values("user")
    organisation_ids = sorted(set(
        Membership.objects.filter(
            user__in=users, organisation__status=Organisation.Status.APPROVED,
        ).values_list("organisation_id", flat=True)
    ))
    return list(combinations(organisation_ids, 2))
