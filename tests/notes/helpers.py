from __future__ import annotations

import datetime

from django.utils import timezone

from wspolnie.contacts.models import ContactPerson
from wspolnie.directory.models import Visibility
from wspolnie.meetings.models import Event
from wspolnie.notes.models import Note

STAFF_PHONE = "+48711234567"
STAFF_PHONE_SHOWN = "+48 71 123 45 67"
MEMBERS_EMAIL = "tylko.czlonkowie@example.org"


def make_event(organisers, slug: str = "spotkanie-pazdziernik", **values) -> Event:
    start = timezone.now() - datetime.timedelta(days=3)
    values.setdefault("status", Event.Status.HELD)
    event = Event.objects.create(
        slug=slug, title={"pl": "Wymiana wiedzy", "en": "Knowledge exchange"},
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), **values,
    )
    event.organisers.set(organisers)
    return event


def make_contact(organisation) -> ContactPerson:
    """Public name, e-mail for members, phone for staff only."""
    return ContactPerson.objects.create(
        organisation=organisation, name="Koordynatorka Ola",
        role={"pl": "Koordynacja spotkań"}, email=MEMBERS_EMAIL, phone=STAFF_PHONE,
        name_visibility=Visibility.PUBLIC, role_visibility=Visibility.PUBLIC,
        email_visibility=Visibility.MEMBERS, phone_visibility=Visibility.STAFF,
    )


def make_note(event, organisation, *, published: bool = True, contacts=(), **values) -> Note:
    values.setdefault("summary", {"pl": "Rozmawialiśmy o **kanałach**.",
                                  "uk": "Ми говорили про канали."})
    note = Note.objects.create(
        event=event, organisation=organisation,
        status=Note.Status.PUBLISHED if published else Note.Status.DRAFT,
        published_at=timezone.now() if published else None, **values,
    )
    note.contacts.set(contacts)
    return note
