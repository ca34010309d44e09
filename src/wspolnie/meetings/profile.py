"""The "Meetings" block on an organisation's profile page: what it organises, with its
calendar feed."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection

from .models import Event
from .permissions import can_organise_for


def sections(request, organisation) -> list[ProfileSection]:
    events = Event.objects.public().filter(organisers=organisation)
    upcoming = list(events.upcoming().exclude(status=Event.Status.CANCELLED)[:5])
    past = list(events.past()[:5])
    can_organise = can_organise_for(request.user, organisation)
    if not (upcoming or past or can_organise):
        return []
    return [
        ProfileSection(
            template="meetings/profile_section.html",
            context={"upcoming": upcoming, "past": past, "organisation": organisation,
                     "can_organise": can_organise},
            order=70,
        )
    ]
