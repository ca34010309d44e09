"""/api/notes/: meeting notes.

The list shows published notes (of approved organisations, about meetings that are not
drafts), the latest meeting first; `event` (a meeting's slug) and `q` (the site's search)
narrow it. One note by id also as a draft, for its organisers and staff. Contacts are given as
the caller may see them (contacts.privacy: an anonymous caller gets only public fields).
Writing, publishing and deleting take the admins of the meeting's organisers and staff.
"""

# No `from __future__ import annotations`: ninja reads the annotations as objects.
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from pydantic import BaseModel

from wspolnie.api.auth import OPTIONAL, REQUIRED
from wspolnie.api.schemas import ErrorOut
from wspolnie.contacts.models import ContactPerson
from wspolnie.core.owned.api import OwnedApi, by_id, invalid
from wspolnie.core.owned.services import error_messages
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation
from wspolnie.search.query import TEXT_PARAM_HELP, rank_queryset

from . import services
from .content import collected_links, visible_contacts
from .models import Note

router = Router(tags=["notes"])

CANNOT_POST = gettext_noop(
    "Only the admins of the meeting's organisers and staff may write its note."
)


class LinkOut(BaseModel):
    url: str
    label: str


class PresentationOut(BaseModel):
    title: dict[str, str]
    speaker: str
    organisation: str | None
    summary: dict[str, str]


class ContactOut(BaseModel):
    id: int
    organisation: str
    name: str | None
    role: dict[str, str] | None
    email: str | None
    phone: str | None
    languages: list[str] | None


class NoteOut(Schema):
    id: int
    event: str
    event_title: dict[str, str]
    organisation: str
    organisation_name: str
    status: str
    published_at: datetime | None
    languages: list[str]
    summary: dict[str, str]
    presentations: list[PresentationOut]
    discussion: dict[str, str]
    decisions: dict[str, str]
    next_steps: dict[str, str]
    useful_links: list[LinkOut]
    links: list[LinkOut]
    contacts: list[ContactOut]
    updated: datetime
    html_url: str

    @staticmethod
    def resolve_event(obj: Note) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_event_title(obj: Note) -> dict:
        return obj.event.title

    @staticmethod
    def resolve_organisation(obj: Note) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Note) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_languages(obj: Note) -> list[str]:
        return obj.version_languages()

    @staticmethod
    def resolve_presentations(obj: Note) -> list[dict]:
        slugs = dict(Organisation.objects.public().filter(
            pk__in=[item.get("organisation") for item in obj.presentations]
        ).values_list("pk", "slug"))
        return [
            {"title": item.get("title") or {}, "speaker": item.get("speaker", ""),
             "organisation": slugs.get(item.get("organisation")),
             "summary": item.get("summary") or {}}
            for item in obj.presentations
        ]

    @staticmethod
    def resolve_links(obj: Note) -> list[dict]:
        return [{"url": link.url, "label": link.label} for link in collected_links(obj, "")]

    @staticmethod
    def resolve_contacts(obj: Note, context) -> list[dict]:
        return [
            {**{key: contact[key] for key in ("id", "name", "role", "email", "phone",
                                              "languages")},
             "organisation": contact["organisation"].slug}
            for contact in visible_contacts(obj, context["request"].user)
        ]

    @staticmethod
    def resolve_html_url(obj: Note) -> str:
        return obj.get_absolute_url()


class PresentationIn(BaseModel):
    title: dict[str, str]
    speaker: str = ""
    organisation: str | None = Field(None, description="the organisation's slug")
    summary: dict[str, str] = {}


class LinkIn(BaseModel):
    url: str = Field(..., max_length=2000)
    label: str = Field("", max_length=200)


class NotePatch(BaseModel):
    summary: dict[str, str] | None = Field(None, description="{language: Markdown}")
    presentations: list[PresentationIn] | None = None
    discussion: dict[str, str] | None = None
    decisions: dict[str, str] | None = None
    next_steps: dict[str, str] | None = None
    useful_links: list[LinkIn] | None = None
    contacts: list[int] | None = Field(None, description="contact persons' ids")


class NoteIn(NotePatch):
    organisation: str = Field(..., description="the organisation's slug (one of the organisers)")
    event: str = Field(..., description="the meeting's slug")


def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise ValidationError(_("There is no meeting “%(slug)s”.") % {"slug": slug})
    return event


def _presentations(items: list[dict]) -> list[dict]:
    wanted = {item["organisation"] for item in items if item.get("organisation")}
    found = dict(Organisation.objects.public().filter(slug__in=wanted).values_list("slug", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError([
            _("There is no organisation “%(slug)s”.") % {"slug": slug} for slug in missing
        ])
    return [{**item, "organisation": found.get(item.get("organisation"))} for item in items]


class NoteApi(OwnedApi):
    owned = services.NOTES
    out, create_in, patch_in = NoteOut, NoteIn, NotePatch
    lookups = {
        "event": _event,
        "presentations": _presentations,
        "contacts": by_id(ContactPerson, gettext_lazy("There is no contact person %(id)s.")),
    }
    cannot_post = cannot_manage = CANNOT_POST
    read_auth = OPTIONAL  # drafts for their organisers; contacts at the caller's level
    noun = "note"
    summaries = {
        "get": "One meeting note (a draft for its organisers and staff)",
        "create": "Start the note of a meeting, as a draft",
        "update": "Change a meeting note",
        "delete": "Delete a meeting note",
    }

    def queryset(self):
        return Note.objects.select_related("event", "organisation")


@router.get("/", response=list[NoteOut], auth=OPTIONAL, summary="Published meeting notes")
@paginate(PageNumberPagination, page_size=50)
def list_notes(
    request,
    event: str | None = None,
    q: str = Query("", max_length=200, description=TEXT_PARAM_HELP),
):
    found = Note.objects.public().select_related("event", "organisation")
    if event:
        found = found.filter(event__slug=event)
    return rank_queryset(found.order_by("-event__starts_at", "-id"), q, ["note"])


def _change(request, pk: int, do):
    note = get_object_or_404(Note.objects.select_related("event", "organisation"), pk=pk)
    try:
        do(request.user, note)
    except PermissionDenied:
        raise HttpError(403, _(CANNOT_POST)) from None
    except ValidationError as error:
        return invalid(error_messages(error))
    return note


@router.post("/{pk}/publish", response={200: NoteOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
             auth=REQUIRED, summary="Publish a meeting note")
def publish_note(request, pk: int):
    return _change(request, pk, services.do_publish_note)


@router.post("/{pk}/unpublish", response={200: NoteOut, 403: ErrorOut, 404: ErrorOut},
             auth=REQUIRED, summary="Take a meeting note back to draft")
def unpublish_note(request, pk: int):
    return _change(request, pk, services.do_unpublish_note)


NoteApi().add_routes(router)
