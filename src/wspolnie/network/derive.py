"""Ties derived from what the hub already knows, and their synchronisation into `Tie`.

Each source gives sets of organisations that did something together (organised one meeting,
presented at one meeting, attended one meeting, posted on one board); every pair in a set gets
a tie of that kind. A published distribution plan item of a channel owned by one organisation
for another organisation's announcement ties those two. Confirmed partnerships and
introductions marked done are ties too. Only ids and dates are read: never a person's name.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from wspolnie.organisations.models import Organisation

from .models import TIE_SOURCES_KEPT, Partnership, Suggestion, Tie, ordered_pair

Key = tuple[int, int, str]


@dataclass
class Accumulated:
    weight: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    sources: list[list] = field(default_factory=list)

    def add(self, day: dt.date | None, source: list) -> None:
        if source in self.sources:
            return
        self.weight += 1
        if len(self.sources) < TIE_SOURCES_KEPT:
            self.sources.append(source)
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)


class TieCollector:
    def __init__(self) -> None:
        self.ties: dict[Key, Accumulated] = {}

    def add_group(self, kind: str, organisation_ids: Iterable[int], day, source: list) -> None:
        """Every pair of `organisation_ids` did `kind` together on `day` (see `source`)."""
        for first, second in itertools.combinations(sorted(set(organisation_ids)), 2):
            self.add_pair(kind, first, second, day, source)

    def add_pair(self, kind: str, first: int, second: int, day, source: list) -> None:
        if first == second:
            return
        a, b = ordered_pair(first, second)
        self.ties.setdefault((a, b, kind), Accumulated()).add(day, source)


def _local_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _groups(rows) -> dict[int, set[int]]:
    groups: dict[int, set[int]] = {}
    for group_id, organisation_id in rows:
        if organisation_id is not None:
            groups.setdefault(group_id, set()).add(organisation_id)
    return groups


def collect_meetings(collector: TieCollector) -> None:
    from wspolnie.meetings.models import AgendaItem, Event, Registration

    events = Event.objects.exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
    days = {pk: _local_date(starts) for pk, starts in events.values_list("pk", "starts_at")}
    organisers = _groups(
        Event.organisers.through.objects.filter(event_id__in=days)
        .values_list("event_id", "organisation_id")
    )
    for event_id, organisations in organisers.items():
        collector.add_group(Tie.Kind.CO_ORGANISING, organisations, days[event_id],
                            ["meetings.event", event_id])
    presenters = _groups(
        AgendaItem.speaker_organisations.through.objects.filter(agendaitem__event_id__in=days)
        .values_list("agendaitem__event_id", "organisation_id")
    )
    for event_id, organisations in presenters.items():
        collector.add_group(Tie.Kind.CO_PRESENTING, organisations, days[event_id],
                            ["meetings.event", event_id])
    # Registrants name their organisation in free text: it counts when it is exactly (up to
    # case and spaces) the name of an organisation in the directory.
    by_name: dict[str, int] = {}
    for pk, name in Organisation.objects.order_by("pk").values_list("pk", "name"):
        by_name.setdefault(" ".join(name.split()).casefold(), pk)
    attending: dict[int, set[int]] = {}
    registrations = Registration.objects.filter(
        event_id__in=days, status__in=Registration.HOLDING_A_SEAT
    ).exclude(organisation_name="")
    for event_id, name in registrations.values_list("event_id", "organisation_name").iterator():
        organisation_id = by_name.get(" ".join(name.split()).casefold())
        if organisation_id is not None:
            attending.setdefault(event_id, set()).add(organisation_id)
    for event_id, organisations in attending.items():
        collector.add_group(Tie.Kind.CO_ATTENDING, organisations, days[event_id],
                            ["meetings.event", event_id])


def collect_boards(collector: TieCollector) -> None:
    from wspolnie.boards.models import Board, Card

    owners = dict(Board.objects.values_list("pk", "organisation_id"))
    posted: dict[int, set[int]] = {}
    last: dict[int, dt.date] = {}
    cards = Card.objects.filter(
        author_organisation__isnull=False, is_approved=True, is_hidden=False
    ).values_list("board_id", "author_organisation_id", "created")
    for board_id, organisation_id, created in cards.iterator():
        posted.setdefault(board_id, {owners[board_id]}).add(organisation_id)
        day = _local_date(created)
        last[board_id] = max(last.get(board_id, day), day)
    for board_id, organisations in posted.items():
        collector.add_group(Tie.Kind.BOARD, organisations, last[board_id],
                            ["boards.board", board_id])


def collect_distribution(collector: TieCollector) -> None:
    from wspolnie.distribution.models import PlanItem

    items = PlanItem.objects.filter(
        status=PlanItem.Status.PUBLISHED, announcement__organisation__isnull=False,
        channel__organisation__isnull=False,
    ).values_list("pk", "channel__organisation_id", "announcement__organisation_id",
                  "done_at", "updated")
    for pk, channel_owner, author, done_at, updated in items.iterator():
        collector.add_pair(Tie.Kind.DISTRIBUTION, channel_owner, author,
                           _local_date(done_at or updated), ["distribution.planitem", pk])


def collect_declared(collector: TieCollector) -> None:
    partnerships = Partnership.objects.filter(status=Partnership.Status.CONFIRMED)
    for pk, proposer, partner, started_on, answered_at in partnerships.values_list(
        "pk", "proposer_id", "partner_id", "started_on", "answered_at"
    ):
        collector.add_pair(Tie.Kind.PARTNERSHIP, proposer, partner,
                           started_on or _local_date(answered_at), ["network.partnership", pk])
    done = Suggestion.objects.filter(status=Suggestion.Status.DONE)
    for pk, a, b, decided_at in done.values_list("pk", "org_a_id", "org_b_id", "decided_at"):
        collector.add_pair(Tie.Kind.INTRODUCTION, a, b, _local_date(decided_at),
                           ["network.suggestion", pk])


def collect_all() -> dict[Key, Accumulated]:
    collector = TieCollector()
    collect_meetings(collector)
    collect_boards(collector)
    collect_distribution(collector)
    collect_declared(collector)
    return collector.ties


def sync_ties(wanted: dict[Key, Accumulated], batch_size: int = 2000) -> dict[str, int]:
    """Make the Tie table what `wanted` says: create, update and delete only the rows that
    differ (a rebuild with no change writes nothing). Returns the counts."""
    existing = {
        (a, b, kind): (pk, weight, first, last, sources)
        for pk, a, b, kind, weight, first, last, sources in Tie.objects.values_list(
            "pk", "org_a_id", "org_b_id", "kind", "weight", "first_date", "last_date", "sources"
        ).iterator()
    }
    to_create, to_update = [], []
    for key, value in wanted.items():
        row = (value.weight, value.first, value.last, value.sources)
        if key not in existing:
            to_create.append(Tie(org_a_id=key[0], org_b_id=key[1], kind=key[2],
                                 weight=value.weight, first_date=value.first,
                                 last_date=value.last, sources=value.sources))
        elif existing[key][1:] != row:
            to_update.append(Tie(pk=existing[key][0], weight=value.weight,
                                 first_date=value.first, last_date=value.last,
                                 sources=value.sources, updated=timezone.now()))
    to_delete = [existing[key][0] for key in existing.keys() - wanted.keys()]
    with transaction.atomic():
        Tie.objects.bulk_create(to_create, batch_size=batch_size)
        Tie.objects.bulk_update(
            to_update, ["weight", "first_date", "last_date", "sources", "updated"],
            batch_size=batch_size,
        )
        for start in range(0, len(to_delete), batch_size):
            Tie.objects.filter(pk__in=to_delete[start:start + batch_size]).delete()
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(to_delete)}


def derive_ties() -> dict[str, int]:
    return sync_ties(collect_all())
