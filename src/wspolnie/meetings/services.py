"""State changes of meetings and registrations. Every one takes the acting user first, checks
permission and writes the audit log; mails go to the task queue after commit.

Never overselling a meeting
---------------------------
`do_register` (and every other change that moves people on or off seats) runs inside one
`transaction.atomic()` block that first locks the meeting's row and only then counts the seats
and inserts the registration:

- PostgreSQL: `select_for_update()` on the event row. A second registration for the same
  meeting waits on that row lock until the first transaction commits, then counts again and
  sees the first one. (The pretix approach.)
- SQLite: `select_for_update()` is a no-op, but the project opens every transaction with
  `BEGIN IMMEDIATE` (settings: `transaction_mode="IMMEDIATE"`), which takes the database's
  write lock when the atomic block starts, before the count. Writers are serialised for the
  whole count-then-insert, so the same holds. Readers (WAL) are not blocked.

The partial unique constraint (one active registration per e-mail per event) is the backstop
against duplicates; tests/meetings/test_concurrency.py fires concurrent requests at a live
server to prove both.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit, versions
from wspolnie.core.mail import queue_mail, queue_templated_mail
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Membership
from wspolnie.webhooks.services import event_is_public, notify_event

from .mail import ERASED_EMAIL_DOMAIN, queue_registration_mail
from .models import (
    AgendaItem,
    Event,
    ParticipantMessage,
    Question,
    Registration,
    Series,
    SeriesCoOrganiser,
    Theme,
    new_ticket_secret,
    new_token,
)
from .permissions import (
    can_manage_event,
    can_organise_for,
    owns_registration,
    registrations_of,
)
from .tasks import send_event_reminders
from .tickets import TicketError, registration_for

for _code, _label in {
    "meetings.event_created": gettext_lazy("Meeting created"),
    "meetings.event_updated": gettext_lazy("Meeting changed"),
    "meetings.event_status": gettext_lazy("Meeting status changed"),
    "meetings.event_cancelled": gettext_lazy("Meeting cancelled"),
    "meetings.report_saved": gettext_lazy("Meeting report saved"),
    "meetings.registered": gettext_lazy("Registered for a meeting"),
    "meetings.registration_updated": gettext_lazy("Registration changed"),
    "meetings.registration_cancelled": gettext_lazy("Registration cancelled"),
    "meetings.registration_promoted": gettext_lazy("Moved from the waiting list to a seat"),
    "meetings.checked_in": gettext_lazy("Checked in at a meeting"),
    "meetings.check_in_undone": gettext_lazy("Check-in undone"),
    "meetings.message_sent": gettext_lazy("Message sent to registrants"),
}.items():
    audit.register_action(_code, _label)

S = Event.Status
R = Registration.Status

#: Which status may follow which (cancelled is possible from every state but itself).
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SAVE_THE_DATE, S.AGENDA, S.REGISTRATION_OPEN},
    S.SAVE_THE_DATE: {S.AGENDA, S.REGISTRATION_OPEN, S.DRAFT},
    S.AGENDA: {S.REGISTRATION_OPEN, S.SAVE_THE_DATE},
    S.REGISTRATION_OPEN: {S.REGISTRATION_CLOSED, S.HELD},
    S.REGISTRATION_CLOSED: {S.REGISTRATION_OPEN, S.HELD},
    S.HELD: {S.REPORT_PUBLISHED},
    S.REPORT_PUBLISHED: {S.HELD},
    S.CANCELLED: set(),
}


class RegistrationError(Exception):
    """A registration that cannot be made or changed, with a message for the person."""

    def __init__(self, message: str, code: str, field_errors: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field_errors = field_errors or {}


@dataclass
class RegistrationData:
    name: str
    email: str
    organisation_name: str = ""
    language: str = "pl"
    answers: dict | None = None
    consent: bool = False
    share_contact: bool = False


def _lock(event: Event) -> Event:
    """The meeting's row, locked until the end of the transaction (see the module doc)."""
    return Event.objects.select_for_update().get(pk=event.pk)


# --- answers ---------------------------------------------------------------------------------


