"""/api/services/: the services organisations offer, in the shape of HSDS 3 `service`.

Reading is public (active services of approved organisations, plus for a signed-in session the
services of its own organisations); creating, changing and deleting take an organisation admin
or staff. Texts are objects keyed by language code, e.g. {"pl": "…", "uk": "…"}.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy, gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from wspolnie.api.schemas import Id, Pagination
from wspolnie.core.owned.api import OwnedApi, OwnedOut, by_id, by_slug, languages
from wspolnie.directory.models import Community, Topic
from wspolnie.organisations.models import Location
from wspolnie.search.query import TEXT_PARAM_HELP, filter_given, rank_queryset

from .models import Service
from .services import SERVICES

router = Router(tags=["services"])

Texts = dict[str, str]


class ServiceLocationOut(Schema):
    id: int
    name: str
    street_address: str
    postal_code: str
    city: str


class ServiceOut(OwnedOut):
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
    locations: list[ServiceLocationOut]
    url: str
    email: str
    status: str
    last_modified: datetime = Field(..., alias="updated")
    html_url: str

    @staticmethod
    def resolve_topics(obj: Service) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_communities(obj: Service) -> list[str]:
        return [community.slug for community in obj.communities.all()]

    @staticmethod
    def resolve_locations(obj: Service) -> list[Location]:
        return list(obj.locations.all())


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
    locations: list[Id] | None = Field(None, description="ids of the organisation's locations")
    url: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    status: Service.Status | None = None


class ServiceIn(ServicePatch):
    organisation: str = Field(..., description="the organisation's slug")
    name: Texts


def _queryset(request):
    return (
        Service.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("languages", "topics", "communities", "locations")
    )


FORBIDDEN = gettext_noop("Only this organisation's admins and staff may manage its services.")


@router.get("/", response=list[ServiceOut], summary="List services")
@paginate(Pagination, page_size=50)
def list_services(
    request,
    topic: str | None = None,
    community: str | None = None,
    language: str | None = None,
    free: bool | None = None,
    organisation: str | None = None,
    q: str = Query("", max_length=200, description=TEXT_PARAM_HELP),
):
    found = filter_given(
        _queryset(request), topics__slug=topic, communities__slug=community,
        languages__code=language, organisation__slug=organisation,
    )
    if free is not None:
        found = found.filter(cost=Service.Cost.FREE if free else Service.Cost.PAID)
    # No DISTINCT: each filter is one value (a service has a topic once), and visibility is a
    # subquery, so no row repeats; DISTINCT over every column (long JSON texts) and the count
    # over it cost ~0.3 s at 10,000 organisations (issue #15).
    return rank_queryset(found, q, ["service"])


class ServiceApi(OwnedApi):
    owned = SERVICES
    out, create_in, patch_in = ServiceOut, ServiceIn, ServicePatch
    lookups = {
        "languages": languages,
        "topics": by_slug(Topic),
        "communities": by_slug(Community),
        "locations": by_id(Location, gettext_lazy("There is no location %(id)s.")),
    }
    related = ("languages", "topics", "communities", "locations")
    cannot_post = cannot_manage = FORBIDDEN
    removal = "delete"
    noun = "service"
    summaries = {
        "get": "One service",
        "create": "Add a service (the organisation's admins and staff)",
        "update": "Change a service (the organisation's admins and staff)",
        "delete": "Delete a service (the organisation's admins and staff)",
    }


ServiceApi().add_routes(router)
