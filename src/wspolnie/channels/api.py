"""/api/channels/: the directory of information channels.

Reading is public (active channels of approved organisations); a signed-in caller — token or
session — also sees the contact notes their level allows and their own organisations'
inactive channels. Creating and changing: the owner organisation's admins and staff.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field

from wspolnie.api.auth import REQUIRED
from wspolnie.api.auth import caller as _caller
from wspolnie.api.schemas import ErrorOut, Id, Page
from wspolnie.core.owned.api import invalid
from wspolnie.directory.models import Community, District, Visibility
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Organisation
from wspolnie.search.query import TEXT_PARAM_HELP, rank_queryset

from . import services
from .filters import apply_filters
from .models import Channel, Cost, Format, Kind, Mode
from .selectors import channels_reaching, coverage_gaps, coverage_of, district_gaps

router = Router(tags=["channels"])

PAGE_SIZE = 50
MAX_TERMS = 50


# Output ---------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str


class ChannelSubmissionOut(Schema):
    how: dict[str, str]
    lead_days: int | None
    formats: list[str]
    email: str
    url: str


class ChannelOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    mode: str
    mode_label: str
    mode_override: str
    organisation: OrganisationRef
    description: dict[str, str]
    url: str
    languages: list[str]
    communities: list[str]
    citywide: bool
    districts: list[str]
    estimated_reach: int | None
    submission: ChannelSubmissionOut
    cost: str
    cost_note: str
    #: Only when the caller may see it (else null).
    contact_note: str | None
    contact_visibility: str | None
    active: bool
    updated: datetime
    web_url: str


class ChannelPage(Schema):
    count: int
    items: list[ChannelOut]


class CoversOut(Schema):
    communities: list[str]
    languages: list[str]
    districts: list[str]
    citywide: bool


class RankedChannelOut(ChannelOut):
    fit: int
    covers: CoversOut


class GapTermOut(Schema):
    key: str
    name: str


class ChannelGapsOut(Schema):
    communities: list[GapTermOut]
    languages: list[GapTermOut]
    districts: list[GapTermOut]


class ReachingOut(Schema):
    channels: list[RankedChannelOut]
    gaps: ChannelGapsOut


def channel_out(channel: Channel, user) -> dict[str, Any]:
    show_contact = channel.contact_visible_to(user)
    return {
        "id": channel.pk,
        "name": channel.name,
        "kind": channel.kind,
        "kind_label": channel.get_kind_display(),
        "mode": channel.mode,
        "mode_label": channel.get_mode_display(),
        "mode_override": channel.mode_override,
        "organisation": {"slug": channel.organisation.slug, "name": channel.organisation.name},
        "description": channel.description,
        "url": channel.url,
        "languages": [language.code for language in channel.languages.all()],
        "communities": [community.slug for community in channel.communities.all()],
        "citywide": channel.citywide,
        "districts": [district.slug for district in channel.districts.all()],
        "estimated_reach": channel.estimated_reach,
        "submission": {
            "how": channel.submission_how,
            "lead_days": channel.submission_lead_days,
            "formats": channel.accepted_formats,
            "email": channel.submission_email,
            "url": channel.submission_url,
        },
        "cost": channel.cost,
        "cost_note": channel.cost_note,
        "contact_note": channel.contact_note if show_contact else None,
        "contact_visibility": channel.contact_visibility if show_contact else None,
        "active": channel.active,
        "updated": channel.updated,
        "web_url": channel.get_absolute_url(),
    }


def _with_relations(queryset):
    return queryset.select_related("organisation").prefetch_related(
        "languages", "communities", "districts"
    )


# Input checks ---------------------------------------------------------------------------------


def _unprocessable(field: str, message: str) -> HttpError:
    return HttpError(422, f"{field}: {message}")


def _language_code(value: str, field: str = "language") -> str:
    try:
        return normalise_language_tag(value)
    except ValueError:
        raise _unprocessable(
            field, _("Not a valid BCP-47 language code: %(codes)s.") % {"codes": value}
        ) from None


def _known(model, field: str, values: list[str]) -> list[str]:
    if len(values) > MAX_TERMS:
        raise _unprocessable(field, _("Too many values."))
    found = set(model.objects.filter(slug__in=values).values_list("slug", flat=True))
    unknown = [value for value in values if value not in found]
    if unknown:
        raise _unprocessable(field, _("Unknown: %(values)s.") % {"values": ", ".join(unknown)})
    return values


class ChannelFilters(Schema):
    kind: Kind | None = None
    language: str | None = Field(None, max_length=35)
    community: str | None = Field(None, max_length=64)
    district: str | None = Field(None, max_length=64)
    mode: Mode | None = Field(None, description="online or offline (“both” channels count as each)")
    organisation: str | None = Field(None, max_length=80)
    q: str = Field("", max_length=200, description=TEXT_PARAM_HELP)
    page: Page = 1


@router.get("/", response={200: ChannelPage, 401: ErrorOut, 422: dict}, summary="List channels")
def list_channels(request, filters: Query[ChannelFilters]):
    user = _caller(request)
    chosen: dict[str, str] = {}
    if filters.kind:
        chosen["kind"] = str(filters.kind.value)
    if filters.language:
        chosen["language"] = _language_code(filters.language)
    if filters.community:
        chosen["community"] = _known(Community, "community", [filters.community])[0]
    if filters.district:
        chosen["district"] = _known(District, "district", [filters.district])[0]
    if filters.mode:
        if filters.mode == Mode.BOTH:
            raise _unprocessable("mode", _("Choose online or offline."))
        chosen["mode"] = str(filters.mode.value)
    if filters.organisation:
        chosen["organisation"] = filters.organisation
    channels = _with_relations(rank_queryset(
        apply_filters(Channel.objects.visible_to(user), chosen), filters.q, ["channel"]))
    count = channels.count()
    start = (filters.page - 1) * PAGE_SIZE
    return {
        "count": count,
        "items": [channel_out(c, user) for c in channels[start:start + PAGE_SIZE]],
    }


class ReachQuery(Schema):
    communities: list[str] = Field([], description="community slugs (repeat the parameter)")
    languages: list[str] = Field([], description="BCP-47 language codes")
    districts: list[str] = Field([], description="district slugs")


@router.get(
    "/reaching",
    response={200: ReachingOut, 401: ErrorOut, 422: dict},
    summary="Channels that reach these communities, languages, districts — ranked — and the gaps",
)
def reaching(request, params: Query[ReachQuery]):
    user = _caller(request)
    communities, languages, districts = params.communities, params.languages, params.districts
    if len(languages) > MAX_TERMS:
        raise _unprocessable("languages", _("Too many values."))
    communities = _known(Community, "communities", communities)
    districts = _known(District, "districts", districts)
    languages = list(dict.fromkeys(_language_code(code, "languages") for code in languages))
    if not (communities or languages or districts):
        raise HttpError(
            422, _("Choose at least one community, language or district.")
        )
    ranked = list(channels_reaching(communities, languages, districts))
    gaps = coverage_gaps(communities, languages, districts)
    items = []
    for coverage in coverage_of(ranked, communities, languages, districts):
        item = channel_out(coverage.channel, user)
        item["fit"] = coverage.channel.fit
        item["covers"] = {
            "communities": [c.slug for c in coverage.communities],
            "languages": [la.code for la in coverage.languages],
            "districts": [d.slug for d in coverage.districts],
            "citywide": coverage.citywide,
        }
        items.append(item)
    return {
        "channels": items,
        "gaps": {
            "communities": [{"key": c.slug, "name": c.name} for c in gaps["communities"]],
            "languages": [{"key": la.code, "name": la.native_name} for la in gaps["languages"]],
            "districts": [{"key": d.slug, "name": d.name} for d in district_gaps(districts)],
        },
    }


@router.get("/{int:pk}", response={200: ChannelOut, 401: ErrorOut, 404: ErrorOut},
            summary="One channel")
def get_channel(request, pk: Id):
    user = _caller(request)
    channel = get_object_or_404(_with_relations(Channel.objects.visible_to(user)), pk=pk)
    return channel_out(channel, user)


# Changes --------------------------------------------------------------------------------------


class ChannelFields(BaseModel):
    # Plain pydantic models (not ninja Schemas): a Schema would read a JSON list or number as
    # an object without attributes.
    model_config = ConfigDict(extra="forbid")

    description: dict[str, str] | None = None
    url: str | None = Field(None, max_length=500)
    languages: list[str] | None = Field(None, max_length=MAX_TERMS)
    communities: list[str] | None = Field(None, max_length=MAX_TERMS)
    citywide: bool | None = None
    districts: list[str] | None = Field(None, max_length=MAX_TERMS)
    estimated_reach: int | None = Field(None, ge=0, le=2_147_483_647)
    mode_override: Mode | None = None
    submission_how: dict[str, str] | None = None
    submission_lead_days: int | None = Field(None, ge=0, le=365)
    accepted_formats: list[Format] | None = None
    submission_email: str | None = Field(None, max_length=254)
    submission_url: str | None = Field(None, max_length=500)
    cost: Cost | None = None
    cost_note: str | None = Field(None, max_length=300)
    contact_note: str | None = Field(None, max_length=2000)
    contact_visibility: Visibility | None = None


class ChannelIn(ChannelFields):
    organisation: str = Field(..., max_length=80, description="the owner organisation's slug")
    name: str = Field(..., min_length=1, max_length=200)
    kind: Kind


class ChannelPatch(ChannelFields):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    active: bool | None = None


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Enum members → their values; optional fields left out when null (except the numbers
    and the override, where null means "not given" / "as usual for the kind")."""
    nullable = {"estimated_reach", "submission_lead_days", "mode_override", "contact_visibility"}
    result = {}
    for name, value in values.items():
        if value is None and name not in nullable:
            continue
        if hasattr(value, "value"):
            value = str(value.value)
        elif isinstance(value, list):
            value = [str(v.value) if hasattr(v, "value") else v for v in value]
        if value is None and name in ("mode_override", "contact_visibility"):
            value = ""
        result[name] = value
    return result


