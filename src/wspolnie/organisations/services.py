"""State changes of organisations; every one takes the acting user and writes the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from wspolnie.core import audit

from .models import Membership, Organisation
from .permissions import can_edit_organisation

EDITABLE_FIELDS = ["name", "kind", "short_description"]


@transaction.atomic
def do_update_organisation(actor, organisation: Organisation, **values) -> Organisation:
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = audit.snapshot(organisation, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    changes = audit.diff_fields(before, audit.snapshot(organisation, EDITABLE_FIELDS))
    if changes:
        audit.record(actor, "organisation.updated", organisation, changes)
    return organisation


@transaction.atomic
def do_create_organisation(actor, **values) -> Organisation:
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied
    organisation = Organisation(**values)
    organisation.full_clean()
    organisation.save()
    audit.record(actor, "organisation.created", organisation)
    return organisation


@transaction.atomic
def do_set_membership(actor, organisation: Organisation, user, role: str) -> Membership:
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    audit.record(
        actor,
        "organisation.membership_set",
        organisation,
        {"member": [None, user.email], "role": [None, role]},
    )
    return membership
