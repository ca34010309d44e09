"""/api/needs/: the board of needs and offers.

The list shows what the board shows (open items of approved organisations, newest first);
one item by id also when it has expired or been closed (`is_open` says so). Posting takes a
member of the organisation; changing and closing take its admins, staff, or the member who
posted it.
"""

# No `from __future__ import annotations`: ninja resolves the query parameters' annotations
# (NeedOffer.Kind, …) outside this module.
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from pydantic import BaseModel

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut
from wspolnie.directory.models import District, Language
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Organisation
from wspolnie.search.query import rank_queryset

from . import services
from .models import NeedOffer
from .permissions import can_manage, can_post

router = Router(tags=["needs"])

CANNOT_POST = gettext_noop("Only members of this organisation and staff may post for it.")
CANNOT_MANAGE = gettext_noop(
    "Only this organisation's admins, staff and the member who posted it may change it."
)


class NeedOfferOut(Schema):
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
    def resolve_organisation(obj: NeedOffer) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: NeedOffer) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_languages(obj: NeedOffer) -> list[str]:
        return [language.code for language in obj.languages.all()]

    @staticmethod
    def resolve_districts(obj: NeedOffer) -> list[str]:
        return [district.slug for district in obj.districts.all()]

    @staticmethod
    def resolve_html_url(obj: NeedOffer) -> str:
        return obj.get_absolute_url()


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


def _invalid(errors: dict) -> Status:
    return Status(422, {"detail": _("The request is not valid."), "errors": errors})


def _resolve(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    if "languages" in values:
        codes = []
        for code in values["languages"]:
            try:
                codes.append(normalise_language_tag(code))
            except ValueError:
                errors.setdefault("languages", []).append(
                    _("“%(code)s” is not a known language code.") % {"code": code}
                )
        values["languages"] = Language.for_codes(codes) if "languages" not in errors else []
    if "districts" in values:
        slugs = set(values["districts"])
        found = list(District.objects.filter(slug__in=slugs))
        for slug in sorted(slugs - {district.slug for district in found}):
            errors.setdefault("districts", []).append(
                _("“%(value)s” is not a known identifier.") % {"value": slug}
            )
        values["districts"] = found
    for name in ("kind", "category"):
        if values.get(name) is not None:
            values[name] = str(values[name].value)
    if errors:
        raise DjangoValidationError(errors)
    return values


def _queryset():
    return NeedOffer.objects.select_related("organisation").prefetch_related(
        "languages", "districts"
    )


@router.get("/", response=list[NeedOfferOut], summary="The board: open needs and offers")
@paginate(PageNumberPagination, page_size=50)
def list_needs(
    request,
    kind: NeedOffer.Kind | None = None,
    category: NeedOffer.Category | None = None,
    district: str | None = None,
    language: str | None = None,
    organisation: str | None = None,
    q: str = Query("", max_length=200, description=(
        "Words to look for, as in the site search (diacritics ignored, prefixes match); "
        "results best match first")),
):
    found = _queryset().public()
    if kind:
        found = found.filter(kind=kind.value)
    if category:
        found = found.filter(category=category.value)
    if district:
        found = found.filter(districts__slug=district)
    if language:
        found = found.filter(languages__code=language)
    if organisation:
        found = found.filter(organisation__slug=organisation)
    found = found.distinct().order_by("-created", "-id")
    return rank_queryset(found, q, [NeedOffer.Kind.NEED.value, NeedOffer.Kind.OFFER.value])


@router.get("/{pk}", response={200: NeedOfferOut, 404: ErrorOut}, summary="One need or offer")
def get_need(request, pk: int):
    return get_object_or_404(_queryset().visible_to(request.user), pk=pk)


@router.post(
    "/",
    response={201: NeedOfferOut, 403: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Post a need or an offer (members of the organisation and staff)",
)
def create_need(request, payload: NeedOfferIn):
    values = payload.model_dump(exclude_unset=True)
    slug = values.pop("organisation")
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return _invalid(
            {"organisation": [_("There is no organisation “%(slug)s”.") % {"slug": slug}]}
        )
    if not can_post(request.user, organisation):
        raise HttpError(403, _(CANNOT_POST))
    values = {name: value for name, value in values.items() if value is not None}
    try:
        item = services.do_create_need_offer(request.user, organisation, **_resolve(values))
    except PermissionDenied:
        raise HttpError(403, _(CANNOT_POST)) from None
    except DjangoValidationError as error:
        return _invalid(error.message_dict)
    return Status(201, _queryset().get(pk=item.pk))


@router.patch(
    "/{pk}",
    response={200: NeedOfferOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Change a need or an offer",
)
def update_need(request, pk: int, payload: NeedOfferPatch):
    item = get_object_or_404(_queryset(), pk=pk)
    if not can_manage(request.user, item):
        raise HttpError(403, _(CANNOT_MANAGE))
    values = payload.model_dump(exclude_unset=True)
    values = {name: value for name, value in values.items() if value is not None}
    try:
        services.do_update_need_offer(request.user, item, **_resolve(values))
    except PermissionDenied:
        raise HttpError(403, _(CANNOT_MANAGE)) from None
    except DjangoValidationError as error:
        return _invalid(error.message_dict)
    return _queryset().get(pk=item.pk)


@router.post(
    "/{pk}/close",
    response={200: NeedOfferOut, 403: ErrorOut, 404: ErrorOut},
    auth=REQUIRED,
    summary="Close a need or an offer (it leaves the board)",
)
def close_need(request, pk: int):
    item = get_object_or_404(_queryset(), pk=pk)
    try:
        services.do_close_need_offer(request.user, item)
    except PermissionDenied:
        raise HttpError(403, _(CANNOT_MANAGE)) from None
    return _queryset().get(pk=item.pk)
