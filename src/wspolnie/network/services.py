"""State changes of the network: declared partnerships (proposed by one organisation's admin,
confirmed or declined by the other's), decisions on suggested introductions (staff), and the
rebuild of the derived graph (the background task and `wspolnie rebuild_network`)."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.audit import record, register_action
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.permissions import can_edit_organisation

from .models import NetworkState, Partnership, Suggestion, Tie, ordered_pair

logger = logging.getLogger(__name__)

register_action("partnership.proposed", gettext_lazy("Partnership proposed"))
register_action("partnership.confirmed", gettext_lazy("Partnership confirmed"))
register_action("partnership.declined", gettext_lazy("Partnership declined"))
register_action("partnership.ended", gettext_lazy("Partnership ended"))
register_action("suggestion.done", gettext_lazy("Introduction made"))
register_action("suggestion.dismissed", gettext_lazy("Suggested introduction dismissed"))
register_action("suggestion.reopened", gettext_lazy("Suggested introduction reopened"))


def request_rebuild() -> None:
    """Ask for a new computation: the worker's next sweep enqueues one (see sweeps.py)."""
    NetworkState.get()
    NetworkState.objects.filter(pk=1).update(requested=True)


def _put_tie(kind: str, first: int, second: int, day: dt.date, source: list) -> None:
    """A declared tie at once (the next rebuild derives the same row)."""
    a, b = ordered_pair(first, second)
    tie, created = Tie.objects.get_or_create(
        org_a_id=a, org_b_id=b, kind=kind,
        defaults={"first_date": day, "last_date": day, "sources": [source]},
    )
    if not created and source not in tie.sources:
        tie.weight += 1
        tie.sources = [*tie.sources, source]
        tie.last_date = max(filter(None, [tie.last_date, day]))
        tie.save()


def _drop_tie(kind: str, first: int, second: int, source: list) -> None:
    a, b = ordered_pair(first, second)
    for tie in Tie.objects.filter(org_a_id=a, org_b_id=b, kind=kind):
        if tie.sources == [source] or tie.weight <= 1:
            tie.delete()
        elif source in tie.sources:
            tie.sources = [s for s in tie.sources if s != source]
            tie.weight -= 1
            tie.save()


@transaction.atomic
def do_propose_partnership(
    actor, proposer: Organisation, partner: Organisation, description: str = "",
    started_on: dt.date | None = None,
) -> Partnership:
    """`proposer`'s admin (or staff) declares a partnership with `partner`; it waits for
    `partner`'s admins. Proposing again after a decline or an end asks again."""
    if not can_edit_organisation(actor, proposer):
        raise PermissionDenied
    if not partner.is_public or not proposer.is_public:
        raise ValidationError({"partner": _("Partnerships are only between approved "
                                            "organisations.")})
    if proposer.pk == partner.pk:
        raise ValidationError({"partner": _("An organisation cannot partner itself.")})
    reverse_active = Partnership.objects.filter(
        proposer=partner, partner=proposer,
        status__in=[Partnership.Status.PENDING, Partnership.Status.CONFIRMED],
    ).exists()
    partnership = Partnership.objects.filter(proposer=proposer, partner=partner).first()
    if reverse_active or (partnership and partnership.status in (
        Partnership.Status.PENDING, Partnership.Status.CONFIRMED
    )):
        raise ValidationError({"partner": _("There is already a partnership with this "
                                            "organisation, or a proposal waiting.")})
    partnership = partnership or Partnership(proposer=proposer, partner=partner)
    partnership.description = description
    partnership.started_on = started_on
    partnership.status = Partnership.Status.PENDING
    partnership.proposed_by = actor
    partnership.answered_at = None
    partnership.full_clean()
    partnership.save()
    record(actor, "partnership.proposed", partnership, {
        "partner": [None, partner.name], "description": [None, description]})
    return partnership


@transaction.atomic
def do_answer_partnership(actor, partnership: Partnership, confirm: bool) -> Partnership:
    """The partner organisation's admin (or staff) confirms or declines a waiting proposal."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not can_edit_organisation(actor, partnership.partner):
        raise PermissionDenied
    if not partnership.is_pending:
        raise ValidationError(_("This proposal has been answered already."))
    partnership.status = (Partnership.Status.CONFIRMED if confirm
                          else Partnership.Status.DECLINED)
    partnership.answered_at = timezone.now()
    partnership.save(update_fields=["status", "answered_at", "updated"])
    record(actor, "partnership.confirmed" if confirm else "partnership.declined", partnership,
           {"status": [Partnership.Status.PENDING, partnership.status]})
    if confirm:
        _put_tie(Tie.Kind.PARTNERSHIP, partnership.proposer_id, partnership.partner_id,
                 partnership.started_on or timezone.localdate(),
                 ["network.partnership", partnership.pk])
        request_rebuild()
    return partnership


@transaction.atomic
def do_end_partnership(actor, partnership: Partnership) -> Partnership:
    """Either side's admin (or staff) ends a confirmed partnership or withdraws a proposal."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not (can_edit_organisation(actor, partnership.proposer)
            or can_edit_organisation(actor, partnership.partner)):
        raise PermissionDenied
    if partnership.status not in (Partnership.Status.PENDING, Partnership.Status.CONFIRMED):
        raise ValidationError(_("This partnership is not in force."))
    previous = partnership.status
    partnership.status = Partnership.Status.ENDED
    partnership.answered_at = timezone.now()
    partnership.save(update_fields=["status", "answered_at", "updated"])
    record(actor, "partnership.ended", partnership, {"status": [previous, partnership.status]})
    _drop_tie(Tie.Kind.PARTNERSHIP, partnership.proposer_id, partnership.partner_id,
              ["network.partnership", partnership.pk])
    request_rebuild()
    return partnership


