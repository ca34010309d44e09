"""Reading the counts: per tracked link (plan item), per language and per community for one
announcement; per community and channel across the announcements of the coverage overview.

A link's communities are its channel's communities: a visit through a channel that serves
the Ukrainian and the Belarusian communities counts for both (the counts say which channels
bring people from which communities, not who the people are)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from wspolnie.announcements.models import Announcement
from wspolnie.channels.models import Channel
from wspolnie.directory.models import Community, Language
from wspolnie.distribution.models import PlanItem
from wspolnie.distribution.selectors import plan_items, targets

from .models import CONVERSIONS, Count, Kind, LeaderPage, TrackedLink
from .services import issue_links


@dataclass
class Figures:
    """Visits and conversions (by kind) of one link, language, community or channel."""

    visits: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def conversions(self) -> int:
        return sum(self.by_kind.values())

    def add(self, kind: str, n: int) -> None:
        if kind == Kind.VISIT:
            self.visits += n
        else:
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n

    def kind(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)

    @property
    def registrations(self) -> int:
        return self.kind(Kind.REGISTRATION)

    @property
    def subscriptions(self) -> int:
        return self.kind(Kind.SUBSCRIPTION)

    @property
    def board_posts(self) -> int:
        return self.kind(Kind.BOARD_POST)


@dataclass
class LinkFigures(Figures):
    item: PlanItem | None = None
    link: TrackedLink | None = None
    #: Figures per language code.
    languages: dict[str, Figures] = field(default_factory=dict)

    @property
    def channel(self) -> Channel:
        return self.item.channel

    def language_list(self) -> list[tuple[str, str, Figures]]:
        """(code, native name, figures), most visits first."""
        return [(code, Language(code=code).native_name, figures)
                for code, figures in sorted(self.languages.items(),
                                            key=lambda kv: (-kv[1].visits, kv[0]))]


@dataclass
class Row(Figures):
    key: str = ""
    label: str = ""
    #: A target of the announcement (communities and languages it was meant to reach).
    targeted: bool = False


@dataclass
class Measured:
    links: list[LinkFigures]
    languages: list[Row]
    communities: list[Row]
    total: Figures

    @property
    def leaders(self) -> list[LinkFigures]:
        return [f for f in self.links if f.channel.is_opinion_leader]


def _counts(**filters):
    return (Count.objects.filter(**filters).order_by()
            .values("link_id", "language", "kind").annotate(n=Sum("count")))


def measured(announcement: Announcement, items: list[PlanItem] | None = None) -> Measured:
    """What the announcement's tracked links brought, per link, language and community.
    Declined items are kept when their link brought somebody (an old post still works)."""
    items = items if items is not None else plan_items(announcement)
    issue_links(items)
    by_link = {item.link.pk: LinkFigures(item=item, link=item.link) for item in items}
    total = Figures()
    communities_asked, languages_asked, _districts = targets(announcement)
    language_rows = {code: Row(key=code, label=Language(code=code).native_name, targeted=True)
                     for code in languages_asked}
    for row in _counts(link_id__in=list(by_link)):
        figures = by_link[row["link_id"]]
        figures.add(row["kind"], row["n"])
        total.add(row["kind"], row["n"])
        code = row["language"]
        figures.languages.setdefault(code, Figures()).add(row["kind"], row["n"])
        language_rows.setdefault(code, Row(key=code, label=Language(code=code).native_name))
        language_rows[code].add(row["kind"], row["n"])

    asked = {c.slug: c for c in Community.objects.filter(slug__in=communities_asked)}
    community_rows = {slug: Row(key=slug, label=c.name, targeted=True) for slug, c in asked.items()}
    for figures in by_link.values():
        for community in figures.channel.communities.all():
            row = community_rows.setdefault(community.slug,
                                            Row(key=community.slug, label=community.name))
            row.visits += figures.visits
            for kind, n in figures.by_kind.items():
                row.by_kind[kind] = row.by_kind.get(kind, 0) + n

    links = [f for f in by_link.values()
             if f.item.status != PlanItem.Status.DECLINED or f.visits or f.conversions]
    links.sort(key=lambda f: (-f.visits, -f.conversions, f.item.position, f.item.pk))

    def ordered(rows):
        return sorted(rows, key=lambda r: (-r.visits, -r.conversions, not r.targeted, r.label))

    return Measured(links=links, languages=ordered(language_rows.values()),
                    communities=ordered(community_rows.values()), total=total)


# Across announcements -------------------------------------------------------------------------


@dataclass
class ChannelRow(Figures):
    """One channel's figures for one community, across the overview's announcements."""

    community: str = ""
    channel: Channel | None = None
    announcements: set[int] = field(default_factory=set)


@dataclass
class KindRow(Figures):
    key: str = ""
    label: str = ""


@dataclass
class OverviewMeasured:
    #: Per community: the channels that brought its visits, best first.
    by_community: list[tuple[Row, list[ChannelRow]]]
    #: Per kind of channel (portal, opinion leader, notice board, …).
    kinds: list[KindRow]
    #: Per announcement id.
    announcements: dict[int, Figures]
    total: Figures


def overview_measured(announcements: list[Announcement]) -> OverviewMeasured:
    """The figures of the coverage overview's announcements: which channels (and kinds of
    channel) brought visits and conversions from which communities. A bounded number of
    queries however many announcements."""
    ids = [a.pk for a in announcements]
    per_announcement: dict[int, Figures] = defaultdict(Figures)
    per_channel: dict[int, Figures] = defaultdict(Figures)
    channel_announcements: dict[int, set[int]] = defaultdict(set)
    total = Figures()
    rows = (Count.objects.filter(link__item__announcement_id__in=ids).order_by()
            .values("link__item__announcement_id", "link__item__channel_id", "kind")
            .annotate(n=Sum("count")))
    for row in rows:
        announcement_id, channel_id = row["link__item__announcement_id"], row[
            "link__item__channel_id"]
        per_announcement[announcement_id].add(row["kind"], row["n"])
        per_channel[channel_id].add(row["kind"], row["n"])
        channel_announcements[channel_id].add(announcement_id)
        total.add(row["kind"], row["n"])
    channels = (Channel.objects.filter(pk__in=list(per_channel))
                .select_related("organisation").prefetch_related("communities"))
    communities: dict[str, tuple[Row, list[ChannelRow]]] = {}
    kinds: dict[str, KindRow] = {}
    for channel in channels:
        figures = per_channel[channel.pk]
        kind = kinds.setdefault(channel.kind, KindRow(key=channel.kind,
                                                      label=channel.get_kind_display()))
        kind.visits += figures.visits
        for name, n in figures.by_kind.items():
            kind.by_kind[name] = kind.by_kind.get(name, 0) + n
        for community in channel.communities.all():
            row, channel_rows = communities.setdefault(
                community.slug, (Row(key=community.slug, label=community.name), []))
            row.visits += figures.visits
            for name, n in figures.by_kind.items():
                row.by_kind[name] = row.by_kind.get(name, 0) + n
            channel_rows.append(ChannelRow(
                visits=figures.visits, by_kind=dict(figures.by_kind), community=community.name,
                channel=channel, announcements=channel_announcements[channel.pk],
            ))

    def best(rows):
        return sorted(rows, key=lambda r: (-r.visits, -r.conversions,
                                           getattr(r, "label", "") or str(r.channel)))

    by_community = [(row, best(channel_rows)) for row, channel_rows in
                    sorted(communities.values(), key=lambda rc: (-rc[0].visits, rc[0].label))]
    return OverviewMeasured(by_community=by_community, kinds=best(kinds.values()),
                            announcements=dict(per_announcement), total=total)


# An opinion leader's own ---------------------------------------------------------------------


def leader_items(page: LeaderPage) -> list[PlanItem]:
    """The leader's plan items whose announcement is public, newest first, each with its
    link (`item.link`) and figures (`item.figures`)."""
    items = [
        item for item in PlanItem.objects.filter(channel=page.channel)
        .exclude(status=PlanItem.Status.DECLINED)
        .select_related("announcement__organisation", "announcement__event", "channel")
        .prefetch_related("announcement__translations", "announcement__languages")
        .order_by("-announcement__publish_at", "-announcement_id")
        if item.announcement.is_public
    ]
    issue_links(items)
    figures = {item.link.pk: Figures() for item in items}
    for row in _counts(link_id__in=list(figures)):
        figures[row["link_id"]].add(row["kind"], row["n"])
    for item in items:
        item.figures = figures[item.link.pk]
    return items


CONVERSION_KINDS = [(kind.value, kind.label) for kind in CONVERSIONS]
