"""/api/announcements/: announcements and their translations.

Reading: published announcements (with their approved translations) for everybody; drafts and
unapproved translations only for the people who may see them on the site (the publishing
organisation's admins, staff, the assigned translator) — everybody else gets 404, as if they did
not exist. Writing: a personal token or the browser session; the rules are the services'.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from wspolnie.api.auth import OPTIONAL, REQUIRED
from wspolnie.api.schemas import ErrorOut, Id, Pagination
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation
from wspolnie.search.query import rank_queryset

from . import services
from .models import Announcement, AnnouncementTranslation
from .permissions import can_edit_translation, can_manage_announcement, can_view_announcement
from .text import render_markdown

router = Router(tags=["announcements"])

T = AnnouncementTranslation.Status




# -- schemas ------------------------------------------------------------------------------------


class LinkSchema(BaseModel):
    url: str = Field(..., max_length=services.LINK_URL_MAX)
    label: str = Field("", max_length=services.LINK_LABEL_MAX)


class VersionOut(Schema):
    language: str
    title: str
    body: str
    body_html: str
    is_source: bool

    @staticmethod
    def resolve_body_html(obj) -> str:
        return str(render_markdown(obj.body))


class AnnouncementOut(Schema):
    id: int
    organisation: str | None
    kind: str
    source_language: str
    title: str
    body: str
    body_html: str
    topics: list[str]
    communities: list[str]
    languages: list[str]
    districts: list[str]
    links: list[LinkSchema]
    event: str | None
    publish_at: datetime | None
    status: str
    source_revision: int
    url: str | None
    versions: list[VersionOut]

    @staticmethod
    def resolve_organisation(obj: Announcement) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_body_html(obj: Announcement) -> str:
        return str(render_markdown(obj.body))

    @staticmethod
    def resolve_topics(obj: Announcement) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_communities(obj: Announcement) -> list[str]:
        return [c.slug for c in obj.communities.all()]

    @staticmethod
    def resolve_districts(obj: Announcement) -> list[str]:
        return [d.slug for d in obj.districts.all()]

    @staticmethod
    def resolve_languages(obj: Announcement) -> list[str]:
        return obj.target_language_codes()

    @staticmethod
    def resolve_event(obj: Announcement) -> str | None:
        return obj.event.slug if obj.event else None

    @staticmethod
    def resolve_url(obj: Announcement) -> str | None:
        if not obj.is_public:
            return None
        try:
            return obj.get_absolute_url()
        except Exception:  # noqa: BLE001 (the news pages may not be installed)
            return None

    @staticmethod
    def resolve_versions(obj: Announcement) -> list:
        """The source and the approved translations: what readers may see."""
        return obj.approved_versions()


class TranslationOut(Schema):
    language: str
    title: str
    body: str
    status: str
    translator: str | None
    source_changed: bool
    machine_translated: bool
    approved_at: datetime | None
    updated: datetime

    @staticmethod
    def resolve_translator(obj: AnnouncementTranslation) -> str | None:
        return obj.translator.name if obj.translator else None


class AnnouncementIn(BaseModel):
    organisation: str | None = Field(None, description="slug; empty: the hub (staff only)")
    kind: str = Announcement.Kind.NEWS.value
    source_language: str = "pl"
    title: str = Field(..., max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    topics: list[str] = Field(default_factory=list, description="topic slugs")
    communities: list[str] = Field(default_factory=list, description="community slugs")
    languages: list[str] = Field(default_factory=list, description="BCP-47 codes")
    districts: list[str] = Field(default_factory=list, description="district slugs")
    links: list[LinkSchema] = Field(default_factory=list)
    event: str | None = Field(None, description="meeting slug")
    publish_at: datetime | None = None


class AnnouncementPatch(BaseModel):
    organisation: str | None = None
    kind: str | None = None
    source_language: str | None = None
    title: str | None = Field(None, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    topics: list[str] | None = None
    communities: list[str] | None = None
    languages: list[str] | None = None
    districts: list[str] | None = None
    links: list[LinkSchema] | None = None
    event: str | None = None
    publish_at: datetime | None = None


class PublishIn(BaseModel):
    publish_at: datetime | None = None


class TranslationIn(BaseModel):
    title: str = Field(..., max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    submit_for_review: bool = False


class RejectIn(BaseModel):
    reason: str = Field("", max_length=500)


class TranslatorIn(BaseModel):
    email: str | None = Field(None, description="a hub member's e-mail address; null: nobody")


class AnnouncementFilters(Schema):
    mine: bool = False
    status: str | None = None
    organisation: str | None = None
    kind: str | None = None
    topic: str | None = None
    language: str | None = None
    q: str = Field("", max_length=200, description=(
        "Words to look for, as on the news page (diacritics ignored, prefixes match; "
        "published announcements only, best match first)"))


# -- helpers ------------------------------------------------------------------------------------


def _queryset():
    return Announcement.objects.select_related("organisation", "event").prefetch_related(
        "topics", "communities", "districts", "languages", "translations"
    )


def _visible(request, pk: Id) -> Announcement:
    announcement = get_object_or_404(_queryset(), pk=pk)
    if not can_view_announcement(request.user, announcement):
        raise Http404
    return announcement


def _managed(request, pk: Id) -> Announcement:
    announcement = _visible(request, pk)
    if not can_manage_announcement(request.user, announcement):
        raise HttpError(403, _("Only the publishing organisation's admins and staff may do "
                               "this."))
    return announcement


def _invalid(error: ValidationError) -> Status:
    if hasattr(error, "error_dict"):
        errors = error.message_dict
        detail = " ".join(message for messages in errors.values() for message in messages)
    else:
        errors = {}
        detail = " ".join(error.messages)
    return Status(422, {"detail": detail, "errors": errors})


def _forbidden(error: PermissionDenied):
    raise HttpError(403, str(error) or _("You may not do this.")) from None


def _references(data: dict) -> dict:
    """Slugs of the organisation and meeting → instances (unknown ones: ValidationError)."""
    if "organisation" in data:
        slug = data["organisation"]
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise ValidationError({"organisation": [_("No organisation “%(slug)s”.")
                                                        % {"slug": slug}]})
            data["organisation"] = organisation
        else:
            data["organisation"] = None
    if "event" in data:
        slug = data["event"]
        data["event"] = Event.objects.filter(slug=slug).first() if slug else None
        if slug and data["event"] is None:
            raise ValidationError({"event": [_("This meeting does not exist.")]})
    if data.get("links") is not None:
        data["links"] = [dict(link) for link in data["links"]]
    return data


def _translation(request, announcement: Announcement, language: str) -> AnnouncementTranslation:
    """A translation the caller may read: approved ones of published announcements for
    everybody, the rest for its translator and the announcement's managers."""
    row = next((t for t in announcement.translations.all() if t.language == language), None)
    if row is None:
        raise Http404
    if row.status != T.APPROVED and not can_edit_translation(request.user, row):
        raise Http404
    return row


