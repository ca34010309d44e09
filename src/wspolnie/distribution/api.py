"""/api/distribution/: distribution plans and their coverage, for the announcement's managers
(its organisation's admins and staff). Others get 403 for a published announcement and 404
for a draft, so that drafts do not leak."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field

from wspolnie.announcements.models import Announcement
from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Id, limit
from wspolnie.channels.models import Channel

from . import services
from .models import PlanItem
from .selectors import CoverageRow, Gaps, coverage_report, plan_gaps, plan_items
from .views import managed_announcement

router = Router(tags=["distribution"])


# Output ---------------------------------------------------------------------------------------


class ChannelRef(Schema):
    id: int
    name: str
    kind: str
    mode: str
    organisation: str
    estimated_reach: int | None
    web_url: str


class PlanSubmissionOut(Schema):
    how: str
    email: str
    url: str
    formats: list[str]
    lead_days: int | None


class ItemOut(Schema):
    id: int
    channel: ChannelRef
    status: str
    status_label: str
    position: int
    fit: int
    deadline: datetime.date | None
    overdue: bool
    done_by: str | None
    done_at: datetime.datetime | None
    published_url: str
    note: str
    added_by_hand: bool
    submission: PlanSubmissionOut
    #: Only when the caller may see it (opinion leaders' contacts stay with staff).
    contact_note: str | None


class TargetGapsOut(Schema):
    communities: list[str]
    languages: list[str]
    districts: list[str]


class PlanGapsOut(Schema):
    #: Targets no active channel in the directory reaches.
    directory: TargetGapsOut
    #: Targets the directory reaches but no channel in the plan does.
    plan: TargetGapsOut
    offline_in_plan: int
    offline_available: int


class PlanOut(Schema):
    announcement_id: int
    title: str
    items: list[ItemOut]
    gaps: PlanGapsOut


class CoverageRowOut(Schema):
    key: str
    label: str
    published: int
    planned: int
    state: str


class CoverageOut(Schema):
    announcement_id: int
    communities: list[CoverageRowOut]
    languages: list[CoverageRowOut]
    #: Every target district, like the communities and languages (0 where nothing reaches it).
    districts: list[CoverageRowOut]
    published_channels: int
    planned_channels: int
    reach_published: int
    reach_planned: int


# Input ----------------------------------------------------------------------------------------


class ItemPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: PlanItem.Status | None = None
    published_url: str | None = Field(None, max_length=limit(PlanItem, "published_url"))
    note: str | None = Field(None, max_length=limit(PlanItem, "note"))


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel_id: Id


# Helpers --------------------------------------------------------------------------------------


def _announcement(request: HttpRequest, pk: Id) -> Announcement:
    try:
        return managed_announcement(request.user, pk)
    except PermissionDenied:
        raise HttpError(
            403, _("Only the announcement's organisation admins and staff may see its plan.")
        ) from None
    except Http404:
        raise HttpError(404, _("Not found.")) from None


def _gaps_out(gaps: Gaps) -> dict:
    return {
        "communities": [c.slug for c in gaps.communities],
        "languages": [la.code for la in gaps.languages],
        "districts": [d.slug for d in gaps.districts],
    }


def item_out(item: PlanItem, user) -> dict:
    channel: Channel = item.channel
    return {
        "id": item.pk,
        "channel": {
            "id": channel.pk,
            "name": channel.name,
            "kind": channel.kind,
            "mode": channel.mode,
            "organisation": channel.organisation.slug,
            "estimated_reach": channel.estimated_reach,
            "web_url": channel.get_absolute_url(),
        },
        "status": item.status,
        "status_label": item.get_status_display(),
        "position": item.position,
        "fit": item.fit,
        "deadline": item.deadline,
        "overdue": getattr(item, "overdue", False),
        "done_by": (item.done_by.name or item.done_by.email) if item.done_by else None,
        "done_at": item.done_at,
        "published_url": item.published_url,
        "note": item.note,
        "added_by_hand": item.added_by_hand,
        "submission": {
            "how": channel.submission_how_in(),
            "email": channel.submission_email,
            "url": channel.submission_url,
            "formats": channel.accepted_formats,
            "lead_days": channel.submission_lead_days,
        },
        "contact_note": channel.contact_note if channel.contact_visible_to(user) else None,
    }


def _item(announcement: Announcement, item_id: Id) -> PlanItem:
    for item in plan_items(announcement):
        if item.pk == item_id:
            return item
    raise HttpError(404, _("This channel is not in the plan."))


def plan_out(announcement: Announcement, user) -> dict:
    gaps = plan_gaps(announcement)
    return {
        "announcement_id": announcement.pk,
        "title": announcement.title,
        "items": [item_out(item, user) for item in plan_items(announcement)],
        "gaps": {
            "directory": _gaps_out(gaps.directory),
            "plan": _gaps_out(gaps.plan),
            "offline_in_plan": gaps.offline_in_plan,
            "offline_available": gaps.offline_available,
        },
    }


def _row(row: CoverageRow) -> dict:
    return {"key": row.key, "label": row.label, "published": row.published,
            "planned": row.planned, "state": row.state}


def _invalid(error: DjangoValidationError):
    return Status(422, {"detail": _("The request is not valid."), "errors": error.message_dict})


# Endpoints ------------------------------------------------------------------------------------

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("/plans/{int:pk}", response={200: PlanOut, **ERRORS}, auth=REQUIRED,
            summary="An announcement's distribution plan, with its gaps")
def get_plan(request, pk: Id):
    return plan_out(_announcement(request, pk), request.user)


@router.post("/plans/{int:pk}/propose", response={200: PlanOut, **ERRORS},
             auth=REQUIRED,
             summary="Propose (or refresh) the plan from the directory; keeps statuses")
def propose_plan(request, pk: Id):
    announcement = _announcement(request, pk)
    services.do_propose_plan(request.user, announcement)
    return plan_out(announcement, request.user)


@router.post("/plans/{int:pk}/items", response={201: ItemOut, 422: dict, **ERRORS},
             auth=REQUIRED, summary="Add a channel to the plan by hand")
def add_item(request, pk: Id, payload: ItemIn):
    announcement = _announcement(request, pk)
    channel = get_object_or_404(Channel.objects.public(), pk=payload.channel_id)
    try:
        item = services.do_add_channel(request.user, announcement, channel)
    except DjangoValidationError as error:
        return _invalid(error)
    return Status(201, item_out(_item(announcement, item.pk), request.user))


def _managed_item(request: HttpRequest, pk: Id) -> tuple[Announcement, PlanItem]:
    """A plan item by its own id (the project's URLs take one id each), for the managers of
    its announcement; others get 404/403 as for the announcement."""
    announcement_id = PlanItem.objects.filter(pk=pk).values_list("announcement_id", flat=True)
    if not announcement_id:
        raise HttpError(404, _("This channel is not in the plan."))
    announcement = _announcement(request, announcement_id[0])
    return announcement, _item(announcement, pk)


@router.patch("/items/{int:pk}", response={200: ItemOut, 422: dict, **ERRORS}, auth=REQUIRED,
              summary="Record a plan item's status, the published link and a note")
def update_item(request, pk: Id, payload: ItemPatch):
    announcement, item = _managed_item(request, pk)
    values = payload.model_dump(exclude_unset=True)
    try:
        services.do_set_status(
            request.user,
            item,
            str(values.get("status") or item.status),
            values.get("published_url") if "published_url" in values else item.published_url,
            values.get("note") if "note" in values else item.note,
        )
    except DjangoValidationError as error:
        return _invalid(error)
    return item_out(_item(announcement, item.pk), request.user)


@router.delete("/items/{int:pk}", response={204: None, **ERRORS}, auth=REQUIRED,
               summary="Remove a channel from a plan")
def remove_item(request, pk: Id):
    _plan, item = _managed_item(request, pk)
    services.do_remove_item(request.user, item)
    return Status(204, None)


@router.get("/plans/{int:pk}/coverage", response={200: CoverageOut, **ERRORS},
            auth=REQUIRED,
            summary="Which target communities, languages and districts the plan reached")
def get_coverage(request, pk: Id):
    announcement = _announcement(request, pk)
    report = coverage_report(announcement)
    return {
        "announcement_id": announcement.pk,
        "communities": [_row(row) for row in report.communities],
        "languages": [_row(row) for row in report.languages],
        "districts": [_row(row) for row in report.districts],
        "published_channels": report.published_channels,
        "planned_channels": report.planned_channels,
        "reach_published": report.reach_published,
        "reach_planned": report.reach_planned,
    }
