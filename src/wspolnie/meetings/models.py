"""Cycles of networking meetings (series), their events, agenda, registration form and
registrations.

Privacy: `Event.online_link` and everything on `Registration` are never shown publicly; the
online link goes only to registrants (their mails and their management page), the attendee list
only to the event's organisers (see permissions.py).
"""

from __future__ import annotations

import re
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import validate_translations
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation, OrganisationOwnedQuerySet


def pick(values) -> str:
    return pick_translation(
        values, translation.get_language() or settings.LANGUAGE_CODE,
        [settings.LANGUAGE_CODE, "en"],
    )


def validate_language_list(value) -> None:
    codes = {code for code, _name in settings.LANGUAGES} | set(settings.CONTENT_LANGUAGES)
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Expected a list of language codes."))
    unknown = [code for code in value if code not in codes]
    if unknown:
        raise ValidationError(
            _("“%(code)s” is not a known language code."), params={"code": unknown[0]}
        )


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        ) from None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_ticket_secret() -> str:
    return secrets.token_hex(16)


class SeriesQuerySet(OrganisationOwnedQuerySet):
    owner_field = "organiser"

    def public(self) -> SeriesQuerySet:
        """Series of an approved organiser (co-organisers never make a series public)."""
        return self.of_approved_organisations()

    def visible_to(self, user) -> SeriesQuerySet:
        return self.visible_with_own(user)


class Series(models.Model):
    """A cycle of meetings, e.g. "Wspólnie o międzykulturowości" 2023."""

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict, validators=[validate_translations])
    description = models.JSONField(
        _("description"), default=dict, blank=True, validators=[validate_translations]
    )
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT,
        related_name="organised_series",
    )
    #: Named by the series' organiser; each one counts (shown publicly, may attach its
    #: meetings to the series) only once its admins confirm: see SeriesCoOrganiser.
    co_organisers = models.ManyToManyField(
        Organisation, verbose_name=_("co-organisers"), blank=True,
        related_name="co_organised_series", through="SeriesCoOrganiser",
    )
    languages = models.JSONField(
        _("default languages"), default=list, blank=True, validators=[validate_language_list]
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("series of meetings")
        verbose_name_plural = _("series of meetings")

    def __str__(self) -> str:
        return self.title_text or self.slug

    def get_absolute_url(self) -> str:
        return reverse("meetings:series", kwargs={"slug": self.slug})

    @property
    def title_text(self) -> str:
        return pick(self.title)

    def confirmed_co_organisers(self) -> models.QuerySet[Organisation]:
        """The co-organisers whose admins confirmed: the only ones shown and given rights."""
        return Organisation.objects.filter(
            series_co_organiser_links__series=self,
            series_co_organiser_links__status=SeriesCoOrganiser.Status.CONFIRMED,
        ).order_by("name")

    def organisations(self) -> list[Organisation]:
        return [self.organiser, *self.confirmed_co_organisers()]


class SeriesCoOrganiser(models.Model):
    """An organisation named as a series' co-organiser, and its answer: nobody becomes a
    co-organiser without its admins' consent (pending → confirmed or declined)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE,
        related_name="co_organiser_links",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="series_co_organiser_links",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        db_table = "meetings_series_co_organisers"  # the table of the former plain relation
        ordering = ["series", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["series", "organisation"],
                                    name="meetings_series_co_organiser_unique"),
        ]
        verbose_name = _("co-organiser of a series")
        verbose_name_plural = _("co-organisers of series")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.series}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Theme(models.Model):
    """A theme or track of a series (the thematic "tables": Cooperation, Support, …)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(_("identifier"), max_length=64)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["series", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["series", "slug"], name="meetings_theme_unique_slug")
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names) or self.slug


class EventQuerySet(OrganisationOwnedQuerySet):
    owner_field = "organisers"

    def public(self) -> EventQuerySet:
        """Everything but drafts, of at least one approved organiser: what anonymous visitors,
        feeds and the API see."""
        return self.exclude(status=Event.Status.DRAFT).of_approved_organisations()

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> EventQuerySet:
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


