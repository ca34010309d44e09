"""What the home page shows: what is happening in the network (issue #16).

Anonymous visitors see only public things: meetings that are not drafts and of an approved
organiser, published news, open needs and offers of approved organisations. A signed-in user
additionally sees their own registrations and the to-dos of the organisations they administer
(never another organisation's)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.announcements.views_news import NewsItem, pick_version
from wspolnie.directory.models import Community, Language
from wspolnie.distribution.models import PlanItem
from wspolnie.distribution.selectors import is_overdue
from wspolnie.meetings.models import Event, Registration, Series
from wspolnie.needs.models import NeedOffer
from wspolnie.organisations.models import Membership, Organisation

UPCOMING = 6
SERIES = 4
NEWS = 4
NEEDS = 4
TODOS = 5

T = AnnouncementTranslation.Status


@dataclass
class NetworkCounts:
    organisations: int
    communities: int
    languages: int


@dataclass
class SeriesDate:
    """Save the date: the next meeting of a series."""

    series: Series
    event: Event


@dataclass
class MemberCorner:
    """A signed-in user's part of the home page."""

    registrations: list[Registration] = field(default_factory=list)
    plan_items: list[PlanItem] = field(default_factory=list)
    plan_items_total: int = 0
    to_review: list[AnnouncementTranslation] = field(default_factory=list)
    to_translate: list[AnnouncementTranslation] = field(default_factory=list)

    @property
    def has_todos(self) -> bool:
        return bool(self.plan_items or self.to_review or self.to_translate)


def upcoming_meetings(limit: int = UPCOMING) -> list[Event]:
    """The next public meetings, not cancelled, soonest first."""
    return list(
        Event.objects.public().upcoming().exclude(status=Event.Status.CANCELLED)
        .select_related("series", "theme")[:limit]
    )


def next_series_dates(limit: int = SERIES) -> list[SeriesDate]:
    """Each public series with a coming meeting and that meeting: soonest first."""
    coming = Event.objects.public().upcoming().exclude(status=Event.Status.CANCELLED)
    next_pk = coming.filter(series=OuterRef("pk")).order_by("starts_at").values("pk")[:1]
    series = list(
        Series.objects.public().annotate(next_event=Subquery(next_pk))
        .filter(next_event__isnull=False)
    )
    events = Event.objects.in_bulk([item.next_event for item in series])
    dates = [SeriesDate(item, events[item.next_event]) for item in series]
    dates.sort(key=lambda date: date.event.starts_at)
    return dates[:limit]


def latest_news(limit: int = NEWS) -> list[NewsItem]:
    """The latest published announcements, each in the visitor's language where it has an
    approved version (else in its source language)."""
    announcements = Announcement.objects.published().select_related(
        "organisation").prefetch_related("translations")[:limit]
    return [NewsItem(item, pick_version(item, None), "") for item in announcements]


def fresh_needs(limit: int = NEEDS) -> list[NeedOffer]:
    return list(
        NeedOffer.objects.public().select_related("organisation").order_by("-created", "-id")
        [:limit]
    )


def network_counts() -> NetworkCounts:
    public = Organisation.objects.public()
    return NetworkCounts(
        organisations=public.count(),
        communities=Community.objects.filter(organisation__in=public).distinct().count(),
        languages=Language.objects.filter(organisation__in=public).distinct().count(),
    )


def _administered_announcements(user) -> Q:
    """The announcements of the organisations `user` is an admin of (staff: also the hub's
    own). Deliberately not every organisation's for staff: the home page lists one's own work."""
    administered = Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN).values("organisation_id")
    condition = Q(organisation_id__in=administered)
    if user.is_staff:
        condition |= Q(organisation__isnull=True)
    return condition


def member_corner(user) -> MemberCorner | None:
    if not user.is_authenticated:
        return None
    corner = MemberCorner()
    corner.registrations = list(
        Registration.objects.filter(
            user=user, status__in=Registration.ACTIVE, event__ends_at__gte=timezone.now()
        ).select_related("event").order_by("event__starts_at")
    )
    announcements = Announcement.objects.filter(_administered_announcements(user)).exclude(
        status=Announcement.Status.WITHDRAWN)
    due = (
        PlanItem.objects.filter(status=PlanItem.Status.TODO, announcement__in=announcements)
        .select_related("announcement", "channel").order_by("deadline", "position", "pk")
    )
    # Dated items first (soonest deadline first), then the undated ones.
    ordered = list(due.filter(deadline__isnull=False)[:TODOS])
    if len(ordered) < TODOS:
        ordered += list(due.filter(deadline__isnull=True)[:TODOS - len(ordered)])
    today = timezone.localdate()
    for item in ordered:
        item.overdue = is_overdue(item, today)
    corner.plan_items = ordered
    corner.plan_items_total = due.count()
    corner.to_review = list(
        AnnouncementTranslation.objects.filter(
            announcement__in=announcements, status=T.NEEDS_REVIEW
        ).select_related("announcement").order_by("announcement__created", "language")[:TODOS]
    )
    corner.to_translate = list(
        AnnouncementTranslation.objects.filter(translator=user, status__in=[T.MISSING, T.DRAFT])
        .exclude(announcement__status=Announcement.Status.WITHDRAWN)
        .select_related("announcement").order_by("announcement__created", "language")[:TODOS]
    )
    return corner

