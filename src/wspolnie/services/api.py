"""/api/services/: the services organisations offer, in the shape of HSDS 3 `service`.

Reading is public (active services of approved organisations, plus for a signed-in session the
services of its own organisations); creating, changing and deleting take an organisation admin
or staff. Texts are objects keyed by language code, e.g. {"pl": "…", "uk": "…"}.
"""

from __future__ import annotations

from datetime import datetime

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
from wspolnie.directory.models import Community, Language, Topic
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Location, Organisation
from wspolnie.search.query import rank_queryset

from . import services
from .models import Service
from .permissions import can_manage_services

router = Router(tags=["services"])

Texts = dict[str, str]


class LocationOut(Schema):
    id: int
    name: str
    street_address: str
    postal_code: str
    city: str


class ServiceOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    name: Texts
    description: Texts
    eligibility_description: Texts
    application_process: Texts
    cost: str
    fees_description: Texts
    languages: list[str]
    topics: list[str]
    communities: list[str]
    locations: list[LocationOut]
    url: str
    email: str
    status: str
    last_modified: datetime = Field(..., alias="updated")
    html_url: str

    @staticmethod
    def resolve_organisation(obj: Service) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Service) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_languages(obj: Service) -> list[str]:
        return [language.code for language in obj.languages.all()]

    @staticmethod
    def resolve_topics(obj: Service) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_communities(obj: Service) -> list[str]:
        return [community.slug for community in obj.communities.all()]

    @staticmethod
    def resolve_locations(obj: Service) -> list[Location]:
        return list(obj.locations.all())

    @staticmethod
    def resolve_html_url(obj: Service) -> str:
        return obj.get_absolute_url()


class ServicePatch(BaseModel):
    # Plain pydantic models, not ninja Schemas: a Schema reads any JSON value (a list, a
    # number) as an object without attributes.
    name: Texts | None = None
    description: Texts | None = None
    eligibility_description: Texts | None = None
    application_process: Texts | None = None
    cost: Service.Cost | None = None
    fees_description: Texts | None = None
    languages: list[str] | None = Field(None, description="BCP-47 codes, e.g. [\"pl\", \"uk\"]")
    topics: list[str] | None = Field(None, description="topic identifiers (slugs)")
    communities: list[str] | None = Field(None, description="community identifiers (slugs)")
    locations: list[int] | None = Field(None, description="ids of the organisation's locations")
    url: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    status: Service.Status | None = None


class ServiceIn(ServicePatch):
    organisation: str = Field(..., description="the organisation's slug")
    name: Texts


def _invalid(errors: dict) -> Status:
    return Status(422, {"detail": _("The request is not valid."), "errors": errors})


def _resolve(values: dict) -> dict:
    """Identifiers in the payload → objects; DjangoValidationError naming what is unknown."""
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
    for name, model in (("topics", Topic), ("communities", Community)):
        if name in values:
            slugs = set(values[name])
            found = list(model.objects.filter(slug__in=slugs))
            for slug in sorted(slugs - {obj.slug for obj in found}):
                errors.setdefault(name, []).append(
                    _("“%(value)s” is not a known identifier.") % {"value": slug}
                )
            values[name] = found
    if "locations" in values:
        ids = set(values["locations"])
        found = list(Location.objects.filter(pk__in=ids))
        for pk in sorted(ids - {location.pk for location in found}):
            errors.setdefault("locations", []).append(
                _("There is no location %(id)s.") % {"id": pk}
            )
        values["locations"] = found
    for name in ("cost", "status"):
        if values.get(name) is not None:
            values[name] = str(values[name].value)
    if errors:
        raise DjangoValidationError(errors)
    return values


def _queryset(request):
    return (
        Service.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("languages", "topics", "communities", "locations")
    )


FORBIDDEN = gettext_noop("Only this organisation's admins and staff may manage its services.")


@router.get("/", response=list[ServiceOut], summary="List services")
@paginate(PageNumberPagination, page_size=50)
def list_services(
    request,
    topic: str | None = None,
    community: str | None = None,
    language: str | None = None,
    free: bool | None = None,
    organisation: str | None = None,
    q: str = Query("", max_length=200, description=(
        "Words to look for, as in the site search (diacritics ignored, prefixes match); "
        "results best match first")),
):
    found = _queryset(request)
    if topic:
        found = found.filter(topics__slug=topic)
    if community:
        found = found.filter(communities__slug=community)
    if language:
        found = found.filter(languages__code=language)
    if free is not None:
        found = found.filter(cost=Service.Cost.FREE if free else Service.Cost.PAID)
    if organisation:
        found = found.filter(organisation__slug=organisation)
    return rank_queryset(found.distinct(), q, ["service"])


@router.get("/{pk}", response={200: ServiceOut, 404: ErrorOut}, summary="One service")
def get_service(request, pk: int):
    return get_object_or_404(_queryset(request), pk=pk)


@router.post(
    "/",
    response={201: ServiceOut, 403: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Add a service (the organisation's admins and staff)",
)
def create_service(request, payload: ServiceIn):
    values = payload.model_dump(exclude_unset=True)
    slug = values.pop("organisation")
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return _invalid({"organisation": [_("There is no organisation “%(slug)s”.") % {
            "slug": slug}]})
    if not can_manage_services(request.user, organisation):
        raise HttpError(403, _(FORBIDDEN))
    values = {name: value for name, value in values.items() if value is not None}
    try:
        service = services.do_create_service(request.user, organisation, **_resolve(values))
    except PermissionDenied:
        raise HttpError(403, _(FORBIDDEN)) from None
    except DjangoValidationError as error:
        return _invalid(error.message_dict)
    return Status(201, _queryset(request).get(pk=service.pk))


@router.patch(
    "/{pk}",
    response={200: ServiceOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Change a service (the organisation's admins and staff)",
)
def update_service(request, pk: int, payload: ServicePatch):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    if not can_manage_services(request.user, service.organisation):
        raise HttpError(403, _(FORBIDDEN))
    values = payload.model_dump(exclude_unset=True)
    values = {name: value for name, value in values.items() if value is not None}
    try:
        services.do_update_service(request.user, service, **_resolve(values))
    except PermissionDenied:
        raise HttpError(403, _(FORBIDDEN)) from None
    except DjangoValidationError as error:
        return _invalid(error.message_dict)
    return _queryset(request).get(pk=service.pk)


@router.delete(
    "/{pk}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    auth=REQUIRED,
    summary="Delete a service (the organisation's admins and staff)",
)
def delete_service(request, pk: int):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    try:
        services.do_delete_service(request.user, service)
    except PermissionDenied:
        raise HttpError(403, _(FORBIDDEN)) from None
    return Status(204, None)
