"""Who may write a meeting note: the admins of the meeting's organiser organisations (the
note is published in the name of one of them) and staff — the same people who manage the
meeting (meetings.permissions). Plain members may not: a note names contact persons."""

from __future__ import annotations

from wspolnie.core.owned.permissions import admins_and_staff
from wspolnie.meetings.models import Event
from wspolnie.meetings.permissions import can_manage_event
from wspolnie.organisations.models import Organisation

from .models import Note

can_post = admins_and_staff


def can_manage(user, note: Note) -> bool:
    return admins_and_staff(user, note.organisation) or can_manage_event(user, note.event)


def organisations_for_note(user, event: Event) -> list[Organisation]:
    """The event's organisers in whose name `user` may publish its note."""
    return [
        organisation for organisation in event.organisers.order_by("name")
        if can_post(user, organisation)
    ]