# -- announcements ------------------------------------------------------------------------------


@router.get("/", response=list[AnnouncementOut], auth=OPTIONAL,
            summary="Published announcements (with ?mine=true: the ones you manage)")
@paginate(Pagination, page_size=50)
def list_announcements(request, filters: Query[AnnouncementFilters]):
    if filters.mine:
        if not request.user.is_authenticated:
            raise AuthenticationError
        announcements = _queryset().filter(
            pk__in=Announcement.objects.editable_by(request.user).values("pk")
        )
        if filters.status:
            announcements = announcements.filter(status=filters.status)
    else:
        announcements = _queryset().published()
    if filters.organisation:
        announcements = announcements.filter(organisation__slug=filters.organisation)
    if filters.kind:
        announcements = announcements.filter(kind=filters.kind)
    if filters.topic:
        announcements = announcements.filter(topics__slug=filters.topic)
    if filters.language:
        announcements = announcements.filter(languages__code=filters.language)
    return rank_queryset(announcements.distinct(), filters.q, ["news"])


@router.get("/{pk}", response={200: AnnouncementOut, 404: ErrorOut}, auth=OPTIONAL,
            summary="One announcement")
def get_announcement(request, pk: Id):
    return _visible(request, pk)


@router.post("/", response={201: AnnouncementOut, 401: ErrorOut, 403: ErrorOut, 422: dict},
             auth=REQUIRED, summary="Write an announcement (a draft)")
