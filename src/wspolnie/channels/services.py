"""State changes of channels; every one takes the acting user, checks permission and writes the
audit log. Views and the API only translate requests into these calls."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wspolnie.core import audit
from wspolnie.core.owned.services import OrganisationOwned
from wspolnie.directory.models import Community, District, Language, validate_language_code
from wspolnie.lib.languages import normalise_language_tag

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


class Channels(OrganisationOwned):
    """Created, changed and (de)activated by the owner organisation's admins and staff."""

    model = Channel
    scalar_fields = EDITABLE_FIELDS
    m2m_fields = M2M_FIELDS
    action_prefix = "channel"
    private_fields = PRIVATE_FIELDS
    hidden_value = HIDDEN
    can_post = staticmethod(can_add_channel_to)
    can_manage = staticmethod(can_manage_channel)

    def assign(self, item: Channel, scalars: dict[str, Any]) -> None:
        for name, value in scalars.items():
            if value is None and name not in ("estimated_reach", "submission_lead_days"):
                value = item._meta.get_field(name).get_default()
            setattr(item, name, value)

    def resolve(self, item: Channel, relations: dict[str, list]) -> dict[str, list]:
        """Keys → objects; a channel reaches the whole city or at least one district."""
        errors: dict[str, list] = {}
        m2m: dict[str, list] = {}
        resolvers = {
            "languages": _resolve_languages,
            "communities": lambda v: _resolve_terms(Community, "communities", v),
            "districts": lambda v: _resolve_terms(District, "districts", v),
        }
        for name, resolve in resolvers.items():
            if name in relations:
                try:
                    m2m[name] = resolve(relations[name])
                except ValidationError as error:
                    errors.update(error.message_dict)
        if item.citywide:
            m2m["districts"] = []
        else:
            districts = m2m["districts"] if "districts" in m2m else (
                list(item.districts.all()) if item.pk else []
            )
            if not districts and "districts" not in errors:
                errors["districts"] = [
                    _("Choose the districts the channel reaches, or mark it as reaching the "
                      "whole city.")
                ]
        if errors:
            raise ValidationError(errors)
        return m2m


CHANNELS = Channels()

do_create_channel = CHANNELS.create
do_update_channel = CHANNELS.update


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
