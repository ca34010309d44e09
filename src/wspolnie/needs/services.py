"""State changes of needs and offers; every one takes the acting user (first) and writes the
audit log. `process_expired` is the system's own: it takes expired items out of the search."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.organisations.models import Organisation

from .models import NeedOffer, validate_expiry
from .permissions import can_manage, can_post

SCALAR_FIELDS = ["kind", "category", "title", "description", "contact_note", "expires_on"]
M2M_FIELDS = ["languages", "districts"]
EDITABLE_FIELDS = SCALAR_FIELDS + M2M_FIELDS

for _code, _label in {
    "need_offer.created": gettext_lazy("Need or offer posted"),
    "need_offer.updated": gettext_lazy("Need or offer changed"),
    "need_offer.closed": gettext_lazy("Need or offer closed"),
    "need_offer.expired": gettext_lazy("Need or offer expired"),
}.items():
    audit.register_action(_code, _label)


def snapshot(item: NeedOffer) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(item, name) for name in SCALAR_FIELDS}
    values["expires_on"] = item.expires_on.isoformat() if item.expires_on else None
    if item.pk:
        values["languages"] = sorted(language.code for language in item.languages.all())
        values["districts"] = sorted(district.slug for district in item.districts.all())
    return values


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    scalars = {name: value for name, value in values.items() if name in SCALAR_FIELDS}
    relations = {name: list(value) for name, value in values.items() if name in M2M_FIELDS}
    return scalars, relations


def _validate(item: NeedOffer, previous_expiry=None) -> None:
    errors: dict[str, list] = {}
    try:
        item.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if "expires_on" not in errors:
        try:
            validate_expiry(item.expires_on, previous_expiry)
        except ValidationError as error:
            errors["expires_on"] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_need_offer(actor, organisation: Organisation, **values) -> NeedOffer:
    if not can_post(actor, organisation):
        raise PermissionDenied
    scalars, relations = _split(values)
    item = NeedOffer(organisation=organisation, created_by=actor, **scalars)
    _validate(item)
    item.save()
    for name, objects in relations.items():
        getattr(item, name).set(objects)
    created = {name: [None, value] for name, value in snapshot(item).items() if value}
    audit.record(actor, "need_offer.created", item, created)
    return item


@transaction.atomic
def do_update_need_offer(actor, item: NeedOffer, **values) -> NeedOffer:
    if not can_manage(actor, item):
        raise PermissionDenied
    scalars, relations = _split(values)
    before = snapshot(item)
    previous_expiry = item.expires_on
    for name, value in scalars.items():
        setattr(item, name, value)
    _validate(item, previous_expiry)
    if item.expires_on != previous_expiry:
        item.expiry_processed_at = None  # a new date: expire_needs looks at it again
    item.save()
    for name, objects in relations.items():
        getattr(item, name).set(objects)
    changes = audit.diff_fields(before, snapshot(item))
    if changes:
        audit.record(actor, "need_offer.updated", item, changes)
    return item


@transaction.atomic
def do_close_need_offer(actor, item: NeedOffer) -> NeedOffer:
    """Take it off the board for good (found a volunteer, gave the room away, …).
    Closing a closed item changes nothing."""
    if not can_manage(actor, item):
        raise PermissionDenied
    if item.closed_at is None:
        item.closed_at = timezone.now()
        item.save(update_fields=["closed_at", "updated"])
        audit.record(
            actor, "need_offer.closed", item, {"closed": [None, item.closed_at.isoformat()]}
        )
    return item


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
