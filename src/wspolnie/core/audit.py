"""The audit log: every service that changes shared data calls record()."""

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


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    actor, action: str, instance: models.Model, changes: dict[str, Any] | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes or {},
    )
