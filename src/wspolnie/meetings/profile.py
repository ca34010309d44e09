"""The "Meetings" block on an organisation's profile page: what it organises, with its
calendar feed."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section

from .models import Event
from .permissions import can_organise_for


def sections(request, organisation) -> list[ProfileSection]:
    events = Event.objects.public().filter(organisers=organisation)
    upcoming = list(events.upcoming().exclude(status=Event.Status.CANCELLED)[:5])
    past = list(events.past()[:5])
    can_organise = can_organise_for(request.user, organisation)
    return profile_section(
        "meetings/profile_section.html", 70, shown=bool(upcoming or past or can_organise),
        upcoming=upcoming, past=past, organisation=organisation, can_organise=can_organise,
    )
