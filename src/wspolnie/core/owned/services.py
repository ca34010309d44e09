"""State changes of an organisation-owned object, declared once per capability.

An app subclasses `OrganisationOwned`, sets what differs (the model, its editable fields, its
audit action codes and labels, who may post and manage) and overrides the hooks it needs; its
services.py then names the `do_*` functions after the bound methods:

    class NeedsOffers(OrganisationOwned):
        model = NeedOffer
        scalar_fields = ["kind", "title", …]
        m2m_fields = ["languages", "districts"]
        action_prefix = "need_offer"
        action_labels = {"created": gettext_lazy("Need or offer posted"), …}

    NEEDS_OFFERS = NeedsOffers()
    do_create_need_offer = NEEDS_OFFERS.create

Every change is atomic, checks the permission first (PermissionDenied), validates with the
model's full_clean() plus the app's own rules (one ValidationError naming every field that is
wrong) and writes an audit entry with the {field: [old, new]} diff.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from wspolnie.core import audit
from wspolnie.organisations.models import Organisation

from .permissions import admins_and_staff

#: Values that count as "not filled in": left out of the audit entry of a new object.
EMPTY_VALUES: tuple[Any, ...] = ("", [], {}, None)


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """{field: [message, …]} of any ValidationError (one without fields goes under
    NON_FIELD_ERRORS)."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def plain(value: Any) -> Any:
    """A field's value as the audit log stores it (JSON): dates as ISO strings, texts keyed
    by language and lists as they are, anything else as its string."""
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if value is None or isinstance(value, dict | list | bool | int | float | str):
        return value
    return str(value)


def relation_key(obj: models.Model) -> str:
    """How a related object appears in the audit log: its slug or code, else its name."""
    for attribute in ("slug", "code"):
        if hasattr(obj, attribute):
            return str(getattr(obj, attribute))
    return str(obj)


