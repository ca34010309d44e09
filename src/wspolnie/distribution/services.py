"""State changes of distribution plans. Every function takes the acting user first, checks that
they may manage the announcement (its organisation's admins and staff), and writes the audit
log. Views and the API only translate requests into these calls."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.announcements.models import Announcement
from wspolnie.announcements.permissions import can_manage_announcement
from wspolnie.channels.models import Channel
from wspolnie.channels.selectors import channels_reaching
from wspolnie.core import audit

from .models import PlanItem
from .selectors import publication_date, targets

audit.register_action("distribution.proposed", gettext_lazy("Distribution plan proposed"))
audit.register_action("distribution.channel_added", gettext_lazy("Channel added to a plan"))
audit.register_action("distribution.item_removed", gettext_lazy("Channel removed from a plan"))
audit.register_action("distribution.status_set", gettext_lazy("Plan item status changed"))

#: How many of the best-ranked channels a proposal takes…
PROPOSAL_SIZE = 20
#: …plus, beyond that, at least this many offline channels and opinion leaders when any reach
#: the targets: practitioners told us that online-only outreach misses whole communities.
MINIMUM_OFFLINE = 3
MINIMUM_OPINION_LEADERS = 3

_http_url = URLValidator(schemes=["http", "https"])


def _require_manager(actor, announcement: Announcement) -> None:
    if not can_manage_announcement(actor, announcement):
        raise PermissionDenied(_("Only the announcement's organisation admins and staff may plan."))


def deadline_for(channel: Channel, announcement: Announcement) -> datetime.date | None:
    """The last day to send the announcement to the channel (None: no date or no lead time)."""
    day = publication_date(announcement)
    return channel.submission_deadline(day) if day is not None else None


def _ranked_for(announcement: Announcement, queryset=None):
    communities, languages, districts = targets(announcement)
    return channels_reaching(communities, languages, districts, queryset=queryset)


def proposal(announcement: Announcement) -> list[Channel]:
    """The channels a plan for the announcement should have, best first: the best-ranked ones,
    then offline channels and opinion leaders the cut-off would have left out."""
    ranked = list(_ranked_for(announcement))
    chosen = ranked[:PROPOSAL_SIZE]
    rest = ranked[PROPOSAL_SIZE:]
    offline_needed = MINIMUM_OFFLINE - sum(1 for c in chosen if c.is_offline)
    leaders_needed = MINIMUM_OPINION_LEADERS - sum(1 for c in chosen if c.is_opinion_leader)
    for channel in rest:
        if channel.is_opinion_leader and leaders_needed > 0:
            chosen.append(channel)
            leaders_needed -= 1
            offline_needed -= 1
        elif channel.is_offline and offline_needed > 0:
            chosen.append(channel)
            offline_needed -= 1
    return chosen


@transaction.atomic
def do_propose_plan(actor, announcement: Announcement) -> list[PlanItem]:
    """Fill the plan from the directory. Idempotent: channels already in the plan keep their
    status, who did it and the link (their rank, fit and deadline are brought up to date);
    new matches are added. Returns the items added."""
    _require_manager(actor, announcement)
    # Two managers proposing at once must not both insert the same channel: lock the
    # announcement row so that proposals for one announcement run one after the other.
    list(Announcement.objects.select_for_update().filter(pk=announcement.pk).values_list("pk"))
    existing = {item.channel_id: item for item in announcement.plan_items.all()}
    added: list[PlanItem] = []
    updated = 0
    for position, channel in enumerate(proposal(announcement), start=1):
        values = {
            "position": position,
            "fit": channel.fit,
            "deadline": deadline_for(channel, announcement),
        }
        item = existing.get(channel.pk)
        if item is None:
            added.append(PlanItem.objects.create(announcement=announcement, channel=channel,
                                                 **values))
            continue
        if item.added_by_hand:
            # A channel added by hand keeps its place at the end of the checklist.
            del values["position"]
        if any(getattr(item, name) != value for name, value in values.items()):
            PlanItem.objects.filter(pk=item.pk).update(**values)
            updated += 1
    audit.record(
        actor,
        "distribution.proposed",
        announcement,
        {"added": [item.channel.name for item in added], "updated": updated},
    )
    return added


@transaction.atomic
def do_add_channel(actor, announcement: Announcement, channel: Channel) -> PlanItem:
    """Add a channel by hand (one the proposal did not pick). Adding one already in the plan
    returns that item unchanged."""
    _require_manager(actor, announcement)
    if not channel.is_public:
        raise ValidationError({"channel": _("This channel is not active in the directory.")})
    item = announcement.plan_items.filter(channel=channel).first()
    if item is not None:
        return item
    ranked = _ranked_for(announcement, queryset=Channel.objects.filter(pk=channel.pk)).first()
    last = announcement.plan_items.aggregate(last=Max("position"))["last"] or 0
    item = PlanItem.objects.create(
        announcement=announcement,
        channel=channel,
        position=min(last + 1, 32767),
        fit=ranked.fit if ranked is not None else 0,
        deadline=deadline_for(channel, announcement),
        added_by_hand=True,
    )
    audit.record(actor, "distribution.channel_added", announcement, {"channel": channel.name})
    return item


@transaction.atomic
def do_remove_item(actor, item: PlanItem) -> None:
    _require_manager(actor, item.announcement)
    audit.record(
        actor,
        "distribution.item_removed",
        item.announcement,
        {"channel": item.channel.name, "status": item.status},
    )
    item.delete()


def validate_status_change(item: PlanItem, status: str, published_url: str) -> None:
    """Raise ValidationError (per field) for a status or link that cannot be recorded."""
    errors: dict[str, str] = {}
    if status not in PlanItem.Status.values:
        errors["status"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(PlanItem.Status.values)
        }
    if published_url:
        try:
            _http_url(published_url)
        except ValidationError:
            errors["published_url"] = _(
                "Enter a full web address starting with http:// or https://."
            )
        if len(published_url) > 500:
            errors["published_url"] = _("The link is too long (at most 500 characters).")
    elif status == PlanItem.Status.PUBLISHED and not item.channel.is_offline:
        # An online post has an address, and the coverage report links to it; a notice board
        # or an opinion leader passing the news on has none.
        errors["published_url"] = _(
            "Give the link to the published post: this channel is online."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_set_status(
    actor, item: PlanItem, status: str, published_url: str = "", note: str = ""
) -> PlanItem:
    """Record what happened with one channel: who changed the status and when."""
    _require_manager(actor, item.announcement)
    published_url = (published_url or "").strip()
    note = (note or "").strip()
    validate_status_change(item, status, published_url)
    if len(note) > 500:
        raise ValidationError({"note": _("The note is too long (at most 500 characters).")})
    before = audit.snapshot(item, ["status", "published_url", "note"])
    if status != item.status:
        # "Who did it and when" belongs to the step taken; going back to "to do" clears it.
        item.done_by = actor if status != PlanItem.Status.TODO else None
        item.done_at = timezone.now() if status != PlanItem.Status.TODO else None
    item.status = status
    item.published_url = published_url
    item.note = note
    item.save()
    changes = audit.diff_fields(before, audit.snapshot(item, ["status", "published_url", "note"]))
    if changes:
        changes["channel"] = [item.channel.name, item.channel.name]
        audit.record(actor, "distribution.status_set", item.announcement, changes)
    return item
