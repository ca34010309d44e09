"""Contact exchange between the participants of a meeting, and the follow-up after it.

Who sees whom on the participant list
-------------------------------------
- A participant *takes part* by choosing "put me on the participant list"
  (`Registration.on_participant_list`) and, field by field, what to share
  (`shared_fields`), with whom (`share_audience`: the meeting's other participants, or all
  members of the hub) and until when (`share_until`).
- Taking part opens the list to the participant: they see the others who take part, each
  with only what that person shared. A person who takes part but shares no field is on the
  list without being shown to anybody: there is nothing of them to show, and even "somebody
  is there" is not told. (So a participant may look without giving: what they give is
  their own choice, field by field.)
- Members of the hub who are not taking part in this meeting's list see only the entries
  shared with "all members of the hub".
- Nobody else sees the list: not anonymous visitors, not the organisers (they have the
  registrations), not staff as staff (staff are members of the hub like any other).
- An entry counts only while `share_until` is in the future, for a registration holding a
  seat (confirmed or attended): every read (page, search, CSV, vCard, API, messages) goes
  through `listed_entries`, so an expired or withdrawn share is gone everywhere at once.

Every choice writes a `SharingConsent` row with the wording shown, in the language shown.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass, field

import tablib
import vobject
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.core.mail import queue_mail, render_subject, render_text
from wspolnie.directory.models import Visibility, viewer_level

from .mail import ERASED_EMAIL_DOMAIN, is_erased_address
from .models import (
    SHAREABLE_FIELDS,
    Event,
    EventFeedback,
    ParticipantMessage,
    Registration,
    ShareAudience,
    SharingConsent,
)
from .permissions import owns_registration, registrations_of

for _code, _label in {
    "meetings.sharing_changed": gettext_lazy("Participant list choice changed"),
    "meetings.sharing_withdrawn": gettext_lazy("Left the participant list"),
    "meetings.participant_message": gettext_lazy("Message sent to a participant"),
    "meetings.feedback_given": gettext_lazy("Feedback on a meeting given"),
}.items():
    audit.register_action(_code, _label)

#: How long a share lasts, in months (the choices of the form and the API).
SHARE_MONTHS = (1, 3, 6, 12)
#: A follow-up mail is sent for meetings that ended at most this long ago (so that turning
#: the feature on does not mail the participants of every past meeting).
FOLLOWUP_MAX_AGE = dt.timedelta(days=7)


def field_labels() -> dict[str, str]:
    """Shareable field → its label, in the current language, in list order."""
    return {
        "name": _("Full name"),
        "organisation_name": _("Organisation"),
        "role": _("Role"),
        "email": _("E-mail address"),
        "phone": _("Phone"),
        "spoken_languages": _("Languages"),
        "can_help_with": _("I can help with…"),
        "looking_for": _("I am looking for…"),
    }


def consent_wording(event: Event, fields: list[str], audience: str, on_list: bool,
                    until: dt.datetime | None) -> str:
    """The text of the choice as the person read it (in the active language): kept in the
    consent record."""
    if not on_list:
        return _("I do not want to be on the participant list of “%(event)s”.") % {
            "event": event.title_text}
    labels = field_labels()
    shared = ", ".join(str(labels[name]) for name in SHAREABLE_FIELDS if name in fields)
    return " ".join([
        str(sharing_explanation()),
        _("I agree to be on the participant list of “%(event)s”.") % {
            "event": event.title_text},
        _("Shared: %(fields)s.") % {"fields": shared or _("nothing")},
        _("Shown to: %(audience)s.") % {"audience": ShareAudience(audience).label},
        _("Until: %(date)s.") % {"date": date_format(timezone.localtime(until),
                                                      "DATETIME_FORMAT")} if until else "",
    ]).strip()


def sharing_explanation() -> str:
    return _(
        "Participants who put themselves on the list see each other, each person with only "
        "the fields they chose to share. You can change or withdraw your choice at any time "
        "from your registration page; a withdrawn or expired entry disappears at once."
    )


# --- the choice ------------------------------------------------------------------------------


@dataclass
class SharingChoice:
    on_list: bool
    fields: list[str] = field(default_factory=list)
    audience: str = ShareAudience.PARTICIPANTS
    months: int = 6
    role: str = ""
    phone: str = ""
    spoken_languages: str = ""
    can_help_with: str = ""
    looking_for: str = ""


PROFILE_FIELDS = ("role", "phone", "spoken_languages", "can_help_with", "looking_for")


def can_choose_sharing(actor, registration: Registration, token: str | None) -> bool:
    """Only the person: the link from the mail, or the account the registration belongs to.
    Not the organisers, not staff: sharing is the person's own decision."""
    if token is not None and secrets.compare_digest(token, registration.token):
        return True
    return owns_registration(actor, registration)