class Event(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SAVE_THE_DATE = "save_the_date", _("Save the date")
        AGENDA = "agenda", _("Agenda published")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
        HELD = "held", _("Held")
        REPORT_PUBLISHED = "report_published", _("Report published")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        Series, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events",
    )
    number = models.PositiveSmallIntegerField(_("number in the series"), null=True, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = models.JSONField(_("title"), default=dict, validators=[validate_translations])
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events",
    )
    description = models.JSONField(
        _("description"), default=dict, blank=True, validators=[validate_translations]
    )
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    #: Where the venue is, for the meeting's map (as organisations.Location: no geocoding).
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    #: Private: only in registrants' mails and on their management page.
    online_link = models.URLField(_("link to the video call"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Warsaw", validators=[validate_timezone]
    )
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), related_name="organised_events"
    )
    moderators = models.CharField(_("moderators"), max_length=300, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_list]
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    waitlist = models.BooleanField(
        _("waiting list when full"), default=True,
        help_text=_("People who register when all seats are taken wait for a free seat."),
    )
    consent_text = models.JSONField(
        _("consent text"), default=dict, blank=True, validators=[validate_translations],
        help_text=_("Registrants must agree to it to register (leave empty for none)."),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before the start"), default=24,
        help_text=_("0 sends no reminder."),
    )
    report = models.JSONField(
        _("report"), default=dict, blank=True, validators=[validate_translations]
    )
    report_links = models.JSONField(_("links to notes and boards"), default=list, blank=True)
    #: RFC 5545 SEQUENCE of the calendar entry: bumped on every change registrants must see.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title_text or self.slug

    def get_absolute_url(self) -> str:
        return reverse("meetings:event", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def title_text(self) -> str:
        return pick(self.title)

    @property
    def description_text(self) -> str:
        return pick(self.description)

    @property
    def report_text(self) -> str:
        return pick(self.report)

    @property
    def consent_text_in_language(self) -> str:
        return pick(self.consent_text)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def uid(self) -> str:
        """The calendar UID: stable for the life of the event."""
        return f"meeting-{self.pk}@wspolnie"

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def registration_is_open(self) -> bool:
        return self.status == self.Status.REGISTRATION_OPEN and self.starts_at > timezone.now()

    @property
    def details_public(self) -> bool:
        """Save-the-date: the date is known, the details are not published yet."""
        return self.status not in (self.Status.DRAFT, self.Status.SAVE_THE_DATE)

    @property
    def shows_report(self) -> bool:
        return self.status == self.Status.REPORT_PUBLISHED

    def taken_seats(self) -> int:
        return self.registrations.filter(status__in=Registration.HOLDING_A_SEAT).count()

    def remaining_seats(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken_seats(), 0)

    @property
    def has_map(self) -> bool:
        """A venue with coordinates, whose details are published: the page shows a map."""
        return (self.details_public and self.has_venue
                and self.latitude is not None and self.longitude is not None)

    def location_text(self) -> str:
        return ", ".join(part for part in [self.venue_name, self.venue_address] if part)

    def public_organisers(self):
        return self.organisers.filter(status=Organisation.Status.APPROVED)


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    time = models.TimeField(_("time"), null=True, blank=True)
    title = models.JSONField(_("title"), default=dict, validators=[validate_translations])
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    speaker_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("speakers' organisations"), blank=True,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["event", "position", "time", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title_text

    @property
    def title_text(self) -> str:
        return pick(self.title)


def validate_choices(value) -> None:
    """[{"value": "vegan", "label": {"pl": "wegańska", "en": "vegan"}}, …]"""
    if not isinstance(value, list):
        raise ValidationError(_("Expected a list of choices."))
    seen = set()
    for choice in value:
        if not (isinstance(choice, dict) and isinstance(choice.get("value"), str)
                and choice["value"]):
            raise ValidationError(_("Each choice needs a value."))
        if choice["value"] in seen:
            raise ValidationError(_("Each choice needs a different value."))
        seen.add(choice["value"])
        validate_translations(choice.get("label", {}))


class Question(models.Model):
    """A custom question of an event's registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice")
        MULTIPLE = "multiple", _("Multiple choice")
        YES_NO = "yes_no", _("Yes / no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.JSONField(_("question"), default=dict, validators=[validate_translations])
    help_text = models.JSONField(
        _("explanation"), default=dict, blank=True, validators=[validate_translations]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, validators=[validate_choices]
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label_text

    @property
    def label_text(self) -> str:
        return pick(self.label)

    @property
    def field_name(self) -> str:
        return f"q_{self.pk}"

    def choice_pairs(self) -> list[tuple[str, str]]:
        return [(choice["value"], pick(choice.get("label")) or choice["value"])
                for choice in self.choices]

    def display(self, answer) -> str:
        """An answer as a person reads it, in the current language."""
        if answer in (None, "", []):
            return ""
        if self.kind == self.Kind.YES_NO:
            return str(_("Yes") if answer else _("No"))
        labels = dict(self.choice_pairs())
        if self.kind == self.Kind.MULTIPLE:
            return ", ".join(labels.get(value, value) for value in answer)
        if self.kind == self.Kind.CHOICE:
            return labels.get(answer, answer)
        return str(answer)


# --- contact exchange: what a participant may share on the participant list ---------------

#: The fields a participant may share, in the order the list shows them.
SHAREABLE_FIELDS = (
    "name", "organisation_name", "role", "email", "phone", "spoken_languages",
    "can_help_with", "looking_for",
)
SHARED_TEXT_LIMIT = 1000


def validate_shared_fields(value) -> None:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValidationError(_("Expected a list of field names."))
    unknown = [name for name in value if name not in SHAREABLE_FIELDS]
    if unknown:
        raise ValidationError(
            _("“%(name)s” cannot be shared."), params={"name": unknown[0]}
        )


def validate_phone(value: str) -> None:
    if value and not re.fullmatch(r"\+?[0-9 ()./-]{5,40}", value):
        raise ValidationError(
            _("Please give a phone number of digits, spaces and “+ ( ) - /”.")
        )


class ShareAudience(models.TextChoices):
    PARTICIPANTS = "participants", _("Other participants of this meeting")
    MEMBERS = "members", _("All members of the hub")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    #: The statuses that take one of the event's seats.
    HOLDING_A_SEAT = (Status.CONFIRMED, Status.ATTENDED)
    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the mails"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    answers = models.JSONField(default=dict, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    share_contact = models.BooleanField(
        _("share my e-mail address with the organisers' participant list"), default=False
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED,
        db_index=True,
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    #: The key of the entrance ticket (tickets.py signs it into the QR code); replaced when
    #: the registration is erased, so the old ticket checks nobody in. Not the management
    #: token: whoever sees the QR code at the door must not get the registration page.
    ticket_secret = models.CharField(max_length=32, default=new_ticket_secret, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="meeting_registrations",
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    #: The event start time the reminder was sent for (reminders are idempotent per start).
    reminder_sent_for = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    # --- contact exchange (the participant list, see exchange.py) -------------------------
    #: Takes part in the exchange: sees the others' shared entries, and is shown to them
    #: with what `shared_fields` names (nothing shared: not shown at all).
    on_participant_list = models.BooleanField(_("on the participant list"), default=False)
    shared_fields = models.JSONField(
        _("shared on the participant list"), default=list, blank=True,
        validators=[validate_shared_fields],
    )
    share_audience = models.CharField(
        _("shared with"), max_length=16, choices=ShareAudience.choices,
        default=ShareAudience.PARTICIPANTS,
    )
    #: The entry disappears from the list, its API, CSV and vCards at this instant.
    share_until = models.DateTimeField(_("shared until"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True,
                             validators=[validate_phone])
    spoken_languages = models.CharField(_("languages I speak"), max_length=200, blank=True)
    can_help_with = models.TextField(
        _("I can help with…"), max_length=SHARED_TEXT_LIMIT, blank=True,
        validators=[MaxLengthValidator(SHARED_TEXT_LIMIT)],
    )
    looking_for = models.TextField(
        _("I am looking for…"), max_length=SHARED_TEXT_LIMIT, blank=True,
        validators=[MaxLengthValidator(SHARED_TEXT_LIMIT)],
    )
    #: The follow-up mail after the meeting went out (sent once: see exchange.send_followups).
    followup_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    #: Personal data: the audit log names a row by id and never logs these values.
    AUDIT_PERSONAL_FIELDS = frozenset({
        "name", "email", "organisation_name", "answers", "user",
        "role", "phone", "spoken_languages", "can_help_with", "looking_for",
    })

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            # One (active) registration per e-mail per event: also a backstop for the
            # check in services.do_register, which runs under the event lock.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="meetings_one_active_registration_per_email",
            )
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:registration", kwargs={"token": self.token})

    def management_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_erased(self) -> bool:
        """Its personal data is gone (services.do_erase_registration); the row only counts."""
        from .mail import is_erased_address

        return is_erased_address(self.email)


# --- contact exchange: consent log, messages between participants, feedback ---------------


class SharingConsent(models.Model):
    """One choice about the participant list, as it was made: the wording shown (in the
    language it was shown in), when, and what was chosen. Kept when the choice changes or is
    withdrawn (the record of consent); exportable by the person and by staff."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sharing_consents"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8)
    shown_text = models.TextField(_("wording shown"), max_length=4000)
    on_participant_list = models.BooleanField(_("on the participant list"))
    shared_fields = models.JSONField(_("shared"), default=list, blank=True)
    share_audience = models.CharField(_("shared with"), max_length=16, blank=True)
    share_until = models.DateTimeField(_("shared until"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "at", "id"]
        verbose_name = _("participant list consent")
        verbose_name_plural = _("participant list consents")

    def __str__(self) -> str:
        return f"#{self.registration_id} {self.at:%Y-%m-%d %H:%M}"


MESSAGE_LIMIT = 4000


class ParticipantMessage(models.Model):
    """A one-off message from one participant to another through the hub (the recipient's
    address is never shown to the sender). Logged for the rate limit and for abuse reports
    to staff; the text goes when either registration is erased."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE,
                              related_name="participant_messages")
    sender = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="messages_sent")
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.ForeignKey(Registration, null=True, on_delete=models.SET_NULL,
                                  related_name="messages_received")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=MESSAGE_LIMIT,
                            validators=[MaxLengthValidator(MESSAGE_LIMIT)])
    reply_to_shared = models.BooleanField(default=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("message between participants")
        verbose_name_plural = _("messages between participants")

    def __str__(self) -> str:
        return f"#{self.sender_id} → #{self.recipient_id} {self.sent_at:%Y-%m-%d %H:%M}"


class EventFeedback(models.Model):
    """The short form of the follow-up mail: one answer per registration (changeable)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE,
                                        related_name="feedback")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(
        _("was the meeting useful?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    next_topics = models.TextField(
        _("what should the next meeting cover?"), max_length=SHARED_TEXT_LIMIT, blank=True,
        validators=[MaxLengthValidator(SHARED_TEXT_LIMIT)],
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "created"]
        verbose_name = _("feedback on a meeting")
        verbose_name_plural = _("feedback on meetings")

    def __str__(self) -> str:
        return f"{self.event} · {self.usefulness}"
