"""State changes of measured reach: issuing tracked links and leaders' private pages, and
counting. Counting is one UPDATE … SET count = count + 1 of the day's bucket, or the bucket's
INSERT when it is the first; two first visits at once both try the INSERT, the loser's unique
violation turns into the UPDATE. No increment is lost, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.channels.models import Channel
from wspolnie.channels.permissions import can_manage_channel
from wspolnie.core import audit
from wspolnie.distribution.models import PlanItem

from .models import Count, LeaderPage, TrackedLink

audit.register_action("reach.leader_page_issued",
                      gettext_lazy("Opinion leader's private page link issued"))
audit.register_action("reach.leader_page_revoked",
                      gettext_lazy("Opinion leader's private page link revoked"))


def issue_links(items: Iterable[PlanItem]) -> dict[int, TrackedLink]:
    """{plan item id: its tracked link}, issuing the missing ones (idempotent; safe when two
    requests issue the same item's link at once). Sets `item.link` on each item."""
    items = list(items)
    ids = [item.pk for item in items]
    found = {link.item_id: link for link in TrackedLink.objects.filter(item_id__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    for _attempt in range(3):
        if not missing:
            break
        # ignore_conflicts: a link issued meanwhile by another request (or, once in 2^72, a
        # code drawn twice) is skipped and read back below.
        TrackedLink.objects.bulk_create([TrackedLink(item_id=pk) for pk in missing],
                                        ignore_conflicts=True)
        found.update({link.item_id: link
                      for link in TrackedLink.objects.filter(item_id__in=missing)})
        missing = [pk for pk in ids if pk not in found]
    for item in items:
        item.link = found.get(item.pk)
    return found


def add(link_id: int, kind: str, language: str, day: datetime.date | None = None,
        by: int = 1) -> None:
    """Count `by` more of `kind` for the link, on `day` (today), in `language`."""
    day = day or timezone.localdate()
    bucket = Count.objects.filter(link_id=link_id, day=day, language=language, kind=kind)
    if bucket.update(count=F("count") + by):
        return
    try:
        with transaction.atomic():
            Count.objects.create(link_id=link_id, day=day, language=language, kind=kind,
                                 count=by)
    except IntegrityError:
        # Another request made the bucket between our UPDATE and INSERT: count in it.
        bucket.update(count=F("count") + by)


def _require_channel_manager(actor, channel: Channel) -> None:
    if not can_manage_channel(actor, channel):
        raise PermissionDenied(_("Only the channel's organisation admins and staff may do this."))
    if not channel.is_opinion_leader:
        raise ValidationError(_("Only opinion leaders have a private page."))


@transaction.atomic
def do_issue_leader_page(actor, channel: Channel) -> LeaderPage:
    """The leader's private page with a new token: the previous link (if any) stops working."""
    _require_channel_manager(actor, channel)
    page, created = LeaderPage.objects.get_or_create(channel=channel)
    if not created:
        page.token = LeaderPage._meta.get_field("token").default()
        page.save(update_fields=["token"])
    audit.record(actor, "reach.leader_page_issued", channel, {"new": created})
    return page


@transaction.atomic
def do_revoke_leader_page(actor, channel: Channel) -> None:
    _require_channel_manager(actor, channel)
    deleted, _rows = LeaderPage.objects.filter(channel=channel).delete()
    if deleted:
        audit.record(actor, "reach.leader_page_revoked", channel, {})
