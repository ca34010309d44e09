"""/api/network/: the graph of organisations, read from the stored computation.

Anyone gets the aggregate numbers (`/summary`); members of the hub (people in an organisation)
and staff get the metrics per organisation and the ties between approved organisations; staff
get and decide the suggested introductions; organisation admins propose, confirm, decline and
end partnerships. No endpoint names a person.
"""

# No `from __future__ import annotations`: ninja reads the annotations as objects.
from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StringConstraints

from wspolnie.api.auth import OPTIONAL, REQUIRED
from wspolnie.api.schemas import ErrorOut, Id, Pagination, limit
from wspolnie.core.owned.api import invalid
from wspolnie.core.owned.services import error_messages
from wspolnie.organisations.models import Organisation

from . import services
from .models import Partnership, Suggestion, Tie
from .reasons import Vocabulary, describe
from .selectors import (
    METRIC_SORTS,
    Filters,
    can_manage_suggestions,
    can_see_ties,
    latest_snapshot,
    open_suggestions,
    sorted_metrics,
    sorted_ties,
)

router = Router(tags=["network"])

SLUG = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
#: An organisation's slug in a path.
Slug = Annotated[str, StringConstraints(max_length=80)]


def _members_only(request) -> None:
    if not can_see_ties(request.auth):
        raise HttpError(403, _("Only members of the hub see the ties between organisations."))


def _staff_only(request) -> None:
    if not can_manage_suggestions(request.auth):
        raise HttpError(403, _("Only staff manage suggested introductions."))


class SummaryOut(Schema):
    computed_at: datetime | None
    organisations: int
    ties: int
    connected_pairs: int
    density: float
    components: int
    largest_component: int
    communities: int
    modularity: float
    isolated: int
    peripheral: int
    bridges: int
    ties_by_kind: dict[str, int]


@router.get("/summary", response=SummaryOut, auth=OPTIONAL,
            summary="Aggregate numbers of the network (public)")
def summary(request):
    snapshot = latest_snapshot()
    if snapshot is None:
        return {"computed_at": None, "organisations": 0, "ties": 0, "connected_pairs": 0,
                "density": 0, "components": 0, "largest_component": 0, "communities": 0,
                "modularity": 0, "isolated": 0, "peripheral": 0, "bridges": 0,
                "ties_by_kind": {}}
    return snapshot


class MetricsOut(Schema):
    organisation: str = Field(alias="organisation.slug")
    name: str = Field(alias="organisation.name")
    degree: int
    weighted_degree: int
    betweenness: float
    component: int
    component_size: int
    community: int
    is_isolated: bool
    is_peripheral: bool
    met_at_meetings: bool
    bridges: int
    computed_at: datetime


class FiltersIn(Schema):
    community: str | None = SLUG
    topic: str | None = SLUG

    def filters(self, **extra) -> Filters:
        return Filters(community=self.community or "", topic=self.topic or "", **extra)


class MetricsFiltersIn(FiltersIn):
    only: Literal["isolated", "peripheral", "never_met", "bridges"] | None = None
    sort: Literal[tuple(METRIC_SORTS)] | None = None  # type: ignore[valid-type]


@router.get("/organisations", response={200: list[MetricsOut], 401: ErrorOut, 403: ErrorOut},
            auth=REQUIRED, summary="Metrics of every organisation in the graph (members)")
@paginate(Pagination, page_size=100)
def list_metrics(request, filters: Query[MetricsFiltersIn]):
    _members_only(request)
    return sorted_metrics(filters.filters(), filters.sort or "-degree", filters.only or "")