def do_set_sharing(actor, registration: Registration, choice: SharingChoice, *,
                   token: str | None = None, now: dt.datetime | None = None) -> Registration:
    """Record the participant-list choice (and the consent record with its wording).
    Raises ValidationError with field messages for bad input."""
    if not can_choose_sharing(actor, registration, token):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED or registration.is_erased:
            raise ValidationError(_("This registration is cancelled."))
        errors = {}
        if choice.audience not in ShareAudience.values:
            errors["audience"] = _("Please pick one of the choices.")
        if choice.months not in SHARE_MONTHS:
            errors["months"] = _("Please pick one of the choices.")
        if errors:
            raise ValidationError(errors)
        fields = [name for name in SHAREABLE_FIELDS if name in set(choice.fields)]
        unknown = set(choice.fields) - set(SHAREABLE_FIELDS)
        if unknown:
            raise ValidationError({"fields": _("“%(name)s” cannot be shared.")
                                   % {"name": sorted(unknown)[0]}})
        before = audit.snapshot(registration, ["on_participant_list", "shared_fields",
                                               "share_audience", "share_until"])
        for name in PROFILE_FIELDS:
            setattr(registration, name, (getattr(choice, name) or "").strip())
        registration.on_participant_list = choice.on_list
        registration.shared_fields = fields if choice.on_list else []
        registration.share_audience = choice.audience
        registration.share_until = (
            now + dt.timedelta(days=round(30.44 * choice.months)) if choice.on_list else None
        )
        registration.full_clean(exclude=["email"])
        registration.save()
        _consent_record(registration, now)
        after = audit.snapshot(registration, ["on_participant_list", "shared_fields",
                                              "share_audience", "share_until"])
        audit.record(actor, "meetings.sharing_changed", registration,
                     audit.diff_fields(before, after))
    return registration


def do_withdraw_sharing(actor, registration: Registration, *, token: str | None = None,
                        now: dt.datetime | None = None) -> Registration:
    """One click: off the list, nothing shared, effective everywhere at once. Idempotent."""
    if not can_choose_sharing(actor, registration, token):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.on_participant_list and not registration.shared_fields:
            return registration
        registration.on_participant_list = False
        registration.shared_fields = []
        registration.share_until = None
        registration.save(update_fields=["on_participant_list", "shared_fields",
                                         "share_until", "updated"])
        _consent_record(registration, now)
        audit.record(actor, "meetings.sharing_withdrawn", registration,
                     {"on_participant_list": [True, False]})
    return registration


def _consent_record(registration: Registration, now: dt.datetime) -> SharingConsent:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return SharingConsent.objects.create(
        registration=registration, at=now, language=language,
        shown_text=consent_wording(registration.event, registration.shared_fields,
                                   registration.share_audience,
                                   registration.on_participant_list, registration.share_until),
        on_participant_list=registration.on_participant_list,
        shared_fields=list(registration.shared_fields),
        share_audience=registration.share_audience if registration.on_participant_list else "",
        share_until=registration.share_until,
    )


def consent_dataset(consents) -> tablib.Dataset:
    """The consent records as a table (the person's export and staff's)."""
    data = tablib.Dataset(headers=[
        "registration", "meeting", "at", "language", "on_participant_list", "shared_fields",
        "share_audience", "share_until", "shown_text",
    ], title="consents")
    for consent in consents.select_related("registration__event"):
        data.append([
            consent.registration_id, consent.registration.event.slug, consent.at.isoformat(),
            consent.language, consent.on_participant_list, " ".join(consent.shared_fields),
            consent.share_audience,
            consent.share_until.isoformat() if consent.share_until else "",
            consent.shown_text,
        ])
    return data


