"""/api/library/: the library of practices and tools.

The list shows what the library page shows (entries of approved organisations), filtered by
kind, tag, language, cost and the organisations that use them, and by text with the site's one
search (`q`). Adding takes a member of the organisation; changing and deleting take its
admins, staff, or the member who added it.
"""

# No `from __future__ import annotations`: ninja reads the annotations as objects.
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router
from ninja.pagination import PageNumberPagination, paginate
from pydantic import BaseModel

from wspolnie.core.owned.api import OwnedApi, OwnedOut, by_slug, languages
from wspolnie.core.owned.services import error_messages
from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Organisation
from wspolnie.search.query import TEXT_PARAM_HELP, filter_given, rank_queryset

from .models import Entry
from .services import ENTRIES
from .views import TEXT_KINDS

router = Router(tags=["library"])

CANNOT_POST = gettext_noop("Only members of this organisation and staff may add entries for it.")
CANNOT_MANAGE = gettext_noop(
    "Only this organisation's admins, staff and the member who added it may change it."
)


class LinkOut(BaseModel):
    url: str
    label: str


class EntryOut(OwnedOut):
    id: int
    organisation: str
    organisation_name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    title: str
    description: str
    good_for: str
    used_by: list[str]
    languages: list[str]
    tags: list[str]
    cost: str
    cost_label: str = Field(..., alias="get_cost_display")
    cost_note: str
    links: list[LinkOut]
    source_url: str
    created: datetime
    updated: datetime
    html_url: str

    @staticmethod
    def resolve_used_by(obj: Entry) -> list[str]:
        return [org.slug for org in obj.users.all() if org.is_public]

    @staticmethod
    def resolve_tags(obj: Entry) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]


class LinkIn(BaseModel):
    url: str = Field(..., max_length=2000)
    label: str = Field("", max_length=200)


class EntryPatch(BaseModel):
    kind: Entry.Kind | None = None
    title: str | None = None
    description: str | None = Field(None, description="Markdown")
    good_for: str | None = None
    used_by: list[str] | None = Field(None, description="organisations' slugs")
    languages: list[str] | None = Field(None, description="BCP-47 codes, e.g. [\"uk\", \"pl\"]")
    tags: list[str] | None = Field(None, description="topic identifiers (slugs)")
    cost: Entry.Cost | None = None
    cost_note: str | None = None
    links: list[LinkIn] | None = None
    source_url: str | None = Field(None, description="the board card it was made from")


class EntryIn(EntryPatch):
    organisation: str = Field(..., description="the organisation's slug")
    kind: Entry.Kind
    title: str
    description: str


#: The model's field names → the API's.
API_NAMES = {"users": "used_by", "topics": "tags"}


class EntryApi(OwnedApi):
    owned = ENTRIES
    out, create_in, patch_in = EntryOut, EntryIn, EntryPatch
    lookups = {
        "users": by_slug(Organisation), "languages": languages, "topics": by_slug(Topic),
    }
    related = ("users", "languages", "topics")
    cannot_post, cannot_manage = CANNOT_POST, CANNOT_MANAGE
    noun = "library_entry"
    summaries = {
        "get": "One library entry",
        "create": "Add a practice or a tool (members of the organisation and staff)",
        "update": "Change a library entry",
        "delete": "Delete a library entry",
    }

    def resolve(self, values: dict) -> dict:
        # The API's names (used_by, tags) are the model's users and topics.
        for name, api_name in API_NAMES.items():
            if api_name in values:
                values[name] = values.pop(api_name)
        return self._renamed(lambda: super(EntryApi, self).resolve(values))

    def _change(self, do, forbidden: str):
        return super()._change(lambda: self._renamed(do), forbidden)

    @staticmethod
    def _renamed(do):
        """do(), its ValidationError naming the fields as the API does."""
        try:
            return do()
        except ValidationError as error:
            raise ValidationError({
                API_NAMES.get(name, name): messages
                for name, messages in error_messages(error).items()
            }) from None


def _queryset():
    return Entry.objects.select_related("organisation").prefetch_related(
        "users", "languages", "topics"
    )


@router.get("/", response=list[EntryOut], summary="The library: practices and tools")
@paginate(PageNumberPagination, page_size=50)
def list_library_entries(
    request,
    kind: Entry.Kind | None = None,
    tag: str | None = None,
    language: str | None = None,
    cost: Entry.Cost | None = None,
    used_by: str | None = None,
    organisation: str | None = None,
    q: str = Query("", max_length=200, description=TEXT_PARAM_HELP),
):
    found = filter_given(
        _queryset().public(), kind=kind, topics__slug=tag, languages__code=language, cost=cost,
        users__slug=used_by, organisation__slug=organisation,
    ).distinct().order_by("title", "id")
    return rank_queryset(found, q, TEXT_KINDS)


EntryApi().add_routes(router)
