"""State changes of services; every one takes the acting user and writes the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.organisations.models import Location, Organisation

from .models import Service
from .permissions import can_manage_services

SCALAR_FIELDS = [
    "name",
    "description",
    "eligibility_description",
    "application_process",
    "cost",
    "fees_description",
    "url",
    "email",
    "status",
]
M2M_FIELDS = ["languages", "topics", "communities", "locations"]
EDITABLE_FIELDS = SCALAR_FIELDS + M2M_FIELDS

for _code, _label in {
    "service.created": gettext_lazy("Service added"),
    "service.updated": gettext_lazy("Service changed"),
    "service.deleted": gettext_lazy("Service deleted"),
}.items():
    audit.register_action(_code, _label)


def _m2m_key(obj) -> str:
    for attribute in ("slug", "code"):
        if hasattr(obj, attribute):
            return str(getattr(obj, attribute))
    return str(obj)


def snapshot(service: Service) -> dict[str, Any]:
    """The editable fields as plain JSON values (texts keyed by language stay dicts)."""
    values: dict[str, Any] = {name: getattr(service, name) for name in SCALAR_FIELDS}
    if service.pk:
        for name in M2M_FIELDS:
            values[name] = sorted(_m2m_key(obj) for obj in getattr(service, name).all())
    return values


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    scalars = {name: value for name, value in values.items() if name in SCALAR_FIELDS}
    relations = {name: list(value) for name, value in values.items() if name in M2M_FIELDS}
    return scalars, relations


def check_locations(organisation: Organisation, locations: Iterable[Location]) -> None:
    if any(location.organisation_id != organisation.pk for location in locations):
        raise ValidationError(
            {"locations": _("A service can only take place at its organisation's locations.")}
        )


def _validate(service: Service, relations: dict[str, list]) -> None:
    errors: dict[str, list] = {}
    try:
        service.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        check_locations(service.organisation, relations.get("locations", []))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_service(actor, organisation: Organisation, **values) -> Service:
    if not can_manage_services(actor, organisation):
        raise PermissionDenied
    scalars, relations = _split(values)
    service = Service(organisation=organisation, **scalars)
    _validate(service, relations)
    service.save()
    for name, objects in relations.items():
        getattr(service, name).set(objects)
    created = {name: [None, value] for name, value in snapshot(service).items() if value}
    audit.record(actor, "service.created", service, created)
    return service


@transaction.atomic
def do_update_service(actor, service: Service, **values) -> Service:
    if not can_manage_services(actor, service.organisation):
        raise PermissionDenied
    scalars, relations = _split(values)
    before = snapshot(service)
    for name, value in scalars.items():
        setattr(service, name, value)
    _validate(service, relations)
    service.save()
    for name, objects in relations.items():
        getattr(service, name).set(objects)
    changes = audit.diff_fields(before, snapshot(service))
    if changes:
        audit.record(actor, "service.updated", service, changes)
    return service


@transaction.atomic
def do_delete_service(actor, service: Service) -> None:
    if not can_manage_services(actor, service.organisation):
        raise PermissionDenied
    audit.record(actor, "service.deleted", service, {"name": [service.name, None]})
    service.delete()