# --- who may see the list, and what ---------------------------------------------------------


@dataclass
class Viewer:
    """Who looks at an event's participant list: their own (taking part) registration, if
    any, and the signed-in user."""

    event: Event
    registration: Registration | None
    user: object | None
    audiences: tuple[str, ...]

    @property
    def takes_part(self) -> bool:
        return self.registration is not None


def _takes_part(registration: Registration | None, now: dt.datetime) -> bool:
    return bool(
        registration is not None
        and registration.status in Registration.HOLDING_A_SEAT
        and registration.on_participant_list
        and registration.share_until is not None
        and registration.share_until > now
        and not registration.is_erased
    )


def viewer_for(event: Event, *, user=None, registration: Registration | None = None,
               now: dt.datetime | None = None) -> Viewer | None:
    """The viewer of `event`'s list, or None when they may not see it. `registration` is the
    one the management link opened; a signed-in user's own registration counts too."""
    now = now or timezone.now()
    if registration is not None:  # as it is now (a withdrawal elsewhere counts at once)
        registration = Registration.objects.filter(pk=registration.pk).first()
    if registration is None and user is not None and user.is_authenticated:
        registration = next(
            (own for own in registrations_of(user).filter(event=event)
             if _takes_part(own, now)), None)
    if registration is not None and registration.event_id == event.pk and _takes_part(
            registration, now):
        return Viewer(event, registration, user, tuple(ShareAudience.values))
    if user is not None and viewer_level(user) != Visibility.PUBLIC:
        return Viewer(event, None, user, (ShareAudience.MEMBERS,))
    return None


def listed_registrations(event: Event, audiences, now: dt.datetime | None = None):
    """The registrations shown on the list: taking part, sharing something, not expired."""
    now = now or timezone.now()
    return (
        event.registrations.filter(
            status__in=Registration.HOLDING_A_SEAT,
            on_participant_list=True,
            share_until__gt=now,
            share_audience__in=list(audiences),
        )
        .exclude(shared_fields=[])
        .exclude(email__endswith="@" + ERASED_EMAIL_DOMAIN)
        .order_by("created", "id")
    )


@dataclass
class Entry:
    """One person on the list: only what they shared (never anything else)."""

    pk: int
    values: dict[str, str]

    @property
    def label(self) -> str:
        return self.values.get("name") or _("A participant (name not shared)")

    def rows(self) -> list[tuple[str, str, str]]:
        labels = field_labels()
        return [(name, labels[name], self.values[name]) for name in SHAREABLE_FIELDS
                if name in self.values and name != "name"]

    def matches(self, query: str) -> bool:
        folded = query.casefold()
        return any(folded in value.casefold() for value in self.values.values())


def entry_of(registration: Registration) -> Entry:
    return Entry(registration.pk, {
        name: getattr(registration, name) for name in SHAREABLE_FIELDS
        if name in registration.shared_fields and getattr(registration, name)
    })


def listed_entries(viewer: Viewer, query: str = "",
                   now: dt.datetime | None = None) -> list[Entry]:
    """What `viewer` sees: the others' entries (never their own), searched only in what each
    person shared."""
    registrations = listed_registrations(viewer.event, viewer.audiences, now)
    if viewer.registration is not None:
        registrations = registrations.exclude(pk=viewer.registration.pk)
    entries = [entry for entry in map(entry_of, registrations) if entry.values]
    query = (query or "").strip()
    return [entry for entry in entries if entry.matches(query)] if query else entries


def entries_dataset(entries: list[Entry]) -> tablib.Dataset:
    labels = field_labels()
    data = tablib.Dataset(headers=[str(labels[name]) for name in SHAREABLE_FIELDS],
                          title="participants")
    for entry in entries:
        data.append([entry.values.get(name, "") for name in SHAREABLE_FIELDS])
    return data