def clean_answers(event: Event, raw: dict) -> dict[str, object]:
    """{question id (str): value} checked against the event's questions. Raises ValidationError
    with {field name: message} for missing required answers and invalid choices."""
    raw = raw or {}
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for question in event.questions.all():
        key = str(question.pk)
        value = raw.get(key, raw.get(question.field_name))
        allowed = {choice["value"] for choice in question.choices}
        if question.kind == Question.Kind.TEXT:
            value = (value or "").strip() if isinstance(value, str) else ""
            if len(value) > 2000:
                errors[question.field_name] = _("Please keep the answer under 2000 characters.")
                continue
            empty = not value
        elif question.kind == Question.Kind.YES_NO:
            if value in (None, ""):
                value, empty = None, True
            elif isinstance(value, bool):
                empty = False
            elif str(value).lower() in ("true", "yes", "1", "on"):
                value, empty = True, False
            elif str(value).lower() in ("false", "no", "0"):
                value, empty = False, False
            else:
                errors[question.field_name] = _("Please answer yes or no.")
                continue
        elif question.kind == Question.Kind.CHOICE:
            value = value if isinstance(value, str) else ""
            if value and value not in allowed:
                errors[question.field_name] = _("Please pick one of the choices.")
                continue
            empty = not value
        else:
            if isinstance(value, str):
                value = [value] if value else []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[question.field_name] = _("Please pick from the choices.")
                continue
            if set(value) - allowed:
                errors[question.field_name] = _("Please pick from the choices.")
                continue
            empty = not value
        if empty and question.required:
            errors[question.field_name] = _("Please answer this question.")
            continue
        if not empty:
            cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_registration_data(event: Event, data: RegistrationData) -> RegistrationData:
    errors: dict[str, str] = {}
    name = (data.name or "").strip()
    email = (data.email or "").strip().lower()
    if not name:
        errors["name"] = _("Please give your name.")
    elif len(name) > 150:
        errors["name"] = _("Please keep your name under 150 characters.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Please give a valid e-mail address, like name@example.org.")
    if len(data.organisation_name or "") > 200:
        errors["organisation_name"] = _("Please keep the name under 200 characters.")
    if data.language not in {code for code, _name in Registration._meta.get_field(
            "language").choices}:
        errors["language"] = _("Please pick one of the languages.")
    if event.consent_text and not data.consent:
        errors["consent"] = _("Registration needs your consent.")
    try:
        answers = clean_answers(event, data.answers or {})
    except ValidationError as error:
        errors.update({key: messages[0] for key, messages in error.message_dict.items()})
        answers = {}
    if errors:
        raise RegistrationError(
            _("Please correct the marked fields."), "invalid", field_errors=errors
        )
    return RegistrationData(
        name=name, email=email, organisation_name=(data.organisation_name or "").strip(),
        language=data.language, answers=answers, consent=data.consent,
        share_contact=data.share_contact,
    )


# --- registration ----------------------------------------------------------------------------


def _duplicate_error() -> RegistrationError:
    return RegistrationError(
        _("This e-mail address is already registered for this meeting. Use the link in the "
          "confirmation mail to change or cancel the registration."),
        "duplicate",
        field_errors={"email": _("This e-mail address is already registered.")},
    )


def not_approved_error() -> RegistrationError:
    return RegistrationError(
        _("This meeting takes no registrations yet: its organiser is waiting for approval by "
          "the hub's staff."),
        "not_approved",
    )


def check_registration_rate(client_address: str) -> None:
    """Count one registration from this client address; RegistrationError ("rate_limited")
    after MEETING_REGISTRATIONS_PER_HOUR within the last hour (the hub's shared counter;
    0: no limit, e.g. for a registration-rush benchmark from one address)."""
    from wspolnie.newsletter.subscriptions import count_attempt, keyed_hash

    if not settings.MEETING_REGISTRATIONS_PER_HOUR:
        return
    key = keyed_hash("meeting-registration:client", client_address or "unknown")
    if not count_attempt([(key, settings.MEETING_REGISTRATIONS_PER_HOUR)]):
        raise RegistrationError(_("Many registrations have come from your network in a short "
                                  "time. Please wait a while and try again."), "rate_limited")


