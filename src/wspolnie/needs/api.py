"""/api/needs/: the board of needs and offers.

The list shows what the board shows (open items of approved organisations, newest first);
one item by id also when it has expired or been closed (`is_open` says so). Posting takes a
member of the organisation; changing and closing take its admins, staff, or the member who
posted it.
"""

# No `from __future__ import annotations`: ninja resolves the query parameters' annotations
# (NeedOffer.Kind, …) outside this module.
from datetime import date, datetime

from django.utils.translation import gettext_noop
from ninja import Field, Query, Router
from ninja.pagination import paginate
from pydantic import BaseModel

from wspolnie.api.schemas import Pagination
from wspolnie.core.owned.api import OwnedApi, OwnedOut, by_slug, languages
from wspolnie.directory.models import District
from wspolnie.search.query import TEXT_PARAM_HELP, filter_given, rank_queryset

from .models import NeedOffer
from .services import NEEDS_OFFERS

router = Router(tags=["needs"])

CANNOT_POST = gettext_noop("Only members of this organisation and staff may post for it.")
CANNOT_MANAGE = gettext_noop(
    "Only this organisation's admins, staff and the member who posted it may change it."
)


class NeedOfferOut(OwnedOut):
    id: int
    organisation: str
    organisation_name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    category: str
    category_label: str = Field(..., alias="get_category_display")
    title: str
    description: str
    languages: list[str]
    districts: list[str]
    contact_note: str
    expires_on: date
    created: datetime
    closed_at: datetime | None
    is_open: bool
    html_url: str

    @staticmethod
    def resolve_districts(obj: NeedOffer) -> list[str]:
        return [district.slug for district in obj.districts.all()]


class NeedOfferPatch(BaseModel):
    # Plain pydantic models, not ninja Schemas: a Schema reads any JSON value (a list, a
    # number) as an object without attributes.
    kind: NeedOffer.Kind | None = None
    category: NeedOffer.Category | None = None
    title: str | None = None
    description: str | None = None
    languages: list[str] | None = Field(None, description="BCP-47 codes, e.g. [\"uk\", \"pl\"]")
    districts: list[str] | None = Field(None, description="district identifiers (slugs)")
    contact_note: str | None = None
    expires_on: date | None = Field(
        None, description="YYYY-MM-DD, from today to one year ahead"
    )


class NeedOfferIn(NeedOfferPatch):
    organisation: str = Field(..., description="the organisation's slug")
    kind: NeedOffer.Kind
    category: NeedOffer.Category
    title: str
    description: str
    expires_on: date


def _queryset():
    return NeedOffer.objects.select_related("organisation").prefetch_related(
        "languages", "districts"
    )


@router.get("/", response=list[NeedOfferOut], summary="The board: open needs and offers")
@paginate(Pagination, page_size=50)
def list_needs(
    request,
    kind: NeedOffer.Kind | None = None,
    category: NeedOffer.Category | None = None,
    district: str | None = None,
    language: str | None = None,
    organisation: str | None = None,
    q: str = Query("", max_length=200, description=TEXT_PARAM_HELP),
):
    found = filter_given(
        _queryset().public(), kind=kind, category=category, districts__slug=district,
        languages__code=language, organisation__slug=organisation,
    ).order_by("-created", "-id")  # no DISTINCT: see services.api.list_services
    return rank_queryset(found, q, [NeedOffer.Kind.NEED.value, NeedOffer.Kind.OFFER.value])


class NeedApi(OwnedApi):
    owned = NEEDS_OFFERS
    out, create_in, patch_in = NeedOfferOut, NeedOfferIn, NeedOfferPatch
    lookups = {"languages": languages, "districts": by_slug(District)}
    related = ("languages", "districts")
    cannot_post, cannot_manage = CANNOT_POST, CANNOT_MANAGE
    removal = "close"
    noun = "need"
    summaries = {
        "get": "One need or offer",
        "create": "Post a need or an offer (members of the organisation and staff)",
        "update": "Change a need or an offer",
        "close": "Close a need or an offer (it leaves the board)",
    }


NeedApi().add_routes(router)
