"""State changes of channels; every one takes the acting user, checks permission and writes the
audit log. Views and the API only translate requests into these calls."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wspolnie.core import audit
from wspolnie.directory.models import Community, District, Language, validate_language_code
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Organisation

from .models import Channel
from .permissions import can_add_channel_to, can_manage_channel

#: Plain fields a create/update may set.
EDITABLE_FIELDS = [
    "name",
    "kind",
    "description",
    "url",
    "citywide",
    "estimated_reach",
    "mode_override",
    "submission_how",
    "submission_lead_days",
    "accepted_formats",
    "submission_email",
    "submission_url",
    "cost",
    "cost_note",
    "contact_note",
    "contact_visibility",
    "active",
]
#: Many-to-many fields: lists of model instances or their keys (slug / language code).
M2M_FIELDS = ["languages", "communities", "districts"]
#: Recorded in the audit log only as "changed": it may hold a person's phone number.
PRIVATE_FIELDS = {"contact_note"}
HIDDEN = "…"


def _resolve_languages(values) -> list[Language]:
    codes, bad = [], []
    for value in values or []:
        if isinstance(value, Language):
            codes.append(value.code)
            continue
        raw = str(value).strip()
        try:
            code = normalise_language_tag(raw)
            validate_language_code(code)
        except (ValueError, ValidationError):
            bad.append(raw)
            continue
        codes.append(code)
    if bad:
        raise ValidationError(
            {
                "languages": _("Not a valid BCP-47 language code: %(codes)s.")
                % {"codes": ", ".join(bad)}
            }
        )
    return Language.for_codes(dict.fromkeys(codes))


def _resolve_terms(model, field: str, values) -> list:
    slugs, found = [], []
    for value in values or []:
        if isinstance(value, model):
            found.append(value)
        else:
            slugs.append(str(value))
    by_slug = {term.slug: term for term in model.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        raise ValidationError(
            {field: _("Unknown: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    found.extend(by_slug[slug] for slug in dict.fromkeys(slugs))
    return list(dict.fromkeys(found))


def _snapshot(channel: Channel) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        value = getattr(channel, name)
        values[name] = value if isinstance(value, dict | list | bool | int | str | None) else str(
            value
        )
    if channel.pk:
        values["languages"] = sorted(channel.languages.values_list("code", flat=True))
        values["communities"] = sorted(channel.communities.values_list("slug", flat=True))
        values["districts"] = sorted(channel.districts.values_list("slug", flat=True))
    return values


def _audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changes = audit.diff_fields(before, after)
    for name in PRIVATE_FIELDS & set(changes):
        changes[name] = [HIDDEN if before.get(name) else "", HIDDEN if after.get(name) else ""]
    return changes


def _apply(channel: Channel, values: dict[str, Any]) -> dict[str, list]:
    """Set the plain fields, validate everything, return the resolved many-to-many values."""
    unknown = set(values) - set(EDITABLE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for name in EDITABLE_FIELDS:
        if name in values:
            value = values[name]
            if value is None and name not in ("estimated_reach", "submission_lead_days"):
                value = channel._meta.get_field(name).get_default()
            setattr(channel, name, value)

    errors: dict[str, list] = {}
    m2m: dict[str, list] = {}
    resolvers = {
        "languages": _resolve_languages,
        "communities": lambda v: _resolve_terms(Community, "communities", v),
        "districts": lambda v: _resolve_terms(District, "districts", v),
    }
    for name, resolve in resolvers.items():
        if name in values:
            try:
                m2m[name] = resolve(values[name])
            except ValidationError as error:
                errors.update(error.message_dict)
    if channel.citywide:
        m2m["districts"] = []
    else:
        districts = m2m["districts"] if "districts" in m2m else (
            list(channel.districts.all()) if channel.pk else []
        )
        if not districts and "districts" not in errors:
            errors["districts"] = [
                _("Choose the districts the channel reaches, or mark it as reaching the whole "
                  "city.")
            ]
    try:
        channel.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return m2m


def _set_m2m(channel: Channel, m2m: dict[str, list]) -> None:
    for name, items in m2m.items():
        getattr(channel, name).set(items)


@transaction.atomic
def do_create_channel(actor, organisation: Organisation, **values) -> Channel:
    if not can_add_channel_to(actor, organisation):
        raise PermissionDenied
    channel = Channel(organisation=organisation)
    m2m = _apply(channel, values)
    channel.save()
    _set_m2m(channel, m2m)
    after = _snapshot(channel)
    audit.record(
        actor, "channel.created", channel,
        _audit_changes({}, {k: v for k, v in after.items() if v not in ("", [], {}, None)}),
    )
    return channel


@transaction.atomic
def do_update_channel(actor, channel: Channel, **values) -> Channel:
    if not can_manage_channel(actor, channel):
        raise PermissionDenied
    before = _snapshot(channel)
    m2m = _apply(channel, values)
    channel.save()
    _set_m2m(channel, m2m)
    changes = _audit_changes(before, _snapshot(channel))
    if changes:
        audit.record(actor, "channel.updated", channel, changes)
    return channel


@transaction.atomic
def do_set_channel_active(actor, channel: Channel, active: bool) -> Channel:
    if not can_manage_channel(actor, channel):
        raise PermissionDenied
    if channel.active != active:
        channel.active = active
        channel.save(update_fields=["active", "updated"])
        audit.record(
            actor,
            "channel.activated" if active else "channel.deactivated",
            channel,
            {"active": [not active, active]},
        )
    return channel
