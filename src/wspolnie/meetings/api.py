"""/api/meetings/: meetings, series and agenda (public, read); registration by anybody and
its cancellation with the personal token; organiser endpoints (signed in)."""


from datetime import datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from wspolnie.announcements.services import can_announce_event, do_create_from_report
from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Id, Pagination, limit
from wspolnie.lib.client_ip import client_ip
from wspolnie.organisations.models import Organisation
from wspolnie.search.query import TEXT_PARAM_HELP, rank_queryset

from . import exchange, services, tickets
from .models import (
    SHAREABLE_FIELDS,
    Event,
    Registration,
    Series,
    SeriesCoOrganiser,
    ShareAudience,
)
from .permissions import can_manage_event, can_see_event
from .report_draft import draft_report

router = Router(tags=["meetings"])


class ThemeOut(Schema):
    slug: str
    name: str
    names: dict[str, str]


class SeriesOut(Schema):
    slug: str
    title: dict[str, str]
    description: dict[str, str]
    organiser: str
    co_organisers: list[str]
    languages: list[str]
    themes: list[ThemeOut]
    url: str

    @staticmethod
    def resolve_organiser(obj: Series) -> str:
        return obj.organiser.slug

    @staticmethod
    def resolve_co_organisers(obj: Series) -> list[str]:
        """Confirmed ones of approved organisations only (a named one that has not
        answered yet is nobody's business)."""
        return [org.slug for org in obj.confirmed_co_organisers() if org.is_public]

    @staticmethod
    def resolve_themes(obj: Series):
        return list(obj.themes.all())

    @staticmethod
    def resolve_url(obj: Series) -> str:
        return obj.get_absolute_url()


class AgendaItemOut(Schema):
    time: str | None
    title: dict[str, str]
    speakers: str
    speaker_organisations: list[str]

    @staticmethod
    def resolve_time(obj) -> str | None:
        return obj.time.strftime("%H:%M") if obj.time else None

    @staticmethod
    def resolve_speaker_organisations(obj) -> list[str]:
        return [org.slug for org in obj.speaker_organisations.all() if org.is_public]


class QuestionOut(Schema):
    id: int
    label: dict[str, str]
    kind: str
    choices: list[dict]
    required: bool


class EventOut(Schema):
    slug: str
    series: str | None
    number: int | None
    title: dict[str, str]
    theme: str | None
    format: str
    status: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    languages: list[str]
    organisers: list[str]
    capacity: int | None
    remaining_seats: int | None
    registration_open: bool
    url: str
    calendar_url: str

    @staticmethod
    def resolve_series(obj: Event) -> str | None:
        return obj.series.slug if obj.series else None

    @staticmethod
    def resolve_theme(obj: Event) -> str | None:
        return obj.theme.slug if obj.theme else None

    @staticmethod
    def resolve_organisers(obj: Event) -> list[str]:
        found = getattr(obj, "api_public_organisers", None)  # the list's prefetch
        return [org.slug for org in (obj.public_organisers() if found is None else found)]

    @staticmethod
    def resolve_remaining_seats(obj: Event) -> int | None:
        taken = getattr(obj, "api_taken_seats", None)  # the list's annotation
        if taken is None or obj.capacity is None:
            return obj.remaining_seats()
        return max(obj.capacity - taken, 0)

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return obj.registration_is_open

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_calendar_url(obj: Event) -> str:
        return obj.get_absolute_url() + "calendar.ics"


class EventDetailOut(EventOut):
    description: dict[str, str]
    venue_name: str
    venue_address: str
    latitude: float | None = Field(None, description="The venue's position, when it is known.")
    longitude: float | None = None
    accessibility_notes: str
    moderators: str
    agenda: list[AgendaItemOut]
    questions: list[QuestionOut]
    consent_text: dict[str, str]
    report: dict[str, str] | None
    report_links: list[str]

    @staticmethod
    def resolve_agenda(obj: Event):
        return list(obj.agenda_items.all()) if obj.details_public else []

    @staticmethod
    def resolve_questions(obj: Event):
        return list(obj.questions.all()) if obj.registration_is_open else []

    @staticmethod
    def resolve_description(obj: Event) -> dict:
        return obj.description if obj.details_public else {}

    @staticmethod
    def resolve_report(obj: Event) -> dict | None:
        return obj.report if obj.shows_report else None

    @staticmethod
    def resolve_latitude(obj: Event) -> float | None:
        return float(obj.latitude) if obj.has_map else None

    @staticmethod
    def resolve_longitude(obj: Event) -> float | None:
        return float(obj.longitude) if obj.has_map else None

    @staticmethod
    def resolve_report_links(obj: Event) -> list[str]:
        return obj.report_links if obj.shows_report else []


