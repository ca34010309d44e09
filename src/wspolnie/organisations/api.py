"""/api/organisations/: the directory as JSON.

The list takes the filters of the directory page (kind, topic, community, language,
district, open, q — repeat a parameter for several values) and returns the facet counts too.
Only approved organisations are public; members also see their own pending ones, staff see
all.
"""

from __future__ import annotations

from datetime import datetime
from math import ceil

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict

from wspolnie.api.auth import REQUIRED
from wspolnie.api.rows import UrlPattern, related_values, rows_response
from wspolnie.api.schemas import ErrorOut, Id, MultilingualText, Page, limit
from wspolnie.directory.facets import OPEN_VALUE, DirectoryQuery
from wspolnie.lib.languages import native_name
from wspolnie.lib.multilingual import pick_translation

from . import services
from .models import DESCRIPTION_MAX, JoinRequest, Location, Organisation, best_translation
from .permissions import can_edit_organisation

router = Router(tags=["organisations"])

PAGE_SIZE = settings.NINJA_PAGINATION_PER_PAGE


class TermOut(Schema):
    slug: str
    name: str


class LanguageOut(Schema):
    code: str
    name: str = Field(..., alias="native_name", description="The language's name in itself")


class LocationOut(Schema):
    name: str
    street_address: str
    postal_code: str
    city: str
    district: TermOut | None = None
    opening_hours: dict[str, str] = Field(..., description="{language code: text}")
    opening_hours_text: str = Field(
        ..., description="The opening hours in the request's language, or the best fallback"
    )
    accessibility: dict[str, str] = Field(..., description="{language code: text}")
    accessibility_text: str = Field(
        ..., description="The accessibility notes in the request's language, or the best fallback"
    )
    latitude: float | None = None
    longitude: float | None = None

    @staticmethod
    def resolve_opening_hours_text(obj: Location) -> str:
        return obj.opening_hours_translation()[1]

    @staticmethod
    def resolve_accessibility_text(obj: Location) -> str:
        return obj.accessibility_translation()[1]


class OrganisationListItem(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    status: str
    short_description: dict[str, str] = Field(..., description="{language code: text}")
    short_description_text: str = Field(
        ..., description="The short description in the request's language, or the best fallback"
    )
    website: str
    logo_url: str = Field(..., alias="get_logo_url")
    url: str
    topics: list[TermOut]
    communities: list[TermOut]
    languages: list[LanguageOut]
    districts: list[TermOut]
    updated: datetime

    @staticmethod
    def resolve_short_description_text(obj: Organisation) -> str:
        return obj.short_description_in()

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return settings.SITE_URL + obj.get_absolute_url()

    @staticmethod
    def resolve_topics(obj: Organisation):
        return list(obj.topics.all())

    @staticmethod
    def resolve_communities(obj: Organisation):
        return list(obj.communities.all())

    @staticmethod
    def resolve_languages(obj: Organisation):
        return list(obj.languages.all())

    @staticmethod
    def resolve_districts(obj: Organisation):
        return list(obj.districts.all())


class OrganisationDetail(OrganisationListItem):
    description: dict[str, str]
    description_text: str = Field(
        ..., description="The description in the request's language, or the best fallback"
    )
    legal_form: str
    krs: str
    nip: str
    regon: str
    email: str
    phone: str
    social_profiles: list[str]
    founding_year: int | None = None
    size: str
    size_label: str = Field(..., alias="get_size_display")
    locations: list[LocationOut]

    @staticmethod
    def resolve_description_text(obj: Organisation) -> str:
        return obj.description_in()

    @staticmethod
    def resolve_locations(obj: Organisation):
        return list(obj.locations.all())


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    param: str
    label: str
    values: list[FacetValueOut]


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrganisationListItem]
    facets: list[FacetOut]


class DirectoryFilters(Schema):
    kind: list[str] = Field([], description="Kinds (ngo, foundation, …); OR within")
    topic: list[str] = Field([], description="Topic slugs; OR within")
    community: list[str] = Field([], description="Community slugs; OR within")
    language: list[str] = Field([], description="BCP-47 codes; OR within")
    district: list[str] = Field([], description="District slugs; OR within")
    open: bool = Field(False, description="Only organisations with open needs or offers")
    q: str = Field("", max_length=200, description=(
        "Words to look for, as in the site search: diacritics ignored, prefixes match; "
        "results best match first"))
    page: Page = 1


