"""Mails to registrants, in their language, each with the meeting as an .ics attachment, put
into the outbox (wspolnie.core.mail: the task queue gets only the outbox row's id)."""

from __future__ import annotations

from django.utils import translation

from wspolnie.core.mail import attachment, queue_mail, render_subject, render_text

from .calendar import event_ics
from .models import Event, Registration
from .tickets import has_ticket, qr_png, ticket_code

#: Mail kind → METHOD of the attached calendar.
KINDS = {
    "confirmed": "REQUEST",
    "waitlisted": "REQUEST",
    "promoted": "REQUEST",
    "reminder": "REQUEST",
    "updated": "REQUEST",
    "cancelled": "CANCEL",
    "event_cancelled": "CANCEL",
}
#: The mails that carry the entrance ticket (its code in the text, its QR code attached).
TICKET_KINDS = {"confirmed", "promoted", "reminder"}
TICKET_FILENAME = "ticket.png"


def _with_ticket(kind: str, registration: Registration) -> bool:
    return kind in TICKET_KINDS and has_ticket(registration)


def render_mail(kind: str, registration: Registration, event: Event) -> tuple[str, str, str]:
    """(subject, body, ics) in the registrant's language."""
    method = KINDS[kind]
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "management_url": registration.management_url(),
            "show_online_link": (
                event.is_online and bool(event.online_link)
                and registration.status in Registration.HOLDING_A_SEAT
                and method == "REQUEST"
            ),
            "ticket_code": ticket_code(registration) if _with_ticket(kind, registration) else "",
            "ticket_filename": TICKET_FILENAME,
        }
        subject = render_subject(f"meetings/mail/{kind}_subject.txt", context)
        body = render_text(f"meetings/mail/{kind}_body.txt", context)
        ics = event_ics(event, registration, method=method).decode()
    return subject, body, ics


#: The address of a registration whose person deleted their account (see
#: services.do_erase_registrations_of): on the reserved .invalid domain, never mailed.
ERASED_EMAIL_DOMAIN = "erased.invalid"


def is_erased_address(email: str) -> bool:
    return email.endswith("@" + ERASED_EMAIL_DOMAIN)


def queue_registration_mail(kind: str, registration: Registration, event: Event) -> None:
    if is_erased_address(registration.email):
        return
    subject, body, ics = render_mail(kind, registration, event)
    attachments = ([attachment(TICKET_FILENAME, qr_png(registration), "image/png")]
                   if _with_ticket(kind, registration) else [])
    queue_mail(to=registration.email, subject=subject, body=body, ics=ics,
               ics_method=KINDS[kind], attachments=attachments)