@router.get("/organisations/{slug}",
            response={200: MetricsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            auth=REQUIRED, summary="Metrics of one organisation (members)")
def get_metrics(request, slug: Slug):
    _members_only(request)
    return get_object_or_404(Filters().metrics(), organisation__slug=slug)


class TieOut(Schema):
    organisation_a: str = Field(alias="org_a.slug")
    organisation_b: str = Field(alias="org_b.slug")
    kind: str
    weight: int
    first_date: date | None
    last_date: date | None


class TieFiltersIn(FiltersIn):
    kind: Tie.Kind | None = None
    since: date | None = None
    until: date | None = None


@router.get("/ties", response={200: list[TieOut], 401: ErrorOut, 403: ErrorOut},
            auth=REQUIRED, summary="Ties between approved organisations (members)")
@paginate(Pagination, page_size=100)
def list_ties(request, filters: Query[TieFiltersIn]):
    _members_only(request)
    return sorted_ties(filters.filters(kind=filters.kind or "", since=filters.since,
                                       until=filters.until), "-last")


class SuggestionOut(Schema):
    id: int
    organisation_a: str
    organisation_b: str
    score: float
    status: str
    reasons: list[str]
    reason_codes: list[dict]
    decided_at: datetime | None
    computed_at: datetime


def _suggestion_out(suggestion: Suggestion, vocabulary: Vocabulary) -> dict:
    return {"id": suggestion.pk, "organisation_a": suggestion.org_a.slug,
            "organisation_b": suggestion.org_b.slug, "score": suggestion.score,
            "status": suggestion.status, "reasons": describe(suggestion, vocabulary),
            "reason_codes": suggestion.reasons, "decided_at": suggestion.decided_at,
            "computed_at": suggestion.computed_at}


class SuggestionFiltersIn(Schema):
    status: Suggestion.Status = Suggestion.Status.OPEN


@router.get("/suggestions", response={200: list[SuggestionOut], 401: ErrorOut, 403: ErrorOut},
            auth=REQUIRED, summary="Suggested introductions, best first (staff)")
@paginate(Pagination, page_size=50)
def list_suggestions(request, filters: Query[SuggestionFiltersIn]):
    _staff_only(request)
    return _SuggestionList(open_suggestions().filter(status=filters.status)
                           .order_by("-score", "pk"))


class _SuggestionList:
    """A lazily described page: reasons are put into words only for the page returned."""

    def __init__(self, queryset) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = list(self.queryset[item])
        vocabulary = Vocabulary(rows)
        return [_suggestion_out(row, vocabulary) for row in rows]


class DecisionIn(Schema):
    status: Suggestion.Status


@router.post("/suggestions/{pk}/decide",
             response={200: SuggestionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             auth=REQUIRED, summary="Mark a suggestion done (it becomes a tie), dismissed or open")
def decide_suggestion(request, pk: Id, payload: DecisionIn):
    _staff_only(request)
    suggestion = get_object_or_404(open_suggestions(), pk=pk)
    suggestion = services.do_decide_suggestion(request.auth, suggestion, payload.status)
    suggestion = open_suggestions().get(pk=suggestion.pk)
    return _suggestion_out(suggestion, Vocabulary([suggestion]))


class PartnershipOut(Schema):
    id: int
    proposer: str = Field(alias="proposer.slug")
    partner: str = Field(alias="partner.slug")
    description: str
    started_on: date | None
    status: str
    answered_at: datetime | None
    created: datetime


class PartnershipIn(Schema):
    proposer: str = Field(..., max_length=80)
    partner: str = Field(..., max_length=80)
    description: str = Field("", max_length=limit(Partnership, "description"))
    started_on: date | None = None


class AnswerIn(Schema):
    confirm: bool


def _partnerships_of(user):
    listed = Partnership.objects.select_related("proposer", "partner")
    if user.is_staff:
        return listed
    own = Organisation.objects.filter(memberships__user=user).values("pk")
    return listed.filter(proposer__in=own) | listed.filter(partner__in=own)


@router.get("/partnerships", response={200: list[PartnershipOut], 401: ErrorOut},
            auth=REQUIRED, summary="Partnerships of the caller's organisations")
@paginate(Pagination, page_size=50)
def list_partnerships(request):
    return _partnerships_of(request.auth).order_by("-created", "-pk")


def _call(function, *args):
    try:
        return function(*args)
    except PermissionDenied:
        raise HttpError(403, _("Only this organisation's admins and staff may do this.")) from None
    except ValidationError as error:
        return invalid(error_messages(error))


@router.post("/partnerships",
             response={201: PartnershipOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                       422: dict},
             auth=REQUIRED, summary="Propose a partnership (the proposer's admins)")
def propose_partnership(request, payload: PartnershipIn):
    proposer = get_object_or_404(Organisation.objects.visible_to(request.auth),
                                 slug=payload.proposer)
    partner = get_object_or_404(Organisation.objects.public(), slug=payload.partner)
    result = _call(services.do_propose_partnership, request.auth, proposer, partner,
                   payload.description, payload.started_on)
    return result if not isinstance(result, Partnership) else Status(201, result)


@router.post("/partnerships/{pk}/answer",
             response={200: PartnershipOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                       422: dict},
             auth=REQUIRED, summary="Confirm or decline a proposal (the partner's admins)")
def answer_partnership(request, pk: Id, payload: AnswerIn):
    partnership = get_object_or_404(_partnerships_of(request.auth), pk=pk)
    return _call(services.do_answer_partnership, request.auth, partnership, payload.confirm)


@router.post("/partnerships/{pk}/end",
             response={200: PartnershipOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                       422: dict},
             auth=REQUIRED, summary="End a partnership or withdraw a proposal (either side)")
def end_partnership(request, pk: Id):
    partnership = get_object_or_404(_partnerships_of(request.auth), pk=pk)
    return _call(services.do_end_partnership, request.auth, partnership)
