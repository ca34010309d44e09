"""State changes of needs and offers; every one takes the acting user (first) and writes the
audit log. `process_expired` is the system's own: it takes expired items out of the search."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.core.owned.services import OrganisationOwned

from .models import NeedOffer, validate_expiry
from .permissions import can_manage, can_post


class NeedsOffers(OrganisationOwned):
    model = NeedOffer
    scalar_fields = ["kind", "category", "title", "description", "contact_note", "expires_on"]
    m2m_fields = ["languages", "districts"]
    action_prefix = "need_offer"
    action_labels = {
        "created": gettext_lazy("Need or offer posted"),
        "updated": gettext_lazy("Need or offer changed"),
        "closed": gettext_lazy("Need or offer closed"),
        "expired": gettext_lazy("Need or offer expired"),
    }
    can_post = staticmethod(can_post)
    can_manage = staticmethod(can_manage)

    def new(self, actor, organisation) -> NeedOffer:
        return NeedOffer(organisation=organisation, created_by=actor)

    def clean(self, item: NeedOffer, relations, previous: dict[str, Any] | None) -> None:
        # An unchanged date of an expired item is accepted, so that it can be corrected.
        try:
            validate_expiry(item.expires_on, previous["expires_on"] if previous else None)
        except ValidationError as error:
            raise ValidationError({"expires_on": error}) from None

    def before_save(self, item: NeedOffer, previous: dict[str, Any] | None) -> None:
        if previous and item.expires_on != previous["expires_on"]:
            item.expiry_processed_at = None  # a new date: expire_needs looks at it again


NEEDS_OFFERS = NeedsOffers()
EDITABLE_FIELDS = NEEDS_OFFERS.editable_fields

do_create_need_offer = NEEDS_OFFERS.create
do_update_need_offer = NEEDS_OFFERS.update
#: Take it off the board for good (found a volunteer, gave the room away, …).
do_close_need_offer = NEEDS_OFFERS.close


def process_expired() -> int:
    """Re-save every open item that has expired since it was last looked at, so that the
    search (which re-indexes on save, and whose documents_for gives [] for expired items)
    drops it; record it in the audit log. Idempotent: each expiry is handled once, so running
    it again (e.g. every hour) does nothing until something else expires."""
    handled = 0
    pending = NeedOffer.objects.expired().filter(
        closed_at__isnull=True, expiry_processed_at__isnull=True
    )
    for pk in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            item = (
                NeedOffer.objects.select_for_update()
                .filter(pk=pk, expiry_processed_at__isnull=True)
                .first()
            )
            if item is None or not item.is_expired:  # handled by a parallel run, or extended
                continue
            item.expiry_processed_at = timezone.now()
            item.save(update_fields=["expiry_processed_at"])
            audit.record(None, "need_offer.expired", item, {"status": ["open", "expired"]})
            handled += 1
    return handled