class OrganisationOwned:
    """The declaration of an organisation-owned capability. Subclass it, set the attributes,
    override the hooks that differ, and instantiate it once (at import time of the app's
    services.py: that registers the audit labels)."""

    #: The model: it has an `organisation` foreign key.
    model: type[models.Model]
    #: Plain fields a create/update may set.
    scalar_fields: Sequence[str] = ()
    #: Many-to-many fields, given as lists (of objects, or of keys the `resolve` hook turns
    #: into objects).
    m2m_fields: Sequence[str] = ()
    #: Audit action codes are "<action_prefix>.<name>": created, updated, closed, deleted, …
    action_prefix: str = ""
    #: {action name: translated label}, registered with the audit log.
    action_labels: Mapping[str, Any] = {}
    #: Fields that may hold personal data: the audit log only says that they changed.
    private_fields: frozenset[str] = frozenset()
    #: What the audit log shows in place of a private value.
    hidden_value = "…"
    #: The timestamp `close` sets.
    closed_field = "closed_at"

    def __init__(self) -> None:
        for name, label in self.action_labels.items():
            audit.register_action(self.action(name), label)

    def action(self, name: str) -> str:
        return f"{self.action_prefix}.{name}"

    @property
    def editable_fields(self) -> list[str]:
        return [*self.scalar_fields, *self.m2m_fields]

    # Permissions (default: the organisation's admins and staff) -------------------------------

    def can_post(self, user, organisation: Organisation) -> bool:
        """Create one for `organisation`; also: see the organisation's own list."""
        return admins_and_staff(user, organisation)

    def can_manage(self, user, item: models.Model) -> bool:
        """Change, close or delete `item`."""
        return admins_and_staff(user, item.organisation)

    # Hooks ------------------------------------------------------------------------------------

    def new(self, actor, organisation: Organisation) -> models.Model:
        """A new, unsaved object of `organisation` (before the given values are set)."""
        return self.model(organisation=organisation)

    def assign(self, item: models.Model, scalars: dict[str, Any]) -> None:
        for name, value in scalars.items():
            setattr(item, name, value)

    def resolve(self, item: models.Model, relations: dict[str, list]) -> dict[str, list]:
        """The many-to-many values to set (keys → objects, rules between fields); raise a
        ValidationError naming the fields that are wrong."""
        return relations

    def clean(
        self, item: models.Model, relations: dict[str, list], previous: dict[str, Any] | None
    ) -> None:
        """Rules beyond the model's full_clean(); raise a ValidationError naming the fields.
        `previous`: the scalar values before an update (None when creating). A field that
        full_clean() already rejected keeps only that message."""

    def before_save(self, item: models.Model, previous: dict[str, Any] | None) -> None:
        """Last adjustments of a valid object (e.g. reset a derived field)."""

    def snapshot(self, item: models.Model) -> dict[str, Any]:
        """The editable fields as plain JSON values, for the audit diff."""
        values: dict[str, Any] = {name: plain(getattr(item, name)) for name in self.scalar_fields}
        if item.pk:
            for name in self.m2m_fields:
                values[name] = sorted(relation_key(obj) for obj in getattr(item, name).all())
        return values

    def deleted_changes(self, item: models.Model) -> dict[str, list[Any]]:
        """What the audit entry of a deletion keeps of the object."""
        return {}

    # The steps --------------------------------------------------------------------------------

    def split(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
        unknown = set(values) - set(self.editable_fields)
        if unknown:
            raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
        scalars = {name: value for name, value in values.items() if name in self.scalar_fields}
        relations = {
            name: list(value or []) for name, value in values.items() if name in self.m2m_fields
        }
        return scalars, relations

    def validate(
        self, item: models.Model, relations: dict[str, list], previous: dict[str, Any] | None
    ) -> dict[str, list]:
        """Every error at once: those of `resolve`, of full_clean(), then of `clean`."""
        errors: dict[str, list] = {}
        try:
            relations = self.resolve(item, relations)
        except ValidationError as error:
            errors.update(error_messages(error))
        try:
            item.full_clean()
        except ValidationError as error:
            for name, messages in error_messages(error).items():
                errors.setdefault(name, []).extend(messages)
        try:
            self.clean(item, relations, previous)
        except ValidationError as error:
            for name, messages in error_messages(error).items():
                errors.setdefault(name, messages)
        if errors:
            raise ValidationError(errors)
        return relations

    def audit_changes(self, before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
        changes = audit.diff_fields(before, after)
        for name in self.private_fields & set(changes):
            changes[name] = [
                self.hidden_value if before.get(name) else "",
                self.hidden_value if after.get(name) else "",
            ]
        return changes

    def _save(self, item: models.Model, relations: dict[str, Iterable]) -> None:
        item.save()
        for name, objects in relations.items():
            getattr(item, name).set(objects)

    # State changes ----------------------------------------------------------------------------

    @transaction.atomic
    def create(self, actor, organisation: Organisation, **values) -> models.Model:
        if not self.can_post(actor, organisation):
            raise PermissionDenied
        scalars, relations = self.split(values)
        item = self.new(actor, organisation)
        self.assign(item, scalars)
        relations = self.validate(item, relations, None)
        self.before_save(item, None)
        self._save(item, relations)
        after = {
            name: value for name, value in self.snapshot(item).items()
            if value not in EMPTY_VALUES
        }
        audit.record(actor, self.action("created"), item, self.audit_changes({}, after))
        return item

    @transaction.atomic
    def update(self, actor, item: models.Model, **values) -> models.Model:
        if not self.can_manage(actor, item):
            raise PermissionDenied
        scalars, relations = self.split(values)
        before = self.snapshot(item)
        previous = {name: getattr(item, name) for name in self.scalar_fields}
        self.assign(item, scalars)
        relations = self.validate(item, relations, previous)
        self.before_save(item, previous)
        self._save(item, relations)
        changes = self.audit_changes(before, self.snapshot(item))
        if changes:
            audit.record(actor, self.action("updated"), item, changes)
        return item

    @transaction.atomic
    def close(self, actor, item: models.Model) -> models.Model:
        """Set `closed_field` to now (it leaves the public lists); closing a closed object
        changes nothing."""
        if not self.can_manage(actor, item):
            raise PermissionDenied
        if getattr(item, self.closed_field) is None:
            closed = timezone.now()
            setattr(item, self.closed_field, closed)
            item.save(update_fields=[self.closed_field, "updated"])
            audit.record(actor, self.action("closed"), item, {"closed": [None, closed.isoformat()]})
        return item

    @transaction.atomic
    def delete(self, actor, item: models.Model) -> None:
        """Delete it for good. The instance keeps its pk, so that the caller can still name
        what was deleted."""
        if not self.can_manage(actor, item):
            raise PermissionDenied
        audit.record(actor, self.action("deleted"), item, self.deleted_changes(item))
        pk = item.pk
        item.delete()
        item.pk = pk