SUGGESTION_ACTIONS = {
    Suggestion.Status.DONE: "suggestion.done",
    Suggestion.Status.DISMISSED: "suggestion.dismissed",
    Suggestion.Status.OPEN: "suggestion.reopened",
}


@transaction.atomic
def do_decide_suggestion(actor, suggestion: Suggestion, status: str) -> Suggestion:
    """Staff (the coordinator) mark a suggestion done (the introduction was made: it becomes a
    tie), dismiss it, or open it again."""
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied
    if status not in SUGGESTION_ACTIONS:
        raise ValidationError({"status": _("Choose done, dismissed or open.")})
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    previous = suggestion.status
    if previous == status:
        return suggestion
    suggestion.status = status
    suggestion.decided_by = actor if status != Suggestion.Status.OPEN else None
    suggestion.decided_at = timezone.now() if status != Suggestion.Status.OPEN else None
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor, SUGGESTION_ACTIONS[status], suggestion, {"status": [previous, status]})
    source = ["network.suggestion", suggestion.pk]
    if status == Suggestion.Status.DONE:
        _put_tie(Tie.Kind.INTRODUCTION, suggestion.org_a_id, suggestion.org_b_id,
                 timezone.localdate(), source)
    elif previous == Suggestion.Status.DONE:
        _drop_tie(Tie.Kind.INTRODUCTION, suggestion.org_a_id, suggestion.org_b_id, source)
    request_rebuild()
    return suggestion


def source_fingerprint() -> str:
    """A cheap summary of everything ties are derived from: when it changes, the graph is out
    of date. Counts catch additions and removals (also of many-to-many links, which have no
    timestamps), the newest `updated` catches edits."""
    from django.db.models import Count, Max

    from wspolnie.boards.models import Card
    from wspolnie.distribution.models import PlanItem
    from wspolnie.meetings.models import AgendaItem, Event, Registration, SeriesCoOrganiser
    from wspolnie.needs.models import NeedOffer

    parts = []
    for queryset, stamp in [
        (Organisation.objects.public(), "updated"),
        (Registration.objects.all(), "updated"),
        (Event.objects.all(), "updated"),
        (Event.organisers.through.objects.all(), None),
        (AgendaItem.speaker_organisations.through.objects.all(), None),
        (SeriesCoOrganiser.objects.all(), "answered_at"),
        (PlanItem.objects.all(), "updated"),
        (Card.objects.all(), "updated"),
        (NeedOffer.objects.all(), "updated"),
        (Partnership.objects.all(), "updated"),
        (Suggestion.objects.exclude(status=Suggestion.Status.OPEN), "decided_at"),
    ]:
        values = queryset.order_by().aggregate(
            count=Count("pk"), **({"last": Max(stamp)} if stamp else {}))
        last = values.get("last")
        parts.append(f"{values['count']}@{int(last.timestamp()) if last else 0}")
    return "/".join(parts)


def rebuild_network() -> dict:
    """Derive the ties, compute the graph and the suggestions, store the results. Idempotent:
    a second run with no change in the sources writes the same results."""
    from .compute import build_graph, compute_metrics, store
    from .derive import derive_ties
    from .suggestions import store_suggestions

    started = time.monotonic()
    fingerprint = source_fingerprint()
    NetworkState.get()
    NetworkState.objects.filter(pk=1).update(requested=False)
    counts = derive_ties()
    graph = build_graph()
    result = compute_metrics(graph)
    snapshot = store(result, started)
    suggestions = store_suggestions(graph)
    NetworkState.objects.filter(pk=1).update(fingerprint=fingerprint, enqueued_at=None)
    snapshot.seconds = time.monotonic() - started
    snapshot.save(update_fields=["seconds"])
    logger.info("Network rebuilt in %.1f s: %s", snapshot.seconds, counts)
    return {**counts, "organisations": snapshot.organisations, "ties": snapshot.ties,
            "suggestions": suggestions, "seconds": round(snapshot.seconds, 2)}
