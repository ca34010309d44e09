"""The audit log: every service that changes shared data calls record().

People are named by id only. A model whose rows describe a person declares the fields that
hold personal data in `AUDIT_PERSONAL_FIELDS` (a frozenset; accounts.User, meetings.Registration,
newsletter.Subscriber, …): the log then names such a row "<model> #<id>", never by str() (a
name, an address), and records that those fields changed, never their values. A related
person (a foreign key in a snapshot) is named the same way. So erasing a person leaves nothing
of them in the log, and the log needs no rewriting when they are erased.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

#: Human labels for audit actions. Apps add theirs with register_action() at import time;
#: an unknown code is shown as it is.
ACTION_LABELS: dict[str, str] = {
    "account.signed_up": _("Account created"),
    "account.verified_email": _("E-mail address verified"),
    "account.updated_profile": _("Profile changed"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "organisation.created": _("Organisation created"),
    "organisation.updated": _("Organisation profile changed"),
    "organisation.membership_set": _("Membership changed"),
}


def register_action(code: str, label) -> None:
    ACTION_LABELS[code] = label


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


#: What the log shows instead of a personal or secret value.
HIDDEN = "•••"


def personal_fields(model) -> frozenset[str]:
    return frozenset(getattr(model, "AUDIT_PERSONAL_FIELDS", ()))


def is_person(model) -> bool:
    return hasattr(model, "AUDIT_PERSONAL_FIELDS")


def describe(instance: models.Model) -> str:
    """How the log names `instance`: a person by model and id, anything else by str()."""
    # _meta.model, not type(): request.user is a lazy proxy.
    if is_person(instance._meta.model):
        return f"{instance._meta.model_name} #{instance.pk}"
    return str(instance)[:200]


def _hidden(value: Any) -> Any:
    return None if value in (None, "", [], {}) else HIDDEN


def scrub(model, changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` with the values of the model's personal fields replaced by HIDDEN."""
    hidden = personal_fields(model)
    scrubbed = {}
    for name, change in changes.items():
        if name not in hidden:
            scrubbed[name] = change
        elif isinstance(change, list | tuple) and len(change) == 2:
            scrubbed[name] = [_hidden(change[0]), _hidden(change[1])]
        else:
            scrubbed[name] = _hidden(change)
    return scrubbed


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return describe(value)
    return str(value)


def entry(
    actor, action: str, instance: models.Model, changes: dict[str, Any] | None = None
) -> AuditEntry:
    """The (unsaved) log entry record() writes; for bulk inserts of many at once."""
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=describe(instance),
        changes=scrub(instance._meta.model, changes or {}),
    )


def record(
    actor, action: str, instance: models.Model, changes: dict[str, Any] | None = None
) -> AuditEntry:
    log_entry = entry(actor, action, instance, changes)
    log_entry.save()
    return log_entry
