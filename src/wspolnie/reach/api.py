"""/api/reach/: a distribution plan's tracked links and what they brought, for the
announcement's managers (its organisation's admins and staff); others get 403 for a published
announcement and 404 for a draft, as for the plan itself."""

from __future__ import annotations

import datetime

from django.db.models import Sum
from ninja import Router, Schema

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Id
from wspolnie.distribution.api import _announcement

from .models import Count
from .selectors import Figures, measured

router = Router(tags=["reach"])


class ReachFiguresOut(Schema):
    visits: int
    registrations: int
    subscriptions: int
    board_posts: int
    conversions: int


class ReachLanguageFiguresOut(ReachFiguresOut):
    language: str


class TrackedLinkChannelOut(Schema):
    id: int
    name: str
    kind: str
    opinion_leader: bool
    communities: list[str]


class TrackedLinkOut(Schema):
    item_id: int
    status: str
    channel: TrackedLinkChannelOut
    code: str
    url: str
    qr_png: str
    qr_svg: str
    figures: ReachFiguresOut
    languages: list[ReachLanguageFiguresOut]


class TrackedLinksOut(Schema):
    announcement_id: int
    links: list[TrackedLinkOut]


class ReachRowOut(ReachFiguresOut):
    key: str
    label: str
    targeted: bool


class ReachDayOut(ReachFiguresOut):
    day: datetime.date


class ReachOut(Schema):
    announcement_id: int
    total: ReachFiguresOut
    languages: list[ReachRowOut]
    communities: list[ReachRowOut]
    days: list[ReachDayOut]


def _figures(figures: Figures) -> dict:
    return {"visits": figures.visits, "registrations": figures.registrations,
            "subscriptions": figures.subscriptions, "board_posts": figures.board_posts,
            "conversions": figures.conversions}


def _row(row) -> dict:
    return {"key": row.key, "label": row.label, "targeted": row.targeted, **_figures(row)}


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("/plans/{int:pk}/links", response={200: TrackedLinksOut, **ERRORS}, auth=REQUIRED,
            summary="A plan's tracked links (one per channel), each with its counts")
def plan_links(request, pk: Id):
    announcement = _announcement(request, pk)
    found = measured(announcement)
    links = []
    for figures in found.links:
        channel, link = figures.channel, figures.link
        links.append({
            "item_id": figures.item.pk,
            "status": figures.item.status,
            "channel": {"id": channel.pk, "name": channel.name, "kind": channel.kind,
                        "opinion_leader": channel.is_opinion_leader,
                        "communities": [c.slug for c in channel.communities.all()]},
            "code": link.code,
            "url": link.public_url(),
            "qr_png": f"{link.public_url()}/qr.png",
            "qr_svg": f"{link.public_url()}/qr.svg",
            "figures": _figures(figures),
            "languages": [{"language": code, **_figures(per_language)}
                          for code, _name, per_language in figures.language_list()],
        })
    return {"announcement_id": announcement.pk, "links": links}


@router.get("/plans/{int:pk}/reach", response={200: ReachOut, **ERRORS}, auth=REQUIRED,
            summary="What a plan's tracked links brought: per language, community and day")
def plan_reach(request, pk: Id):
    announcement = _announcement(request, pk)
    found = measured(announcement)
    days: dict[datetime.date, Figures] = {}
    for row in (Count.objects.filter(link__item__announcement=announcement).order_by()
                .values("day", "kind").annotate(n=Sum("count"))):
        days.setdefault(row["day"], Figures()).add(row["kind"], row["n"])
    return {
        "announcement_id": announcement.pk,
        "total": _figures(found.total),
        "languages": [_row(row) for row in found.languages],
        "communities": [_row(row) for row in found.communities],
        "days": [{"day": day, **_figures(figures)} for day, figures in sorted(days.items())],
    }