def entries_vcards(entries: list[Entry]) -> str:
    """vCard 3.0 (vobject), one card per entry, with only the shared fields."""
    cards = []
    for entry in entries:
        card = vobject.vCard()
        card.add("fn").value = entry.label
        name = entry.values.get("name", "")
        card.add("n").value = vobject.vcard.Name(family="", given=name)
        if "organisation_name" in entry.values:
            card.add("org").value = [entry.values["organisation_name"]]
        if "role" in entry.values:
            card.add("title").value = entry.values["role"]
        if "email" in entry.values:
            email = card.add("email")
            email.value = entry.values["email"]
            email.type_param = "INTERNET"
        if "phone" in entry.values:
            card.add("tel").value = entry.values["phone"]
        notes = [f"{label}: {value}" for key, label, value in entry.rows()
                 if key in ("spoken_languages", "can_help_with", "looking_for")]
        if notes:
            card.add("note").value = "\n".join(notes)
        cards.append(card.serialize())
    return "".join(cards)


# --- one-off messages ---------------------------------------------------------------------


class RateLimited(ValidationError):
    pass


def _sender_filter(viewer: Viewer) -> Q:
    if viewer.registration is not None:
        return Q(sender=viewer.registration)
    return Q(sender_user=viewer.user)


def do_send_participant_message(viewer: Viewer, recipient_pk: int, subject: str, body: str,
                                now: dt.datetime | None = None) -> ParticipantMessage:
    """Mail one listed participant through the hub. The sender never learns an address the
    recipient did not share; the recipient gets the sender's address as Reply-To only if the
    sender shares it with them on this list. Rate-limited per sender
    (PARTICIPANT_MESSAGES_PER_HOUR) and logged (ParticipantMessage) for abuse reports."""
    now = now or timezone.now()
    recipient = listed_registrations(viewer.event, viewer.audiences, now).exclude(
        pk=getattr(viewer.registration, "pk", None)).filter(pk=recipient_pk).first()
    if recipient is None or not entry_of(recipient).values:
        raise PermissionDenied
    subject, body = (subject or "").strip(), (body or "").strip()
    message = ParticipantMessage(
        event=viewer.event, sender=viewer.registration,
        sender_user=viewer.user if getattr(viewer.user, "is_authenticated", False) else None,
        recipient=recipient, subject=subject, body=body, sent_at=now,
    )
    message.full_clean(exclude=["sender", "sender_user", "recipient", "event"])
    with transaction.atomic():
        recent = ParticipantMessage.objects.filter(
            _sender_filter(viewer), sent_at__gt=now - dt.timedelta(hours=1)).count()
        if recent >= settings.PARTICIPANT_MESSAGES_PER_HOUR:
            raise RateLimited(_("You have sent many messages in a short time. Please wait a "
                                "while and try again."))
        sender_entry = None
        if viewer.registration is not None:
            # What the recipient may see of the sender (the recipient's audiences are all).
            shown = listed_registrations(viewer.event, ShareAudience.values, now).filter(
                pk=viewer.registration.pk).first()
            sender_entry = entry_of(shown) if shown is not None else None
        reply_to = sender_entry.values.get("email") if sender_entry else None
        message.reply_to_shared = bool(reply_to)
        message.save()
        with translation.override(recipient.language):
            context = {
                "event": viewer.event, "subject": subject, "body": body,
                "sender_label": sender_entry.label if sender_entry and sender_entry.values
                else _("A participant of the meeting") if viewer.takes_part
                else _("A member of the hub"),
                "reply_to": reply_to,
                "list_url": settings.SITE_URL + reverse(
                    "meetings:participants", kwargs={"token": recipient.token}),
                "management_url": recipient.management_url(),
            }
            mail_subject = render_subject("meetings/mail/participant_message_subject.txt",
                                          context)
            mail_body = render_text("meetings/mail/participant_message_body.txt", context)
        queue_mail(to=recipient.email, subject=mail_subject, body=mail_body,
                   headers={"Reply-To": reply_to} if reply_to else None)
        audit.record(viewer.user if viewer.user is not None else None,
                     "meetings.participant_message", recipient)
    return message