class OrganisationPatch(BaseModel):
    """Every field optional; null clears a field (except name and kind). Vocabularies are
    lists of slugs, `languages` a list of BCP-47 codes: each replaces the whole list."""

    # A plain pydantic model, not a ninja Schema: Schema reads any JSON value (a list, a
    # number) as an object without attributes, so `[]` was a valid, empty PATCH.
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(None, min_length=1, max_length=limit(Organisation, "name"))
    kind: Organisation.Kind | None = None
    #: {language code: text}, replacing all languages; or a plain string, as before the
    #: short description was multilingual: the Polish (default language) text, the other
    #: languages kept.
    short_description: dict[str, str] | str | None = Field(
        None,
        description="{language code: text} (replaces every language), or a string: the text "
        "in the default language (pl), the other languages kept",
    )
    # Too long in one language: the model's validators refuse it (full_clean in the service).
    description: MultilingualText(DESCRIPTION_MAX) | None = None
    legal_form: str | None = Field(None, max_length=limit(Organisation, "legal_form"))
    krs: str | None = Field(None, max_length=20)
    nip: str | None = Field(None, max_length=20)
    regon: str | None = Field(None, max_length=20)
    website: str | None = Field(None, max_length=limit(Organisation, "website"))
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)
    social_profiles: list[str] | None = None
    topics: list[str] | None = None
    communities: list[str] | None = None
    languages: list[str] | None = None
    districts: list[str] | None = None
    founding_year: int | None = None
    size: str | None = Field(None, max_length=8)


class OrganisationCreate(OrganisationPatch):
    name: str = Field(..., min_length=1, max_length=limit(Organisation, "name"))
    kind: Organisation.Kind


def _values(payload: OrganisationPatch, organisation: Organisation | None = None) -> dict:
    values = payload.model_dump(exclude_unset=True)
    if isinstance(values.get("short_description"), str):
        # The API took a string before: it is the default language's text.
        text = values["short_description"].strip()
        kept = dict(organisation.short_description or {}) if organisation else {}
        kept.pop(settings.LANGUAGE_CODE, None)
        values["short_description"] = {settings.LANGUAGE_CODE: text, **kept} if text else kept
    for name in ("name", "kind"):
        if values.get(name, "") is None:
            del values[name]
    if "kind" in values:
        values["kind"] = str(Organisation.Kind(values["kind"]).value)
    for name in services.RELATED_FIELDS:
        if name in values and values[name] is None:
            values[name] = []
    return values


def _invalid(error: DjangoValidationError):
    return Status(422, {"detail": _("The request is not valid."), "errors": error.message_dict})


def _with_everything(queryset):
    return queryset.prefetch_related(
        "topics", "communities", "languages", "districts",
        Prefetch("locations", queryset=Location.objects.select_related("district")),
    )


@router.get(
    "/",
    response={200: OrganisationPage, 422: dict},
    summary="List organisations, filtered like the directory page, with facet counts",
)
def list_organisations(request, filters: Query[DirectoryFilters]):
    params = {
        "kind": filters.kind,
        "topic": filters.topic,
        "community": filters.community,
        "language": filters.language,
        "district": filters.district,
        "open": [OPEN_VALUE] if filters.open else [],
        "q": filters.q,
    }
    query = DirectoryQuery.from_params(params)
    base = Organisation.objects.visible_to(request.user)
    results = query.ordered(query.apply(base))
    count = results.count()
    start = (filters.page - 1) * PAGE_SIZE
    items = list_items(results[start : start + PAGE_SIZE]) if start < count else []
    # The rows are in OrganisationPage's shape (tests/organisations/test_api_rows.py).
    return rows_response({
        "count": count,
        "page": filters.page,
        "pages": ceil(count / PAGE_SIZE),
        "items": items,
        "facets": [
            {"param": facet.param, "label": facet.label, "values": [
                {"value": value.value, "label": value.label, "count": value.count,
                 "selected": value.selected}
                for value in facet.values
            ]}
            for facet in query.facets(base)
        ],
    })


#: The columns an OrganisationListItem shows (its description and the rest are not read).
LIST_COLUMNS = ("pk", "slug", "name", "kind", "status", "short_description", "website", "logo",
                "updated")


def list_items(organisations) -> list[dict]:
    """OrganisationListItem's values for a page of `organisations` (a sliced queryset), from
    plain values: one query for the page and one per vocabulary (see wspolnie.api.rows)."""
    rows = list(organisations.values(*LIST_COLUMNS))
    ids = [row["pk"] for row in rows]
    field = Organisation._meta.get_field
    terms = {
        name: related_values(field(name), ids, "slug", "names")
        for name in ("topics", "communities", "districts")
    }
    languages = related_values(field("languages"), ids, "code")
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}
    language = translation.get_language() or settings.LANGUAGE_CODE
    detail = UrlPattern("organisations:detail", "slug")
    logo = UrlPattern("organisations:logo", "slug")
    names: dict[tuple[str, str], str] = {}

    def term(vocabulary: str, slug: str, values: dict) -> dict:
        # A term's name as MultilingualNameMixin.name picks it (once per term: the same few
        # repeat on a page).
        key = (vocabulary, slug)
        if key not in names:
            names[key] = pick_translation(
                values, language, [settings.LANGUAGE_CODE, "en"]) or slug
        return {"slug": slug, "name": names[key]}

    def terms_of(vocabulary: str, pk: int) -> list[dict]:
        return [term(vocabulary, *values) for values in terms[vocabulary].get(pk, ())]

    items = []
    for row in rows:
        pk, slug, updated = row["pk"], row["slug"], row["updated"]
        logo_url = ""
        if row["logo"]:
            logo_url = logo(slug) + (f"?v={int(updated.timestamp())}" if updated else "")
        items.append({
            "slug": slug,
            "name": row["name"],
            "kind": row["kind"],
            "kind_label": kinds.get(row["kind"], row["kind"]),
            "status": row["status"],
            "short_description": row["short_description"],
            "short_description_text": best_translation(row["short_description"])[1],
            "website": row["website"],
            "logo_url": logo_url,
            "url": settings.SITE_URL + detail(slug),
            "topics": terms_of("topics", pk),
            "communities": terms_of("communities", pk),
            "languages": [{"code": code, "name": native_name(code)}
                          for (code,) in languages.get(pk, ())],
            "districts": terms_of("districts", pk),
            "updated": updated,
        })
    return items


