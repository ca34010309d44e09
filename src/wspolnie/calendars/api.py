"""/api/calendars/: events imported from member organisations' calendars (public, unless staff
hid them) and an organisation's feeds with their import status (its admins and staff)."""

# No `from __future__ import annotations`: ninja reads the annotations at run time.
import datetime as dt
from datetime import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Pagination
from wspolnie.organisations.models import Organisation

from . import selectors
from .models import Feed, ImportedEvent
from .services import can_manage_feeds

router = Router(tags=["calendars"])


class ImportedEventOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    location: str
    url: str = Field(..., description="the event on the organiser's own site")
    description: str = Field(..., description="sanitised HTML")
    languages: list[str]
    topics: list[str]
    organisation: str = Field(..., description="the source organisation's slug")
    organisation_name: str
    html_url: str

    @staticmethod
    def resolve_topics(obj: ImportedEvent) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_organisation(obj: ImportedEvent) -> str:
        return obj.feed.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: ImportedEvent) -> str:
        return obj.feed.organisation.name

    @staticmethod
    def resolve_html_url(obj: ImportedEvent) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class FeedOut(Schema):
    id: int
    url: str
    kind: str
    enabled: bool
    status: str = Field(..., alias="last_status")
    status_label: str = Field(..., alias="get_last_status_display")
    error: str = Field(..., alias="last_error")
    error_label: str
    error_detail: str = Field(..., alias="last_error_detail")
    last_checked: datetime | None
    last_success: datetime | None
    events: int = Field(..., alias="imported_count")
    duplicates: int = Field(..., alias="duplicate_count")
    skipped: int = Field(..., alias="skipped_count")

    @staticmethod
    def resolve_error_label(obj: Feed) -> str:
        return str(obj.get_last_error_display()) if obj.last_error else ""


def _aware(value: datetime | None) -> datetime | None:
    """The moment in UTC (a naive one read as UTC). In UTC because PostgreSQL refuses offsets
    beyond ±15:59 that ISO 8601 allows ("+19:59" was a 500); a moment that falls outside the
    years Python can hold once moved to UTC becomes the first or last one it can."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min if value.year == dt.MINYEAR else dt.datetime.max
        return edge.replace(tzinfo=dt.UTC)


@router.get("/events", response=list[ImportedEventOut],
            summary="Events imported from member organisations' calendars")
@paginate(Pagination, page_size=50)
def list_events(request, organisation: str | None = Query(None, max_length=100),
                topic: str | None = Query(None, max_length=100),
                language: str | None = Query(None, max_length=35),
                starts_after: datetime | None = None, starts_before: datetime | None = None):
    filters = {name: [value] for name, value in (
        ("organiser", organisation), ("topic", topic), ("language", language)) if value}
    found = selectors.filtered(filters)
    starts_after, starts_before = _aware(starts_after), _aware(starts_before)
    if starts_after is not None:
        found = found.filter(starts_at__gte=starts_after)
    if starts_before is not None:
        found = found.filter(starts_at__lt=starts_before)
    return found.prefetch_related("topics").order_by("starts_at", "pk")


@router.get("/organisations/{slug}/feeds", auth=REQUIRED,
            response={200: list[FeedOut], 403: ErrorOut, 404: ErrorOut},
            summary="An organisation's calendar feeds and their import status (its admins, staff)")
def organisation_feeds(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_feeds(request.user, organisation):
        raise HttpError(403, _("Only this organisation's admins and staff may see its feeds."))
    return list(organisation.calendar_feeds.order_by("url"))
