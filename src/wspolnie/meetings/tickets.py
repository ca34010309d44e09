"""Entrance tickets: the code in a registrant's QR code, and reading it back at the door.

A ticket code reads `W<meeting id>-<registration id>-<MAC>`, e.g. `W12-345-7K3M-Q9TX-2HBD-VR4N`.
The MAC is an HMAC (Django's `salted_hmac`: SECRET_KEY and a salt of its own) of both ids and
the registration's random `ticket_secret`, written as 16 Crockford base32 symbols (80 bits):
nobody makes or guesses one without the server's key and the secret, and erasing a
registration replaces the secret, so its old ticket stops working. The code names no person
(no name, no address): the QR code encodes exactly the code (QR alphanumeric mode), and
people without a camera type the code printed under it — case, spaces and the look-alikes
O/0, I/L/1 are forgiven.
"""

from __future__ import annotations

import html
import io
import re

import segno
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Event, Registration

SALT = "wspolnie.meetings.ticket"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
MAC_LENGTH = 16
#: Read leniently: what people mistype for what they see.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE = re.compile(r"^W(\d{1,18})-(\d{1,18})-([0-9A-Z]{16})$")  # 16: MAC_LENGTH
#: The longest input worth reading (a code with generous spacing); longer is not a ticket.
MAX_INPUT = 100


class TicketError(Exception):
    """A ticket that checks nobody in, with the message for the person at the door."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _mac(event_id: int, registration_id: int, secret: str) -> str:
    digest = salted_hmac(SALT, f"{event_id}:{registration_id}:{secret}",
                         algorithm="sha256").digest()
    number = int.from_bytes(digest, "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(MAC_LENGTH))


def ticket_code(registration: Registration) -> str:
    mac = _mac(registration.event_id, registration.pk, registration.ticket_secret)
    groups = "-".join(mac[i:i + 4] for i in range(0, MAC_LENGTH, 4))
    return f"W{registration.event_id}-{registration.pk}-{groups}"


def parse(text: str) -> tuple[int, int, str] | None:
    """(meeting id, registration id, MAC) of a code as scanned or typed, or None."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    compact = re.sub(r"[\s-]+", "-", text.strip()).upper()
    head, _sep, rest = compact.partition("-")
    number, _sep, mac = rest.partition("-")
    match = _CODE.match(f"{head}-{number}-{mac.replace('-', '').translate(_LOOK_ALIKES)}")
    if match is None:
        return None
    return int(match[1]), int(match[2]), match[3]


def registration_for(event: Event, text: str) -> Registration:
    """The registration a ticket scanned at `event` admits, or TicketError saying why not:
    not a valid ticket, one for another meeting, an erased or cancelled registration."""
    parsed = parse(text)
    invalid = TicketError(_("This ticket is not valid."), "invalid")
    if parsed is None:
        raise invalid
    event_id, registration_id, mac = parsed
    registration = (Registration.objects.select_related("event")
                    .filter(pk=registration_id, event_id=event_id).first())
    if registration is None:
        raise invalid
    if not constant_time_compare(mac, _mac(event_id, registration_id,
                                           registration.ticket_secret)):
        if registration.is_erased and registration.event_id == event.pk:
            raise TicketError(_("This registration was erased: its ticket is no longer valid."),
                              "erased")
        raise invalid
    if registration.event_id != event.pk:
        other = registration.event
        raise TicketError(
            _("This ticket is for another meeting: “%(title)s” on %(date)s.") % {
                "title": other.title_text,
                "date": date_format(other.local_start, "SHORT_DATE_FORMAT"),
            },
            "other_event",
        )
    if registration.status == Registration.Status.CANCELLED:
        raise TicketError(_("This registration is cancelled."), "cancelled")
    return registration


def has_ticket(registration: Registration) -> bool:
    """A seat at a meeting with a door: a confirmed (or checked-in) registration for a
    meeting in person or hybrid that is not cancelled."""
    event = registration.event
    return (registration.status in Registration.HOLDING_A_SEAT and event.has_venue
            and not event.is_cancelled and not registration.is_erased)


def _qr(registration: Registration) -> segno.QRCode:
    return segno.make(ticket_code(registration), error="m")


def qr_svg(registration: Registration) -> SafeString:
    """The ticket as an inline SVG QR code (no request, no style attribute: CSS sizes it)."""
    label = _("Your ticket's QR code: show it at the entrance")
    svg = _qr(registration).svg_inline(scale=1, omitsize=True, svgclass="ticket-qr",
                                       title=label)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (made by segno; the label is escaped)


def qr_png(registration: Registration) -> bytes:
    """The ticket as a PNG for the mail (big enough to scan from a phone's screen)."""
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
