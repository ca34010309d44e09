"""Reading plans: what an announcement targets, the plan's items, its gaps, and the coverage
reports (per announcement and across the last N announcements).

Which channel reaches which target follows one rule, `wspolnie.channels.selectors`' (the
proposal, the gaps and the coverage report agree): a channel bound to districts outside the
announcement's ones reaches none of its targets; within them, it reaches the target
communities and languages it serves and the target districts it serves (a city-wide channel
serves every district)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.channels.selectors import (
    channels_reaching,
    coverage_gaps,
    coverage_of,
    district_gaps,
)
from wspolnie.directory.models import Community, District, Language

from .models import PlanItem

#: Statuses that mean "the channel is still expected to carry it".
PLANNED = (PlanItem.Status.TODO, PlanItem.Status.SUBMITTED)
OVERVIEW_DEFAULT = 10
OVERVIEW_MAX = 100


def targets(announcement: Announcement) -> tuple[list[str], list[str], list[str]]:
    """(community slugs, language codes, district slugs) the announcement is meant to reach.
    The languages are the source language and the other target languages: the versions that
    will exist."""
    communities = list(announcement.communities.values_list("slug", flat=True))
    districts = list(announcement.districts.values_list("slug", flat=True))
    return communities, announcement.target_language_codes(), districts


def publication_date(announcement: Announcement) -> datetime.date | None:
    """The day the news should be out: the publication date, else the event's start."""
    moment = announcement.publish_at
    if moment is None and announcement.event_id is not None:
        moment = announcement.event.starts_at
    return timezone.localdate(moment) if moment is not None else None


def is_overdue(item: PlanItem, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        item.status == PlanItem.Status.TODO and item.deadline is not None and item.deadline < today
    )


def plan_items(announcement: Announcement, *, sort: str = "") -> list[PlanItem]:
    """The plan's items with their channels; by rank, or by deadline (undated last) when
    sort == "deadline". Each item gets `overdue`."""
    items = list(
        announcement.plan_items.select_related("channel__organisation", "done_by")
        .prefetch_related("channel__languages", "channel__communities", "channel__districts")
    )
    if sort == "deadline":
        items.sort(key=lambda i: (i.deadline is None, i.deadline or datetime.date.min,
                                  i.position, i.pk))
    today = timezone.localdate()
    for item in items:
        item.overdue = is_overdue(item, today)
    return items


@dataclass
class Gaps:
    communities: list[Community] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.communities or self.languages or self.districts)


@dataclass
class PlanGaps:
    #: Targets no active channel in the whole directory reaches: a channel must be found.
    directory: Gaps
    #: Targets some channel reaches, but none in the plan (declined ones do not count).
    plan: Gaps
    #: Offline channels (notice boards, opinion leaders, …) in the plan / in the directory
    #: for these targets.
    offline_in_plan: int = 0
    offline_available: int = 0

    @property
    def online_only(self) -> bool:
        return self.offline_in_plan == 0


def _gaps(communities, languages, districts, queryset=None) -> Gaps:
    found = coverage_gaps(communities, languages, districts, queryset=queryset)
    return Gaps(found["communities"], found["languages"],
                district_gaps(districts, queryset=queryset))


def plan_gaps(announcement: Announcement) -> PlanGaps:
    communities, languages, districts = targets(announcement)
    directory = _gaps(communities, languages, districts)
    in_plan = Channel.objects.filter(
        pk__in=announcement.plan_items.exclude(status=PlanItem.Status.DECLINED).values("channel_id")
    )
    plan = _gaps(communities, languages, districts, queryset=in_plan)
    # What the directory cannot offer is listed once, under "no channel at all".
    plan = Gaps(
        [c for c in plan.communities if c not in directory.communities],
        [la for la in plan.languages if la.code not in {d.code for d in directory.languages}],
        [d for d in plan.districts if d not in directory.districts],
    )
    return PlanGaps(
        directory=directory,
        plan=plan,
        offline_in_plan=in_plan.with_mode(Channel.Mode.OFFLINE).count(),
        offline_available=channels_reaching(communities, languages, districts)
        .with_mode(Channel.Mode.OFFLINE)
        .count(),
    )


# Coverage -------------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    """One target community, language or district of one announcement."""

    key: str
    label: str
    published: int = 0
    planned: int = 0

    @property
    def state(self) -> str:
        if self.published:
            return "reached"
        return "planned" if self.planned else "missed"


@dataclass
class CoverageReport:
    communities: list[CoverageRow]
    languages: list[CoverageRow]
    districts: list[CoverageRow]
    published_channels: int
    planned_channels: int
    #: Sum of the published channels' estimated reach (channels without one count 0).
    reach_published: int
    reach_planned: int
    unknown_reach: int

    @property
    def missed(self) -> list[CoverageRow]:
        return [row for row in self.communities + self.languages + self.districts
                if row.state == "missed"]