def create_announcement(request, payload: AnnouncementIn):
    try:
        values = _references(payload.model_dump())
        announcement = services.do_create_announcement(request.user, **values)
    except ValidationError as error:
        return _invalid(error)
    except PermissionDenied as error:
        _forbidden(error)
    return Status(201, _queryset().get(pk=announcement.pk))


@router.patch("/{pk}", response={200: AnnouncementOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
              auth=REQUIRED, summary="Change an announcement (only the fields sent)")
def update_announcement(request, pk: Id, payload: AnnouncementPatch):
    announcement = _managed(request, pk)
    changes = payload.model_dump(exclude_unset=True)
    try:
        values = _references(changes)
        services.do_update_announcement(request.user, announcement, **values)
    except ValidationError as error:
        return _invalid(error)
    except PermissionDenied as error:
        _forbidden(error)
    return _queryset().get(pk=pk)


@router.post("/{pk}/publish",
             response={200: AnnouncementOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
             auth=REQUIRED, summary="Publish now or at a date")
def publish_announcement(request, pk: Id, payload: PublishIn | None = None):
    announcement = _managed(request, pk)
    try:
        services.do_publish(request.user, announcement,
                            payload.publish_at if payload else None)
    except ValidationError as error:
        return _invalid(error)
    except PermissionDenied as error:
        _forbidden(error)
    return _queryset().get(pk=pk)


@router.post("/{pk}/withdraw",
             response={200: AnnouncementOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
             auth=REQUIRED, summary="Withdraw a published announcement")
def withdraw_announcement(request, pk: Id):
    announcement = _managed(request, pk)
    try:
        services.do_withdraw(request.user, announcement)
    except ValidationError as error:
        return _invalid(error)
    except PermissionDenied as error:
        _forbidden(error)
    return _queryset().get(pk=pk)


# -- translations -------------------------------------------------------------------------------


@router.get("/{pk}/translations", response={200: list[TranslationOut], 404: ErrorOut},
            auth=OPTIONAL, summary="Translations of an announcement you may see")
def list_translations(request, pk: Id):
    announcement = _visible(request, pk)
    rows = announcement.translations.select_related("translator", "announcement")
    return [row for row in rows
            if row.status == T.APPROVED or can_edit_translation(request.user, row)]


@router.get("/{pk}/translations/{language}", response={200: TranslationOut, 404: ErrorOut},
            auth=OPTIONAL, summary="One language's translation")
def get_translation(request, pk: Id, language: str):
    return _translation(request, _visible(request, pk), language)


@router.put("/{pk}/translations/{language}",
            response={200: TranslationOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
            auth=REQUIRED, summary="Save a translation (the translator or a manager)")
def save_translation(request, pk: Id, language: str, payload: TranslationIn):
    row = _translation(request, _visible(request, pk), language)
    try:
        return services.do_save_translation(request.user, row, payload.title, payload.body,
                                            submit_for_review=payload.submit_for_review)
    except ValidationError as error:
        return _invalid(error)
    except PermissionDenied as error:
        _forbidden(error)


@router.post("/{pk}/translations/{language}/approve",
             response={200: TranslationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             auth=REQUIRED, summary="Approve a translation (managers)")
def approve_translation(request, pk: Id, language: str):
    announcement = _managed(request, pk)
    row = _translation(request, announcement, language)
    try:
        return services.do_approve_translation(request.user, row)
    except ValidationError as error:
        # Not bad input: the translation is not in a state that can be approved.
        return Status(409, {"detail": " ".join(error.messages)})


@router.post("/{pk}/translations/{language}/reject",
             response={200: TranslationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             auth=REQUIRED, summary="Send a translation back to its translator (managers)")
def reject_translation(request, pk: Id, language: str, payload: RejectIn | None = None):
    announcement = _managed(request, pk)
    row = _translation(request, announcement, language)
    try:
        return services.do_reject_translation(request.user, row,
                                              payload.reason if payload else "")
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})


@router.put("/{pk}/translations/{language}/translator",
            response={200: TranslationOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
            auth=REQUIRED, summary="Assign the translator (managers; null: nobody)")
def assign_translator(request, pk: Id, language: str, payload: TranslatorIn):
    announcement = _managed(request, pk)
    row = _translation(request, announcement, language)
    try:
        user = services.find_translator(payload.email) if payload.email else None
        return services.do_assign_translator(request.user, row, user)
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages),
                            "errors": {"email": error.messages}})