def do_register(actor, event: Event, data: RegistrationData,
                client_address: str | None = None) -> Registration:
    """Register a person: a seat if there is one, else the waiting list, else an error.
    With `client_address` (the public form and the API), counted against the hourly limit
    per client first."""
    if client_address is not None:
        check_registration_rate(client_address)
    try:
        with transaction.atomic():
            locked = _lock(event)
            if not locked.registration_is_open:
                raise RegistrationError(_("Registration for this meeting is closed."), "closed")
            if not Event.objects.is_of_approved_organisation(locked):
                raise not_approved_error()
            data = _clean_registration_data(locked, data)
            if locked.registrations.filter(email=data.email, status__in=R_ACTIVE).exists():
                raise _duplicate_error()
            if locked.capacity is None or locked.taken_seats() < locked.capacity:
                status = R.CONFIRMED
            elif locked.waitlist:
                status = R.WAITLISTED
            else:
                raise RegistrationError(
                    _("Sorry, this meeting is full and has no waiting list."), "full"
                )
            registration = Registration.objects.create(
                event=locked,
                name=data.name,
                email=data.email,
                organisation_name=data.organisation_name,
                language=data.language,
                answers=data.answers,
                consent_given_at=timezone.now() if data.consent else None,
                share_contact=data.share_contact,
                status=status,
                user=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(actor, "meetings.registered", registration,
                         {"status": [None, status]})
            queue_registration_mail(
                "confirmed" if status == R.CONFIRMED else "waitlisted", registration, locked
            )
            return registration
    except IntegrityError:
        # The unique constraint caught a duplicate the check above could not see.
        raise _duplicate_error() from None


R_ACTIVE = Registration.ACTIVE


def _check_token_or_organiser(actor, registration: Registration, token: str | None) -> None:
    if token is not None and secrets.compare_digest(token, registration.token):
        return
    if can_manage_event(actor, registration.event):
        return
    # Signed in with the account the registration belongs to ("My registrations").
    if owns_registration(actor, registration):
        return
    raise PermissionDenied


def do_update_registration(
    actor, registration: Registration, data: RegistrationData, *, token: str | None = None
) -> Registration:
    """Change name, organisation, mail language and answers (not the e-mail address)."""
    _check_token_or_organiser(actor, registration, token)
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == R.CANCELLED:
            raise RegistrationError(_("This registration is cancelled."), "cancelled")
        data.email = registration.email
        if registration.consent_given_at:
            data.consent = True
        data = _clean_registration_data(event, data)
        fields = ["name", "organisation_name", "language", "answers", "share_contact"]
        before = audit.snapshot(registration, fields)
        registration.name = data.name
        registration.organisation_name = data.organisation_name
        registration.language = data.language
        registration.answers = data.answers
        registration.share_contact = data.share_contact
        registration.save()
        changes = audit.diff_fields(before, audit.snapshot(registration, fields))
        if changes:
            audit.record(actor, "meetings.registration_updated", registration, changes)
        return registration


def do_cancel_registration(
    actor, registration: Registration, *, token: str | None = None
) -> Registration:
    """Cancel (idempotent); a freed seat goes to the first person on the waiting list."""
    _check_token_or_organiser(actor, registration, token)
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == R.CANCELLED:
            return registration
        if event.is_past:
            raise RegistrationError(
                _("This meeting is over: the registration cannot be cancelled any more."),
                "over",
            )
        before = registration.status
        registration.status = R.CANCELLED
        registration.save(update_fields=["status", "updated"])
        audit.record(actor, "meetings.registration_cancelled", registration,
                     {"status": [before, R.CANCELLED]})
        queue_registration_mail("cancelled", registration, event)
        _promote_waitlisted(actor, event)
        return registration


audit.register_action("meetings.registration_erased", gettext_lazy("Registration erased"))


#: What erasure leaves of the participant-list profile (see exchange.py): nothing.
ERASED_SHARING = {
    "on_participant_list": False, "shared_fields": [], "share_until": None, "role": "",
    "phone": "", "spoken_languages": "", "can_help_with": "", "looking_for": "",
}


def _shred(registrations: list[Registration]) -> None:
    """Keep of each registration only what the organisers' counts need (status, consent
    time, check-in, dates): name, organisation, answers and e-mail go (the address becomes a
    unique one on the reserved .invalid domain, which nothing is mailed to) and the token
    and the ticket secret change, so the old link opens nothing and the old ticket checks
    nobody in. The pretix "shredder" idea: the row stays, counted, anonymous."""
    for registration in registrations:
        Registration.objects.filter(pk=registration.pk).update(
            name="", organisation_name="", answers={}, share_contact=False, user=None,
            **ERASED_SHARING,
            email=f"registration-{registration.pk}@{ERASED_EMAIL_DOMAIN}", token=new_token(),
            ticket_secret=new_ticket_secret(),
        )
    ids = [registration.pk for registration in registrations]
    ParticipantMessage.objects.filter(
        models.Q(sender_id__in=ids) | models.Q(recipient_id__in=ids)).update(
        subject="", body="")
    # Entries written before the log named people by id (the data migration rewrote them;
    # this keeps an erasure complete whatever a future writer forgets).
    for entry in AuditEntry.objects.filter(
        object_type=Registration._meta.label_lower,
        object_id__in=[str(registration.pk) for registration in registrations],
    ):
        entry.object_repr = audit.describe(Registration(pk=int(entry.object_id)))
        entry.changes = audit.scrub(Registration, entry.changes or {})
        entry.save(update_fields=["object_repr", "changes"])


def _release_seat(actor, registration: Registration, token: str | None = None) -> None:
    """Cancel an active registration for a meeting still to come (its seat goes to the
    waiting list, the person's calendar gets the CANCEL)."""
    event = registration.event
    if registration.is_active and not event.is_past and not event.is_cancelled:
        do_cancel_registration(actor, registration, token=token)


def can_erase_registration(actor, registration: Registration, token: str | None = None) -> bool:
    """The person registered (the link from the mail, or signed in with the account it
    belongs to) and staff (on the person's request). Not the organisers: the person decides."""
    if token is not None and secrets.compare_digest(token, registration.token):
        return True
    if getattr(actor, "is_staff", False) and actor.is_active:
        return True
    return owns_registration(actor, registration)


def do_erase_registration(
    actor, registration: Registration, *, token: str | None = None
) -> Registration:
    """Erase one registration's personal data for good (see _shred). For a meeting still to
    come it is cancelled first. The audit log records it by id. Idempotent."""
    if not can_erase_registration(actor, registration, token):
        raise PermissionDenied
    if registration.is_erased:
        return registration
    with transaction.atomic():
        _release_seat(actor, registration, token)
        _shred([registration])
        audit.record(actor, "meetings.registration_erased", registration)
    registration.refresh_from_db()
    return registration


def do_erase_registrations_of(actor) -> int:
    """The person deletes their account: cancel their registrations for meetings still to
    come (each freed seat goes to the waiting list, and they get the usual cancellation with
    the calendar CANCEL, so their calendar drops the meeting), then erase every registration
    (see _shred). Returns how many registrations were erased."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    registrations = list(registrations_of(actor).select_related("event"))
    for registration in registrations:
        _release_seat(actor, registration)
    with transaction.atomic():
        _shred(registrations)
    return len(registrations)


def _promote_waitlisted(actor, event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served. The caller holds the
    event lock."""
    promoted = []
    if event.is_cancelled or event.is_past:
        return promoted
    while event.capacity is None or event.taken_seats() < event.capacity:
        waiting = event.registrations.filter(status=R.WAITLISTED).order_by("created", "id").first()
        if waiting is None:
            break
        waiting.status = R.CONFIRMED
        waiting.save(update_fields=["status", "updated"])
        audit.record(actor, "meetings.registration_promoted", waiting,
                     {"status": [R.WAITLISTED, R.CONFIRMED]})
        queue_registration_mail("promoted", waiting, event)
        promoted.append(waiting)
    return promoted


# --- organisers: meetings --------------------------------------------------------------------

EVENT_FIELDS = [
    "series", "number", "title", "theme", "description", "format", "venue_name",
    "venue_address", "latitude", "longitude", "accessibility_notes", "online_link", "starts_at",
    "ends_at", "timezone",
    "moderators", "languages", "capacity", "waitlist", "consent_text", "reminder_hours",
]
#: Changes that registrants' calendars must learn about (SEQUENCE bump + "changed" mail).
CALENDAR_FIELDS = ["title", "starts_at", "ends_at", "venue_name", "venue_address",
                   "online_link", "format", "timezone"]


def do_create_event(actor, organisations, slug: str, **values) -> Event:
    organisations = list(organisations)
    if not organisations or not all(can_organise_for(actor, org) for org in organisations):
        raise PermissionDenied
    unknown = set(values) - set(EVENT_FIELDS) - {"status"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        event = Event(slug=slug, **values)
        event.full_clean()
        event.save()
        event.organisers.set(organisations)
        audit.record(actor, "meetings.event_created", event)
        schedule_reminders(event)
        notify_event(event, was_public=False)
        return event


def do_update_event(actor, event: Event, **values) -> Event:
    if not can_manage_event(actor, event):
        raise PermissionDenied
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        event = _lock(event)
        was_public = event_is_public(event)
        before = audit.snapshot(event, list(values))
        for name, value in values.items():
            setattr(event, name, value)
        event.full_clean()
        changes = audit.diff_fields(before, audit.snapshot(event, list(values)))
        calendar_changed = bool(set(changes) & set(CALENDAR_FIELDS))
        if calendar_changed:
            event.sequence += 1
        event.save()
        if changes:
            audit.record(actor, "meetings.event_updated", event, changes)
            notify_event(event, was_public=was_public)
        if {"starts_at", "reminder_hours"} & set(changes):
            schedule_reminders(event)
        if calendar_changed and event.status not in (S.DRAFT, S.CANCELLED):
            for registration in event.registrations.filter(status__in=R_ACTIVE):
                queue_registration_mail("updated", registration, event)
        if "capacity" in changes or "waitlist" in changes:
            _promote_waitlisted(actor, event)
        return event


def do_change_status(actor, event: Event, status: str) -> Event:
    if not can_manage_event(actor, event):
        raise PermissionDenied
    if status == S.CANCELLED:
        return do_cancel_event(actor, event)
    with transaction.atomic():
        event = _lock(event)
        if status not in TRANSITIONS.get(event.status, set()):
            raise ValidationError(
                _("A meeting cannot go from “%(old)s” to “%(new)s”."),
                params={"old": event.get_status_display(), "new": S(status).label},
            )
        if status in (S.HELD, S.REPORT_PUBLISHED) and event.starts_at > timezone.now():
            raise ValidationError(_("The meeting has not started yet."))
        before = event.status
        was_public = event_is_public(event)
        event.status = status
        event.save(update_fields=["status", "updated"])
        audit.record(actor, "meetings.event_status", event, {"status": [before, status]})
        notify_event(event, was_public=was_public)
        if status == S.REGISTRATION_OPEN:
            schedule_reminders(event)
        return event


def do_cancel_event(actor, event: Event) -> Event:
    """Call the meeting off; everybody registered gets a mail with METHOD:CANCEL."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = _lock(event)
        if event.status == S.CANCELLED:
            return event
        before = event.status
        event.status = S.CANCELLED
        event.sequence += 1
        event.save(update_fields=["status", "sequence", "updated"])
        audit.record(actor, "meetings.event_cancelled", event, {"status": [before, S.CANCELLED]})
        notify_event(event, was_public=before != S.DRAFT)
        for registration in event.registrations.filter(status__in=R_ACTIVE):
            queue_registration_mail("event_cancelled", registration, event)
        return event


def do_save_report(actor, event: Event, report: dict, links: list[str],
                   publish: bool) -> Event:
    if not can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = _lock(event)
        if event.starts_at > timezone.now():
            raise ValidationError(_("The report can be written once the meeting has started."))
        if event.is_cancelled:
            raise ValidationError(_("This meeting was cancelled."))
        before = audit.snapshot(event, ["report", "report_links", "status"])
        event.report = report
        event.report_links = links
        if publish:
            event.status = S.REPORT_PUBLISHED
        elif event.status == S.REPORT_PUBLISHED or event.status != S.HELD:
            event.status = S.HELD
        event.full_clean()
        event.save()
        after = audit.snapshot(event, ["report", "report_links", "status"])
        audit.record(actor, "meetings.report_saved", event, audit.diff_fields(before, after))
        notify_event(event)
        return event


# --- organisers: registrations ---------------------------------------------------------------


def do_check_in(actor, registration: Registration, attended: bool = True) -> Registration:
    if not can_manage_event(actor, registration.event):
        raise PermissionDenied
    with transaction.atomic():
        _lock(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == R.CANCELLED:
            raise RegistrationError(_("This registration is cancelled."), "cancelled")
        before = registration.status
        if attended:
            registration.status = R.ATTENDED
            registration.checked_in_at = registration.checked_in_at or timezone.now()
            action = "meetings.checked_in"
        else:
            registration.status = R.CONFIRMED
            registration.checked_in_at = None
            action = "meetings.check_in_undone"
        registration.save(update_fields=["status", "checked_in_at", "updated"])
        if before != registration.status:
            audit.record(actor, action, registration, {"status": [before, registration.status]})
        return registration


@dataclass
class TicketCheckIn:
    """What a scanned ticket did: checked the person in, or found them checked in already."""

    registration: Registration
    already: bool

    @property
    def message(self) -> str:
        if self.already:
            at = timezone.localtime(self.registration.checked_in_at, self.registration.event.zone)
            return _("Already checked in at %(time)s.") % {"time": at.strftime("%H:%M")}
        return _("%(name)s is checked in.") % {"name": self.registration.name}


def do_check_in_ticket(actor, event: Event, code: str) -> TicketCheckIn:
    """Check in the holder of a ticket (tickets.py) at `event`. Idempotent: a ticket scanned
    again, or by two phones at the same moment, checks the person in once — the UPDATE only
    claims a row that nobody checked in yet (the database decides, no lock on the meeting),
    and every later scan is told when they came. Raises TicketError for a ticket that admits
    nobody here (forged, another meeting's, erased, cancelled)."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    registration = registration_for(event, code)
    with transaction.atomic():
        now = timezone.now()
        claimed = (
            Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True)
            .exclude(status=R.CANCELLED)
            .update(status=R.ATTENDED, checked_in_at=now, updated=now)
        )
        before = registration.status
        registration.refresh_from_db()
        if claimed:
            # (an UPDATE: no signal) someone from the waiting list may now hold a seat
            versions.bump(versions.PAGES)
            audit.record(actor, "meetings.checked_in", registration,
                         {"status": [before, R.ATTENDED]})
            return TicketCheckIn(registration, already=False)
    if registration.status == R.CANCELLED:
        raise TicketError(_("This registration is cancelled."), "cancelled")
    return TicketCheckIn(registration, already=True)


def check_in_counts(event: Event) -> dict[str, int]:
    """How many came, of how many holding a seat (the check-in page's and the API's count)."""
    return event.registrations.aggregate(
        attended=models.Count("pk", filter=models.Q(status=R.ATTENDED)),
        expected=models.Count("pk", filter=models.Q(status__in=Registration.HOLDING_A_SEAT)),
    )


def do_message_registrants(actor, event: Event, subject: str, body: str,
                           statuses: list[str]) -> int:
    """Mail everybody registered (in the chosen statuses). Returns how many were queued."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    statuses = [status for status in statuses if status in R_ACTIVE]
    recipients = list(
        event.registrations.filter(status__in=statuses)
        .exclude(email__endswith="@" + ERASED_EMAIL_DOMAIN)
        .values_list("email", flat=True)
    )
    footer = "\n\n-- \n" + event.title_text + "\n" + event.get_absolute_url()
    with transaction.atomic():
        for email in recipients:
            queue_mail(to=email, subject=subject, body=body + footer)
        audit.record(actor, "meetings.message_sent", event,
                     {"subject": [None, subject], "recipients": [None, len(recipients)]})
    return len(recipients)


# --- reminders -------------------------------------------------------------------------------


def schedule_reminders(event: Event) -> None:
    """Queue the reminder task to run `reminder_hours` before the start (run_after). The
    task lives in the task queue's database table, so it survives restarts of the worker
    and of the site. Backends that cannot defer (the immediate backend) schedule nothing."""
    if event.reminder_hours == 0 or event.status in (S.DRAFT, S.CANCELLED):
        return
    now = timezone.now()
    if event.starts_at <= now:
        return
    task = send_event_reminders
    if not task.get_backend().supports_defer:
        return
    run_after = max(event.starts_at - dt.timedelta(hours=event.reminder_hours), now)
    event_id, starts_at = event.pk, event.starts_at.isoformat()
    transaction.on_commit(
        lambda: task.using(run_after=run_after).enqueue(event_id=event_id, starts_at=starts_at)
    )


def send_reminders(event_id: int, starts_at: str) -> int:
    """The body of the reminder task: see tasks.send_event_reminders."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.status in (S.DRAFT, S.CANCELLED):
        return 0
    expected = dt.datetime.fromisoformat(starts_at)
    if event.starts_at != expected or event.starts_at <= timezone.now():
        return 0  # moved (a new reminder was scheduled) or over
    sent = 0
    for registration in event.registrations.filter(status__in=Registration.HOLDING_A_SEAT):
        with transaction.atomic():
            # Claim the reminder first: a second run of the task finds nothing to claim.
            claimed = (
                Registration.objects.filter(pk=registration.pk)
                .exclude(reminder_sent_for=event.starts_at)
                .update(reminder_sent_for=event.starts_at)
            )
            if claimed:
                queue_registration_mail("reminder", registration, event)
                sent += 1
    return sent


# --- organisers: agenda and registration questions -------------------------------------------

audit.register_action("meetings.agenda_saved", gettext_lazy("Agenda changed"))
audit.register_action("meetings.questions_saved", gettext_lazy("Registration questions changed"))


def do_set_agenda(actor, event: Event, items: list[dict]) -> list[AgendaItem]:
    """Replace the agenda with `items` ({time, title, speakers, speaker_organisations}), in
    the given order."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = _lock(event)
        before = [item.title_text for item in event.agenda_items.all()]
        event.agenda_items.all().delete()
        created = []
        for position, values in enumerate(items):
            item = AgendaItem(event=event, position=position, time=values.get("time"),
                              title=values["title"], speakers=values.get("speakers", ""))
            item.full_clean()
            item.save()
            item.speaker_organisations.set(values.get("speaker_organisations") or [])
            created.append(item)
        audit.record(actor, "meetings.agenda_saved", event,
                     {"agenda": [before, [item.title_text for item in created]]})
        return created


def _choices_from_lines(lines: list[str], existing: list[dict]) -> list[dict]:
    """"pl | en | uk" lines → choices; a line whose first name is unchanged keeps its value,
    so the answers already given keep their meaning."""
    languages = list(settings.CONTENT_LANGUAGES)
    by_first_label = {
        (choice.get("label", {}).get(languages[0]) or "").strip(): choice["value"]
        for choice in existing
    }
    choices, used = [], set()
    for index, line in enumerate(lines):
        names = [name.strip() for name in line.split("|")]
        labels = {code: name for code, name in zip(languages, names, strict=False) if name}
        value = by_first_label.get(names[0]) or slugify(names[0])[:50] or f"choice-{index + 1}"
        while value in used:
            value = f"{value}-{index + 1}"
        used.add(value)
        choices.append({"value": value, "label": labels})
    return choices


def do_set_questions(actor, event: Event, questions: list[dict]) -> list[Question]:
    """Create, change, reorder and delete the registration questions. Each dict: id (None for
    a new one), label, kind, required, choice_lines, delete."""
    if not can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = _lock(event)
        existing = {question.pk: question for question in event.questions.all()}
        kept = []
        for values in questions:
            question = existing.get(values.get("id")) if values.get("id") else None
            if values.get("delete"):
                if question is not None:
                    question.delete()
                continue
            if question is None:
                question = Question(event=event)
            question.label = values["label"]
            question.kind = values["kind"]
            question.required = bool(values.get("required"))
            question.choices = _choices_from_lines(values.get("choice_lines") or [],
                                                   question.choices or [])
            question.position = len(kept)
            question.full_clean()
            question.save()
            kept.append(question)
        audit.record(actor, "meetings.questions_saved", event,
                     {"questions": [[q.label_text for q in existing.values()],
                                    [q.label_text for q in kept]]})
        return kept


# --- organisers: series ----------------------------------------------------------------------

audit.register_action("meetings.series_saved", gettext_lazy("Series of meetings saved"))


def can_edit_series(actor, series: Series) -> bool:
    return can_organise_for(actor, series.organiser)


def do_save_series(actor, series: Series | None, *, slug: str = "", title: dict,
                   description: dict, organiser, co_organisers, languages: list[str],
                   theme_lines: list[str]) -> Series:
    """Create (series=None) or change a series and its themes ("pl | en | uk" per line; a
    theme whose first name is unchanged keeps its identity, so its meetings keep it)."""
    if not can_organise_for(actor, organiser):
        raise PermissionDenied
    if series is not None and not can_edit_series(actor, series):
        raise PermissionDenied
    with transaction.atomic():
        created = series is None
        if created:
            series = Series(slug=slug)
        before = {} if created else audit.snapshot(series, ["title", "organiser"])
        series.title, series.description = title, description
        series.organiser, series.languages = organiser, languages
        series.full_clean()
        series.save()
        _name_co_organisers(actor, series, co_organisers)
        codes = list(settings.CONTENT_LANGUAGES)
        existing = {(theme.names.get(codes[0]) or "").strip(): theme
                    for theme in series.themes.all()}
        kept = []
        for position, line in enumerate(theme_lines):
            names = [name.strip() for name in line.split("|")]
            theme = existing.pop(names[0], None) or Theme(
                series=series, slug=_unique_theme_slug(series, names[0], position))
            theme.names = {code: name for code, name in zip(codes, names, strict=False) if name}
            theme.position = position
            theme.save()
            kept.append(theme)
        for theme in existing.values():
            theme.delete()  # its meetings keep their place, without a theme
        after = audit.snapshot(series, ["title", "organiser"])
        audit.record(actor, "meetings.series_saved", series,
                     {**audit.diff_fields(before, after),
                      "themes": [None, [theme.slug for theme in kept]]})
        return series


# --- co-organisers of a series: named by the organiser, confirmed by their own admins ---------

audit.register_action("meetings.co_organiser_named", gettext_lazy("Named as co-organiser"))
audit.register_action("meetings.co_organiser_removed",
                      gettext_lazy("No longer named as co-organiser"))
audit.register_action("meetings.co_organiser_confirmed",
                      gettext_lazy("Co-organisation confirmed"))
audit.register_action("meetings.co_organiser_declined", gettext_lazy("Co-organisation declined"))


def _name_co_organisers(actor, series: Series, organisations) -> None:
    """The series names exactly `organisations` (never its organiser) as co-organisers. A
    newly named one waits for its admins' confirmation, and they get a mail; one named
    before keeps its answer (a declined one is not asked again)."""
    wanted = {org.pk: org for org in organisations if org.pk != series.organiser_id}
    links = {link.organisation_id: link for link in series.co_organiser_links.all()}
    for pk, link in links.items():
        if pk not in wanted:
            link.delete()
            audit.record(actor, "meetings.co_organiser_removed", series,
                         {"co_organiser": [link.organisation.name, None]})
    for pk, organisation in wanted.items():
        if pk in links:
            continue
        link = SeriesCoOrganiser.objects.create(series=series, organisation=organisation)
        audit.record(actor, "meetings.co_organiser_named", series,
                     {"co_organiser": [None, organisation.name]})
        _mail_co_organiser_admins(link)


def _mail_co_organiser_admins(link: SeriesCoOrganiser) -> None:
    """Each admin of the named organisation, in their language, with the page to answer."""
    admins = link.organisation.memberships.filter(
        role=Membership.Role.ADMIN, user__is_active=True).select_related("user")
    context = {"link": link, "series": link.series, "organisation": link.organisation,
               "answer_url": settings.SITE_URL + reverse("meetings:co_organising"),
               "series_organiser": link.series.organiser}
    for membership in admins:
        queue_templated_mail("meetings/mail/co_organiser_named", to=membership.user.email,
                             context=context, language=membership.user.preferred_language)


def can_answer_co_organiser(actor, link: SeriesCoOrganiser) -> bool:
    """Only the named organisation's own admins consent for it (not the series' organiser,
    not its plain members, not the staff)."""
    return bool(
        actor.is_authenticated
        and Membership.objects.filter(user=actor, organisation_id=link.organisation_id,
                                      role=Membership.Role.ADMIN).exists()
    )


def co_organiser_links_for(actor):
    """The invitations of the organisations `actor` administers, waiting ones first."""
    if not actor.is_authenticated:
        return SeriesCoOrganiser.objects.none()
    return SeriesCoOrganiser.objects.filter(
        organisation__memberships__user=actor,
        organisation__memberships__role=Membership.Role.ADMIN,
    ).select_related("series", "series__organiser", "organisation").order_by(
        # pending < confirmed/declined alphabetically is not the wanted order: say it.
        models.Case(models.When(status=SeriesCoOrganiser.Status.PENDING, then=0), default=1),
        "-series__created", "organisation__name",
    ).distinct()


def do_answer_co_organiser(actor, link: SeriesCoOrganiser, *, confirm: bool) -> SeriesCoOrganiser:
    """Confirm or decline being a co-organiser (also later: a confirmed one may withdraw)."""
    if not can_answer_co_organiser(actor, link):
        raise PermissionDenied
    status = SeriesCoOrganiser.Status.CONFIRMED if confirm else SeriesCoOrganiser.Status.DECLINED
    with transaction.atomic():
        link = SeriesCoOrganiser.objects.select_for_update().get(pk=link.pk)
        if link.status == status:
            return link
        before = link.status
        link.status, link.answered_at = status, timezone.now()
        link.save(update_fields=["status", "answered_at"])
        audit.record(actor, f"meetings.co_organiser_{status}", link.series,
                     {"co_organiser": [link.organisation.name, link.organisation.name],
                      "status": [before, status]})
        return link


def _unique_theme_slug(series: Series, name: str, position: int) -> str:
    base = slugify(name)[:50] or f"theme-{position + 1}"
    slug, number = base, 1
    while series.themes.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