def coverage_report(announcement: Announcement) -> CoverageReport:
    """Every target (communities, languages, districts), each with how many channels of the
    plan published it and still plan to: zero where none reaches it (the plan's gaps)."""
    communities_asked, languages_asked, districts_asked = targets(announcement)
    items = [
        item for item in plan_items(announcement) if item.status != PlanItem.Status.DECLINED
    ]
    by_slug = {c.slug: c for c in Community.objects.filter(slug__in=communities_asked)}
    community_rows = [CoverageRow(slug, by_slug[slug].name) for slug in communities_asked
                      if slug in by_slug]
    language_rows = [CoverageRow(code, Language(code=code).native_name) for code in languages_asked]
    districts_by_slug = {d.slug: d for d in District.objects.filter(slug__in=districts_asked)}
    district_rows = [CoverageRow(slug, districts_by_slug[slug].name) for slug in districts_asked
                     if slug in districts_by_slug]
    covered = coverage_of([item.channel for item in items], communities_asked, languages_asked,
                          districts_asked)
    for item, coverage in zip(items, covered, strict=True):
        published = item.status == PlanItem.Status.PUBLISHED
        reached_districts = (
            set(districts_by_slug) if coverage.citywide else {d.slug for d in coverage.districts}
        )
        for rows, reached in (
            (community_rows, {c.slug for c in coverage.communities}),
            (language_rows, {la.code for la in coverage.languages}),
            (district_rows, reached_districts),
        ):
            for row in rows:
                if row.key in reached:
                    if published:
                        row.published += 1
                    else:
                        row.planned += 1
    published_items = [i for i in items if i.status == PlanItem.Status.PUBLISHED]
    planned_items = [i for i in items if i.status in PLANNED]
    return CoverageReport(
        communities=community_rows,
        languages=language_rows,
        districts=district_rows,
        published_channels=len(published_items),
        planned_channels=len(planned_items),
        reach_published=sum(i.channel.estimated_reach or 0 for i in published_items),
        reach_planned=sum(i.channel.estimated_reach or 0 for i in planned_items),
        unknown_reach=sum(1 for i in published_items if i.channel.estimated_reach is None),
    )


@dataclass
class OverviewRow:
    """One community or language across the announcements of the overview."""

    key: str
    label: str
    targeted: int = 0
    reached: int = 0

    @property
    def missed(self) -> int:
        return self.targeted - self.reached

    @property
    def keeps_missing(self) -> bool:
        return self.targeted > 0 and 2 * self.missed >= self.targeted


@dataclass
class TimelineRow:
    """One announcement of the overview: how much of what it targeted it reached."""

    announcement: Announcement
    communities_targeted: int
    communities_reached: int
    languages_targeted: int
    languages_reached: int
    missed_communities: list[str]


@dataclass
class CoverageOverview:
    announcements: list[Announcement]
    communities: list[OverviewRow]
    languages: list[OverviewRow]
    #: Communities in the directory that no active channel reaches at all.
    unreachable: list[Community]
    #: The same announcements, oldest first: is coverage getting better over time?
    timeline: list[TimelineRow]

    @property
    def keep_missing(self) -> list[OverviewRow]:
        return [row for row in self.communities if row.keeps_missing]


def overview_announcements(user, n: int) -> list[Announcement]:
    """The last n published announcements the user manages (staff: all)."""
    return list(
        Announcement.objects.editable_by(user)
        .filter(status=Announcement.Status.PUBLISHED)
        .prefetch_related("communities", "languages")
        .order_by("-publish_at", "-created", "-id")[:n]
    )


def coverage_overview(user, n: int = OVERVIEW_DEFAULT) -> CoverageOverview:
    return overview_of(overview_announcements(user, n))


def overview_of(announcements: list[Announcement]) -> CoverageOverview:
    """The coverage overview of these announcements (their communities and languages
    prefetched): a bounded number of queries however many there are."""
    ids = [a.pk for a in announcements]
    # Which communities / languages each announcement reached: through its published items.
    reached_communities: dict[int, set[str]] = defaultdict(set)
    reached_languages: dict[int, set[str]] = defaultdict(set)
    published = PlanItem.objects.filter(announcement_id__in=ids, status=PlanItem.Status.PUBLISHED)
    for announcement_id, slug in published.filter(channel__communities__isnull=False).values_list(
        "announcement_id", "channel__communities__slug"
    ):
        reached_communities[announcement_id].add(slug)
    for announcement_id, code in published.filter(channel__languages__isnull=False).values_list(
        "announcement_id", "channel__languages__code"
    ):
        reached_languages[announcement_id].add(code)

    community_rows: dict[str, OverviewRow] = {}
    language_rows: dict[str, OverviewRow] = {}
    timeline: list[TimelineRow] = []
    for announcement in announcements:
        communities = list(announcement.communities.all())
        codes = announcement.target_language_codes()
        timeline.append(TimelineRow(
            announcement=announcement,
            communities_targeted=len(communities),
            communities_reached=sum(
                c.slug in reached_communities[announcement.pk] for c in communities
            ),
            languages_targeted=len(codes),
            languages_reached=sum(code in reached_languages[announcement.pk] for code in codes),
            missed_communities=[
                c.name for c in communities if c.slug not in reached_communities[announcement.pk]
            ],
        ))
        for community in announcement.communities.all():
            row = community_rows.setdefault(community.slug, OverviewRow(community.slug,
                                                                        community.name))
            row.targeted += 1
            row.reached += community.slug in reached_communities[announcement.pk]
        for code in announcement.target_language_codes():
            row = language_rows.setdefault(code, OverviewRow(code, Language(code=code).native_name))
            row.targeted += 1
            row.reached += code in reached_languages[announcement.pk]

    reachable = Channel.objects.public().filter(communities__isnull=False).values(
        "communities__pk"
    )
    unreachable = list(Community.objects.exclude(Q(pk__in=reachable)))
    return CoverageOverview(
        announcements=announcements,
        communities=sorted(community_rows.values(), key=lambda r: (-r.missed, r.label)),
        languages=sorted(language_rows.values(), key=lambda r: (-r.missed, r.label)),
        unreachable=unreachable,
        timeline=timeline[::-1],
    )