class RegistrationOut(Schema):
    """What the registrant (token holder) and the organisers see."""

    id: int
    event: str
    name: str
    email: str
    organisation_name: str
    language: str
    status: str
    answers: dict
    share_contact: bool
    created: datetime
    checked_in_at: datetime | None

    @staticmethod
    def resolve_event(obj: Registration) -> str:
        return obj.event.slug


class OwnRegistrationOut(RegistrationOut):
    token: str
    management_url: str
    online_link: str | None

    @staticmethod
    def resolve_management_url(obj: Registration) -> str:
        return obj.management_url()

    @staticmethod
    def resolve_online_link(obj: Registration) -> str | None:
        event = obj.event
        if event.is_online and obj.status in Registration.HOLDING_A_SEAT \
                and not event.is_cancelled:
            return event.online_link or None
        return None


class RegistrationIn(BaseModel):
    name: str = Field(..., max_length=limit(Registration, "name"))
    email: str = Field(..., max_length=254)
    organisation_name: str = Field("", max_length=limit(Registration, "organisation_name"))
    language: str = "pl"
    answers: dict[str, str | bool | list[str] | None] = Field(default_factory=dict)
    consent: bool = False
    share_contact: bool = False


class StatusIn(BaseModel):
    status: Event.Status


class CheckInIn(BaseModel):
    attended: bool = True


class EventFilters(Schema):
    series: str | None = None
    theme: str | None = None
    format: str | None = None
    organiser: str | None = None
    language: str | None = None
    past: bool = False
    q: str = Field("", max_length=200, description=TEXT_PARAM_HELP)


def _public_event(request, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("series", "theme"), slug=slug)
    if not can_see_event(request.user, event):
        raise Http404
    return event


def _registration_error(error: services.RegistrationError):
    status = {"closed": 409, "full": 409, "duplicate": 409, "cancelled": 409, "over": 409,
              "not_approved": 409, "rate_limited": 429}.get(
        error.code, 422
    )
    return Status(status, {"detail": error.message, "code": error.code,
                           "errors": error.field_errors})


@router.get("/events", response=list[EventOut], summary="Upcoming (or past) public meetings")
@paginate(Pagination, page_size=50)
def list_events(request, filters: Query[EventFilters]):
    # The approved organisers and the seats taken read with the page (two queries per event
    # before: 85 queries for a page of 50, issue #15); as Event.public_organisers() and
    # taken_seats() give them.
    taken = (Registration.objects.filter(event=OuterRef("pk"),
                                         status__in=Registration.HOLDING_A_SEAT)
             .order_by().values("event").annotate(n=Count("pk")).values("n"))
    events = (
        Event.objects.public().select_related("series", "theme")
        .annotate(api_taken_seats=Coalesce(Subquery(taken), 0))
        .prefetch_related(Prefetch(
            "organisers", to_attr="api_public_organisers",
            queryset=Organisation.objects.filter(status=Organisation.Status.APPROVED).only("slug")))
    )
    events = events.past() if filters.past else events.upcoming()
    if filters.series:
        events = events.filter(series__slug=filters.series)
    if filters.theme:
        events = events.filter(theme__slug=filters.theme)
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.organiser:
        events = events.filter(organisers__slug=filters.organiser)
    if filters.language:
        events = events.filter(languages__icontains=f'"{filters.language}"')
    # No DISTINCT (one organiser slug matches an event once): see services.api.list_services.
    return rank_queryset(events, filters.q, ["meeting"])


@router.get("/events/{slug}", response={200: EventDetailOut, 404: ErrorOut},
            summary="One meeting with its agenda")
def get_event(request, slug: str):
    return _public_event(request, slug)


@router.get("/series", response=list[SeriesOut], summary="Series of meetings")
def list_series(request):
    return Series.objects.public().select_related("organiser").prefetch_related("themes")


@router.get("/series/{slug}", response={200: SeriesOut, 404: ErrorOut}, summary="One series")
def get_series(request, slug: str):
    return get_object_or_404(Series.objects.visible_to(request.user), slug=slug)


@router.post(
    "/events/{slug}/registrations",
    response={201: OwnRegistrationOut, 404: ErrorOut, 409: dict, 422: dict, 429: dict},
    summary="Register for a meeting (no account needed); keep the returned token",
)
def register(request, slug: str, payload: RegistrationIn):
    event = _public_event(request, slug)
    data = services.RegistrationData(**payload.model_dump())
    try:
        registration = services.do_register(request.user, event, data,
                                            client_address=client_ip(request))
    except services.RegistrationError as error:
        return _registration_error(error)
    return Status(201, registration)


