"""From meetings to calendar entries (see ics.py): feeds, downloads and mail attachments."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from .ics import CalendarEntry, build_calendar
from .models import Event, Registration


def entry_for(event: Event, registration: Registration | None = None) -> CalendarEntry:
    """The calendar entry, in the current language. The online link only goes into a
    registrant's own entry (`registration` given), never into public feeds and downloads."""
    url = settings.SITE_URL + event.get_absolute_url()
    description = [event.description_text] if event.details_public else []
    location = event.location_text() if event.details_public else ""
    if registration is not None and event.is_online and event.online_link:
        location = ", ".join(part for part in [location, event.online_link] if part)
        description.append(
            translation.gettext("Video call: %(link)s") % {"link": event.online_link}
        )
    if registration is not None:
        description.append(
            translation.gettext("Your registration: %(link)s")
            % {"link": registration.management_url()}
        )
    description.append(url)
    organiser = event.organisers.order_by("name").first()
    return CalendarEntry(
        uid=event.uid,
        sequence=event.sequence,
        title=event.title_text,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        timezone=event.timezone,
        description="\n\n".join(part for part in description if part),
        location=location,
        url=url,
        cancelled=event.is_cancelled
        or (registration is not None and registration.status == Registration.Status.CANCELLED),
        organiser_name=organiser.name if organiser else "",
        organiser_email=_organiser_address(organiser),
        attendee_email=registration.email if registration else "",
        attendee_name=registration.name if registration else "",
        updated=event.updated,
    )


def _organiser_address(organiser) -> str:
    if organiser is not None and organiser.email:
        return organiser.email
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def event_ics(event: Event, registration: Registration | None = None,
              method: str | None = None) -> bytes:
    return build_calendar([entry_for(event, registration)], method=method)


def feed_ics(events, name: str, extra: list[CalendarEntry] | None = None) -> bytes:
    """A subscribable feed of `events`, with `extra` entries (events imported from members'
    calendars, wspolnie.calendars) in time order among them."""
    entries = [entry_for(event) for event in events] + list(extra or [])
    entries.sort(key=lambda entry: entry.starts_at)
    return build_calendar(entries, name=name)