# --- follow-up mail and feedback ----------------------------------------------------------


def _related_links(event: Event, now: dt.datetime) -> dict:
    """The note, the boards and the next meetings of the series (public ones only)."""
    from wspolnie.boards.models import Board
    from wspolnie.notes.models import Note

    note = Note.objects.public().filter(event=event).first()
    boards = list(Board.objects.public().filter(event=event).order_by("created"))
    upcoming = []
    if event.series_id:
        upcoming = list(Event.objects.public().filter(
            series_id=event.series_id, starts_at__gt=now).exclude(pk=event.pk)
            .order_by("starts_at")[:3])
    return {
        "note_url": settings.SITE_URL + note.get_absolute_url() if note else "",
        "board_urls": [(board.title, settings.SITE_URL + board.get_absolute_url())
                       for board in boards],
        "next_events": [(item, settings.SITE_URL + item.get_absolute_url())
                        for item in upcoming],
    }


def render_followup(registration: Registration, now: dt.datetime | None = None):
    now = now or timezone.now()
    event = registration.event
    with translation.override(registration.language):
        context = {
            "registration": registration, "event": event,
            **_related_links(event, now),
            "participants_url": settings.SITE_URL + reverse(
                "meetings:participants", kwargs={"token": registration.token}),
            "feedback_url": settings.SITE_URL + reverse(
                "meetings:feedback", kwargs={"token": registration.token}),
            "management_url": registration.management_url(),
        }
        subject = render_subject("meetings/mail/followup_subject.txt", context)
        body = render_text("meetings/mail/followup_body.txt", context)
    return subject, body


def send_followups(now: dt.datetime | None = None) -> int:
    """Mail each participant of a meeting that is over (ended within FOLLOWUP_MAX_AGE, not
    cancelled) the follow-up, once: the row is claimed before the mail is queued, so running
    this twice (or in two workers) mails nobody twice. Run by the worker's sweep."""
    now = now or timezone.now()
    events = Event.objects.filter(ends_at__lte=now, ends_at__gt=now - FOLLOWUP_MAX_AGE).exclude(
        status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
    sent = 0
    for registration in Registration.objects.filter(
            event__in=events, status__in=Registration.HOLDING_A_SEAT,
            followup_sent_at__isnull=True).select_related("event"):
        if is_erased_address(registration.email):
            continue
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, followup_sent_at__isnull=True).update(followup_sent_at=now)
            if claimed:
                subject, body = render_followup(registration, now)
                queue_mail(to=registration.email, subject=subject, body=body)
                sent += 1
    return sent


def can_give_feedback(registration: Registration, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (registration.status in Registration.HOLDING_A_SEAT
            and registration.event.starts_at <= now and not registration.event.is_cancelled
            and not registration.is_erased)


def do_give_feedback(actor, registration: Registration, usefulness, next_topics: str, *,
                     token: str | None = None) -> EventFeedback:
    if not can_choose_sharing(actor, registration, token):
        raise PermissionDenied
    if not can_give_feedback(registration):
        raise ValidationError(_("Feedback can be given once the meeting has started."))
    with transaction.atomic():
        feedback = EventFeedback.objects.filter(registration=registration).first() or (
            EventFeedback(registration=registration, event=registration.event))
        feedback.usefulness = usefulness
        feedback.next_topics = (next_topics or "").strip()
        feedback.full_clean(exclude=["registration", "event"])
        feedback.save()
        audit.record(actor, "meetings.feedback_given", registration.event)
    return feedback


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, int]]
    next_topics: list[str]


def feedback_summary(event: Event) -> FeedbackSummary:
    """Aggregated, anonymous: counts per rating and the topic wishes without names."""
    answers = list(event.feedback.order_by("created").values_list("usefulness", "next_topics"))
    counts = Counter(rating for rating, _topics in answers)
    return FeedbackSummary(
        count=len(answers),
        average=round(sum(counts.elements()) / len(answers), 1) if answers else None,
        distribution=[(rating, counts.get(rating, 0)) for rating in range(5, 0, -1)],
        next_topics=[topics for _rating, topics in answers if topics],
    )