def _by_token(token: str) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), token=token)


@router.get("/registrations/{token}", response={200: OwnRegistrationOut, 404: ErrorOut},
            summary="Your registration (the token from the confirmation)")
def get_registration(request, token: str):
    return _by_token(token)


@router.delete("/registrations/{token}",
               response={200: OwnRegistrationOut, 404: ErrorOut, 409: dict},
               summary="Cancel your registration")
def cancel_registration(request, token: str):
    registration = _by_token(token)
    try:
        return services.do_cancel_registration(request.user, registration, token=token)
    except services.RegistrationError as error:
        return _registration_error(error)


class RegistrationErasedOut(Schema):
    """What is left of an erased registration: an anonymous row that still counts."""

    id: int
    event: str
    status: str
    detail: str

    @staticmethod
    def resolve_event(obj: Registration) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_detail(obj: Registration) -> str:
        return _("The registration is erased: no name, e-mail address or answers are kept.")


@router.post("/registrations/{token}/erase", response={200: RegistrationErasedOut, 404: ErrorOut},
             summary="Erase your registration for good (cancelled first if still to come)")
def erase_own_registration(request, token: str):
    registration = _by_token(token)
    return services.do_erase_registration(request.user, registration, token=token)


@router.post("/events/{slug}/registrations/{pk}/erase", auth=REQUIRED,
             response={200: RegistrationErasedOut, 403: ErrorOut, 404: ErrorOut},
             summary="Erase a registration on the person's request (staff)")
def erase_registration(request, slug: str, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("event"), event__slug=slug, pk=pk
    )
    if not request.user.is_staff:
        raise HttpError(403, _("Only staff can erase somebody else's registration."))
    return services.do_erase_registration(request.user, registration)