@router.post(
    "/",
    response={201: ChannelOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Add a channel (the owner organisation's admins and staff)",
)
def create_channel(request, payload: ChannelIn):
    organisation = get_object_or_404(Organisation, slug=payload.organisation)
    values = _plain(payload.model_dump(exclude_unset=True, exclude={"organisation"}))
    try:
        channel = services.do_create_channel(request.user, organisation, **values)
    except PermissionDenied:
        raise HttpError(
            403, _("Only the organisation's admins and staff may add its channels.")
        ) from None
    except DjangoValidationError as error:
        return invalid(error.message_dict)
    created = _with_relations(Channel.objects).get(pk=channel.pk)
    return Status(201, channel_out(created, request.user))


@router.patch(
    "/{int:pk}",
    response={200: ChannelOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Change a channel (the owner organisation's admins and staff)",
)
def update_channel(request, pk: Id, payload: ChannelPatch):
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    values = _plain(payload.model_dump(exclude_unset=True))
    active = values.pop("active", None)
    try:
        with transaction.atomic():
            if values or active is None:
                services.do_update_channel(request.user, channel, **values)
            if active is not None:
                services.do_set_channel_active(request.user, channel, active)
    except PermissionDenied:
        raise HttpError(
            403, _("Only the organisation's admins and staff may change its channels.")
        ) from None
    except DjangoValidationError as error:
        return invalid(error.message_dict)
    return channel_out(_with_relations(Channel.objects).get(pk=channel.pk), request.user)