@router.post(
    "/",
    response={201: OrganisationDetail, 422: dict},
    auth=REQUIRED,
    summary="Add an organisation (it waits for staff approval; you become its admin)",
)
def create_organisation(request, payload: OrganisationCreate):
    try:
        organisation = services.do_register_organisation(request.user, **_values(payload))
    except DjangoValidationError as error:
        return _invalid(error)
    return Status(201, _with_everything(Organisation.objects.filter(pk=organisation.pk)).get())


@router.get(
    "/{slug}", response={200: OrganisationDetail, 404: ErrorOut}, summary="One organisation"
)
def get_organisation(request, slug: str):
    return get_object_or_404(
        _with_everything(Organisation.objects.visible_to(request.user)), slug=slug
    )


@router.patch(
    "/{slug}",
    response={200: OrganisationDetail, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Update an organisation (its admins and staff)",
)
def update_organisation(request, slug: str, payload: OrganisationPatch):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    try:
        services.do_update_organisation(
            request.user, organisation, **_values(payload, organisation)
        )
    except PermissionDenied:
        raise HttpError(
            403, _("Only this organisation's admins and staff may change it.")
        ) from None
    except DjangoValidationError as error:
        return _invalid(error)
    return _with_everything(Organisation.objects.filter(pk=organisation.pk)).get()


# -- requests to join ------------------------------------------------------------------------


class JoinRequestIn(BaseModel):
    message: str = Field("", max_length=1000)


class JoinRequestOut(Schema):
    id: int
    organisation: str
    status: str
    message: str
    created: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: JoinRequest) -> str:
        return obj.organisation.slug


class JoinRequestAdminOut(JoinRequestOut):
    """What the organisation's admins see: who asks."""

    name: str
    email: str

    @staticmethod
    def resolve_name(obj: JoinRequest) -> str:
        return obj.user.name

    @staticmethod
    def resolve_email(obj: JoinRequest) -> str:
        return obj.user.email


def _managed_organisation(request, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise HttpError(403, _("Only this organisation's admins and staff may see its requests."))
    return organisation


def _conflict(error: DjangoValidationError):
    if hasattr(error, "message_dict"):
        return _invalid(error)
    return Status(409, {"detail": error.messages[0]})


@router.post(
    "/{slug}/join-requests",
    response={201: JoinRequestOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Ask to join an organisation (its admins answer)",
)
def request_to_join(request, slug: str, payload: JoinRequestIn):
    organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
    try:
        join_request = services.do_request_to_join(request.user, organisation, payload.message)
    except DjangoValidationError as error:
        return _conflict(error)
    return Status(201, join_request)


@router.get(
    "/{slug}/join-requests",
    response={200: list[JoinRequestAdminOut], 403: ErrorOut, 404: ErrorOut},
    auth=REQUIRED,
    summary="Requests to join that wait for an answer (the organisation's admins and staff)",
)
def list_join_requests(request, slug: str):
    return list(services.pending_join_requests(_managed_organisation(request, slug)))


def _decide(request, slug: str, pk: Id, approve: bool):
    organisation = _managed_organisation(request, slug)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user"), pk=pk, organisation=organisation
    )
    try:
        return services.do_decide_join_request(request.user, join_request, approve=approve)
    except DjangoValidationError as error:
        return _conflict(error)


@router.post(
    "/{slug}/join-requests/{pk}/approve",
    response={200: JoinRequestAdminOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=REQUIRED,
    summary="Approve a request to join: the person becomes a member",
)
def approve_join_request(request, slug: str, pk: Id):
    return _decide(request, slug, pk, approve=True)


@router.post(
    "/{slug}/join-requests/{pk}/decline",
    response={200: JoinRequestAdminOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=REQUIRED,
    summary="Decline a request to join",
)
def decline_join_request(request, slug: str, pk: Id):
    return _decide(request, slug, pk, approve=False)