def _managed(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not can_manage_event(request.user, event):
        raise HttpError(403, _("Only the organisers of this meeting and staff may do this."))
    return event


@router.get("/events/{slug}/registrations", auth=REQUIRED,
            response={200: list[RegistrationOut], 403: ErrorOut, 404: ErrorOut},
            summary="Registrations with answers (the meeting's organisers and staff)")
def list_registrations(request, slug: str):
    event = _managed(request, slug)
    return event.registrations.select_related("event")


@router.post("/events/{slug}/status", auth=REQUIRED,
             response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
             summary="Move a meeting through its life (organisers)")
def change_status(request, slug: str, payload: StatusIn):
    event = _managed(request, slug)
    try:
        return services.do_change_status(request.user, event, str(payload.status.value))
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    except PermissionDenied:
        raise HttpError(403, _("Only the organisers of this meeting and staff may do this.")) \
            from None


@router.post("/events/{slug}/registrations/{pk}/check-in", auth=REQUIRED,
             response={200: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 409: dict},
             summary="Check a person in (or undo it) at the door (organisers)")
def check_in(request, slug: str, pk: Id, payload: CheckInIn):
    event = _managed(request, slug)
    registration = get_object_or_404(event.registrations, pk=pk)
    try:
        return services.do_check_in(request.user, registration, payload.attended)
    except services.RegistrationError as error:
        return _registration_error(error)


# --- the post-meeting report, drafted from the meeting's data --------------------------------


class ReportDraftOut(Schema):
    texts: dict[str, str] = Field(description="{language: plain text} of the drafted report")
    links: list[str] = Field(description="the note, the boards and the note's useful links")


class ReportAnnouncementOut(Schema):
    id: int
    status: str
    url: str


@router.get("/events/{slug}/report-draft", auth=REQUIRED,
            response={200: ReportDraftOut, 403: ErrorOut, 404: ErrorOut},
            summary="The post-meeting report drafted from the meeting's data (organisers); "
                    "nothing is saved")
def report_draft(request, slug: str):
    draft = draft_report(_managed(request, slug))
    return {"texts": draft.texts, "links": draft.links}


@router.post("/events/{slug}/report-announcement", auth=REQUIRED,
             response={200: ReportAnnouncementOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Make the saved report an announcement (a draft, its other languages as "
                     "approved translations)")
def report_announcement(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    if not can_announce_event(request.user, event):
        raise HttpError(403, _("Only the organisers of this meeting and staff may announce it."))
    try:
        announcement = do_create_from_report(request.user, event)
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return {"id": announcement.pk, "status": announcement.status,
            "url": settings.SITE_URL + announcement.get_manage_url()}
# --- check-in with the entrance ticket (tickets.py) -----------------------------------------


class TicketIn(BaseModel):
    ticket: str = Field(..., max_length=tickets.MAX_INPUT,
                        description="The code in the QR code (or printed under it)")


class CheckInCountOut(Schema):
    attended: int
    expected: int
    text: str


class CheckedInOut(Schema):
    id: int
    name: str
    checked_in_at: datetime


class TicketCheckInOut(Schema):
    status: Literal["checked_in", "already_checked_in"]
    detail: str
    registration: CheckedInOut
    counts: CheckInCountOut


class TicketRefusedOut(Schema):
    detail: str
    code: Literal["invalid", "other_event", "erased", "cancelled"]


def _counts(event: Event) -> dict:
    counts = services.check_in_counts(event)
    return {**counts, "text": _("%(attended)s of %(expected)s checked in") % counts}


@router.post(
    "/events/{slug}/check-in", auth=REQUIRED,
    response={200: TicketCheckInOut, 403: ErrorOut, 404: ErrorOut, 409: TicketRefusedOut,
              422: dict},
    summary="Check in by ticket at the door (organisers); a second scan checks nobody in twice",
    description="200 with status `checked_in`, or `already_checked_in` (the same ticket "
                "again: counted once). 422 `invalid` for a code that is no ticket (forged, "
                "mistyped); 409 for a real ticket that admits nobody here: `other_event`, "
                "`erased`, `cancelled`.",
)
def check_in_ticket(request, slug: str, payload: TicketIn):
    event = _managed(request, slug)
    try:
        result = services.do_check_in_ticket(request.user, event, payload.ticket)
    except tickets.TicketError as error:
        return Status(422 if error.code == "invalid" else 409,
                      {"detail": error.message, "code": error.code})
    return {
        "status": "already_checked_in" if result.already else "checked_in",
        "detail": result.message, "registration": result.registration,
        "counts": _counts(event),
    }


@router.get("/events/{slug}/check-in", auth=REQUIRED,
            response={200: CheckInCountOut, 403: ErrorOut, 404: ErrorOut},
            summary="How many are checked in, of how many holding a seat (organisers)")
def check_in_count(request, slug: str):
    return _counts(_managed(request, slug))


# --- co-organisers of a series confirm first -------------------------------------------------


class CoOrganiserOut(Schema):
    id: int
    series: str
    series_title: dict[str, str]
    series_organiser: str
    organisation: str
    status: SeriesCoOrganiser.Status
    answered_at: datetime | None

    @staticmethod
    def resolve_series(obj: SeriesCoOrganiser) -> str:
        return obj.series.slug

    @staticmethod
    def resolve_series_title(obj: SeriesCoOrganiser) -> dict[str, str]:
        return obj.series.title

    @staticmethod
    def resolve_series_organiser(obj: SeriesCoOrganiser) -> str:
        return obj.series.organiser.slug

    @staticmethod
    def resolve_organisation(obj: SeriesCoOrganiser) -> str:
        return obj.organisation.slug


class CoOrganiserAnswerIn(BaseModel):
    answer: Literal["confirm", "decline"]


@router.get("/co-organising", auth=REQUIRED, response=list[CoOrganiserOut],
            summary="Series that name my organisations as co-organisers (their admins)")
def list_co_organising(request):
    return services.co_organiser_links_for(request.user)


@router.post("/co-organising/{pk}", auth=REQUIRED,
             response={200: CoOrganiserOut, 403: ErrorOut, 404: ErrorOut},
             summary="Confirm or decline being a series' co-organiser (that organisation's admins)")
def answer_co_organising(request, pk: Id, payload: CoOrganiserAnswerIn):
    link = get_object_or_404(SeriesCoOrganiser.objects.select_related(
        "series", "series__organiser", "organisation"), pk=pk)
    try:
        return services.do_answer_co_organiser(request.user, link,
                                               confirm=payload.answer == "confirm")
    except PermissionDenied:
        raise HttpError(403, _("Only the admins of the organisation named as co-organiser may "
                               "answer.")) from None


# --- contact exchange: the participant list, the choice, feedback (exchange.py) --------------


class ParticipantOut(Schema):
    """One person on the list: only the fields they share (an unshared one is absent)."""

    id: int
    label: str
    name: str | None = None
    organisation_name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    spoken_languages: str | None = None
    can_help_with: str | None = None
    looking_for: str | None = None


def _participants_out(entries) -> list[dict]:
    return [{"id": entry.pk, "label": entry.label, **entry.values} for entry in entries]


class ParticipantFilters(Schema):
    q: str = Field("", max_length=100, description="Searches only what people share.")


NOT_ON_LIST = gettext_noop(
    "The participant list is open to the participants who put themselves on it.")


@router.get("/registrations/{token}/participants",
            response={200: list[ParticipantOut], 403: ErrorOut, 404: ErrorOut},
            summary="The participant list, for a participant on it (the registration token)")
@paginate(Pagination, page_size=100)
def list_participants_by_token(request, token: str, filters: Query[ParticipantFilters]):
    registration = _by_token(token)
    viewer = exchange.viewer_for(registration.event, registration=registration)
    if viewer is None:
        raise HttpError(403, _(NOT_ON_LIST))
    return _participants_out(exchange.listed_entries(viewer, filters.q))


@router.get("/events/{slug}/participants", auth=REQUIRED,
            response={200: list[ParticipantOut], 403: ErrorOut, 404: ErrorOut},
            summary="The participant list, for a signed-in participant on it or a hub member")
@paginate(Pagination, page_size=100)
def list_participants(request, slug: str, filters: Query[ParticipantFilters]):
    event = get_object_or_404(Event.objects.exclude(status=Event.Status.DRAFT), slug=slug)
    viewer = exchange.viewer_for(event, user=request.auth)
    if viewer is None:
        raise HttpError(403, _(NOT_ON_LIST))
    return _participants_out(exchange.listed_entries(viewer, filters.q))


class SharingIn(BaseModel):
    on_participant_list: bool
    shared_fields: list[Literal[SHAREABLE_FIELDS]] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=len(SHAREABLE_FIELDS))
    share_audience: ShareAudience = ShareAudience.PARTICIPANTS
    months: Literal[exchange.SHARE_MONTHS] = 6  # type: ignore[valid-type]
    role: str = Field("", max_length=limit(Registration, "role"))
    phone: str = Field("", max_length=limit(Registration, "phone"))
    spoken_languages: str = Field("", max_length=limit(Registration, "spoken_languages"))
    can_help_with: str = Field("", max_length=limit(Registration, "can_help_with"))
    looking_for: str = Field("", max_length=limit(Registration, "looking_for"))


class SharingOut(Schema):
    on_participant_list: bool
    shared_fields: list[str]
    share_audience: str
    share_until: datetime | None
    role: str
    phone: str
    spoken_languages: str
    can_help_with: str
    looking_for: str


@router.get("/registrations/{token}/sharing", response={200: SharingOut, 404: ErrorOut},
            summary="Your participant-list choice")
def get_sharing(request, token: str):
    return _by_token(token)


@router.put("/registrations/{token}/sharing",
            response={200: SharingOut, 404: ErrorOut, 409: ErrorOut, 422: dict},
            summary="Choose whether and what to share on the participant list "
                    "(on_participant_list false withdraws)")
def set_sharing(request, token: str, payload: SharingIn):
    registration = _by_token(token)
    if registration.status == Registration.Status.CANCELLED or registration.is_erased:
        raise HttpError(409, _("This registration is cancelled."))
    if not payload.on_participant_list:
        return exchange.do_withdraw_sharing(request.user, registration, token=token)
    choice = exchange.SharingChoice(
        on_list=True, fields=list(payload.shared_fields),
        audience=str(payload.share_audience.value), months=payload.months,
        role=payload.role, phone=payload.phone, spoken_languages=payload.spoken_languages,
        can_help_with=payload.can_help_with, looking_for=payload.looking_for,
    )
    try:
        return exchange.do_set_sharing(request.user, registration, choice, token=token)
    except ValidationError as error:
        errors = getattr(error, "message_dict", {"__all__": error.messages})
        return Status(422, {"detail": " ".join(error.messages), "errors": errors})


class FeedbackOut(Schema):
    count: int
    average: float | None
    distribution: dict[str, int]
    next_topics: list[str]


@router.get("/events/{slug}/feedback", auth=REQUIRED,
            response={200: FeedbackOut, 403: ErrorOut, 404: ErrorOut},
            summary="Feedback after the meeting, aggregated and anonymous (organisers)")
def get_feedback(request, slug: str):
    summary = exchange.feedback_summary(_managed(request, slug))
    return {"count": summary.count, "average": summary.average,
            "distribution": {str(rating): count for rating, count in summary.distribution},
            "next_topics": summary.next_topics}
