"""State changes of contact persons. Every one takes the acting user first, checks that they
may manage the organisation's contacts, and writes the audit log — without personal values:
the log names the fields that changed and the visibility chosen, never a name, an e-mail
address or a phone number (an erasure could not reach them there).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wspolnie.core import audit
from wspolnie.directory.models import Language, Visibility
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Organisation

from .models import ERASED_NAME, PERSONAL_FIELDS, ConsentRecord, ContactPerson
from .phones import normalise_phone
from .privacy import can_manage_contacts, visibility_settings, visible_fields

#: What the person agreed to; stored, in the recorder's language, with each consent record.
CONSENT_TEXT = _(
    "The person agreed that the organisation stores these contact details in the hub and "
    "shows each of them only to the audience chosen for it, for the purpose given below. "
    "They may withdraw this consent at any time; their data is then erased."
)

#: Stands in the audit log for a personal value that changed.
REDACTED = "[personal data, not logged]"

VISIBILITY_FIELDS = [f"{field}_visibility" for field in PERSONAL_FIELDS]
#: Plain fields a caller may set (languages go through their own argument).
EDITABLE_FIELDS = ["name", "role", "email", "phone", *VISIBILITY_FIELDS]


class EraseReason:
    REQUEST = "request"  # the person asked to be erased
    WITHDRAWAL = "withdrawal"  # the person withdrew the consent
    CHOICES = [REQUEST, WITHDRAWAL]


def _check(actor, organisation: Organisation) -> None:
    if not can_manage_contacts(actor, organisation):
        raise PermissionDenied


def clean_language_codes(codes: Iterable[str]) -> list[str]:
    """['UK', 'pt_br'] → ['uk', 'pt-BR'] (no duplicates); ValidationError for unknown codes."""
    cleaned: list[str] = []
    for code in codes:
        try:
            tag = normalise_language_tag(code)
        except ValueError:
            raise ValidationError(
                {"languages": ValidationError(
                    _("“%(code)s” is not a known language code."),
                    params={"code": code}, code="unknown_language",
                )}
            ) from None
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    values = dict(values)
    if "phone" in values:
        try:
            values["phone"] = normalise_phone(values["phone"] or "")
        except ValidationError as error:
            raise ValidationError({"phone": error}) from None
    for name in ("name", "email"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "role" in values:
        values["role"] = {
            code: text.strip()
            for code, text in (values["role"] or {}).items()
            if isinstance(text, str) and text.strip()
        } if isinstance(values["role"], dict) else values["role"]
    return values


def _audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]}: real values for the visibility settings, REDACTED for personal
    fields (a new value where there was none shows as [None, REDACTED])."""
    changes = {}
    for name, value in after.items():
        old = before.get(name)
        if old == value:
            continue
        if name.endswith("_visibility"):
            changes[name] = [old, value]
        else:
            changes[name] = [REDACTED if old else None, REDACTED if value else None]
    return changes


def _personal_snapshot(contact: ContactPerson, languages: list[str] | None = None) -> dict:
    values = {name: getattr(contact, name) for name in EDITABLE_FIELDS}
    values["languages"] = (
        languages if languages is not None
        else sorted(language.code for language in contact.languages.all())
        if contact.pk else []
    )
    return values


@transaction.atomic
def do_add_contact(
    actor,
    organisation: Organisation,
    *,
    consent_given: bool,
    consent_purpose: str,
    consent_text: str | None = None,
    source: str = ConsentRecord.Source.FORM,
    languages: Iterable[str] = (),
    **values,
) -> ContactPerson:
    """Store a contact person together with the consent that allows it (one transaction:
    no consent, no contact)."""
    _check(actor, organisation)
    purpose = (consent_purpose or "").strip()
    if not consent_given:
        raise ValidationError({"consent": ValidationError(
            _("A contact person can only be stored with their consent."), code="no_consent"
        )})
    if not purpose:
        raise ValidationError({"consent_purpose": ValidationError(
            _("Say what the contact details will be used for."), code="no_purpose"
        )})
    values = _normalise(values)
    codes = clean_language_codes(languages)
    contact = ContactPerson(organisation=organisation, **values)
    contact.full_clean()
    contact.save()
    contact.languages.set(Language.for_codes(codes))
    ConsentRecord.objects.create(
        contact=contact,
        subject_name=contact.name,
        recorded_by=actor if actor.is_authenticated else None,
        purpose=purpose,
        consent_text=str(consent_text or CONSENT_TEXT),
        source=source,
    )
    audit.record(
        actor, "contact.created", contact,
        _audit_changes({}, _personal_snapshot(contact, codes)),
    )
    return contact


@transaction.atomic
def do_update_contact(
    actor, contact: ContactPerson, *, languages: Iterable[str] | None = None, **values
) -> ContactPerson:
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    _check(actor, contact.organisation)
    if contact.is_erased:
        raise ValidationError(_("This contact person has been erased; it cannot be changed."))
    values = _normalise(values)
    codes = clean_language_codes(languages) if languages is not None else None
    before = _personal_snapshot(contact)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    if codes is not None:
        contact.languages.set(Language.for_codes(codes))
    changes = _audit_changes(before, _personal_snapshot(contact, codes))
    if changes:
        audit.record(actor, "contact.updated", contact, changes)
    return contact


@transaction.atomic
def do_delete_contact(actor, contact: ContactPerson) -> None:
    """Remove a contact entered by mistake, with its consent log. (A person who asks to be
    forgotten is erased instead: that keeps the proof of consent.)"""
    _check(actor, contact.organisation)
    pk, organisation = contact.pk, contact.organisation
    audit.record(actor, "contact.deleted", contact, {"organisation": [organisation.slug, None]})
    contact.delete()
    contact.pk = pk


@transaction.atomic
def do_erase_contact(actor, contact: ContactPerson, reason: str = EraseReason.REQUEST) -> None:
    """The GDPR shredder: blank every personal field, keep the consent log (marked withdrawn)
    without the person's name, and log the erasure without any personal value. An erased
    contact disappears from every page, the API, search and feeds."""
    if reason not in EraseReason.CHOICES:
        raise ValueError(f"Unknown reason: {reason}")
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    _check(actor, contact.organisation)
    if contact.is_erased:
        return
    now = timezone.now()
    contact.name = ERASED_NAME
    contact.role = {}
    contact.email = ""
    contact.phone = ""
    contact.erased_at = now
    contact.save()
    contact.languages.clear()
    for consent in contact.consents.select_for_update():
        consent.subject_name = ""
        if consent.withdrawn_at is None:
            consent.withdrawn_at = now
        consent.save()
    audit.record(actor, "contact.erased", contact, {"reason": [None, reason]})


def do_withdraw_consent(actor, contact: ContactPerson) -> None:
    """Withdrawing the consent erases the person's data."""
    do_erase_contact(actor, contact, EraseReason.WITHDRAWAL)


@transaction.atomic
def do_export_contact(actor, contact: ContactPerson) -> dict:
    """Everything stored about the person (GDPR access/portability), with the consent
    history. Goes through visible_fields() at the staff level, like every other view."""
    _check(actor, contact.organisation)
    audit.record(actor, "contact.exported", contact)
    return export_document(contact)


def export_document(contact: ContactPerson) -> dict:
    fields = visible_fields(contact, Visibility.STAFF)
    return {
        "format": "wspolnie.contact-person/1",
        "exported_at": timezone.now().isoformat(),
        "organisation": {"slug": contact.organisation.slug, "name": contact.organisation.name},
        "contact": {
            "id": contact.pk,
            **{name: fields[name] for name in ("name", "role", "email", "phone", "phone_e164",
                                              "languages")},
            "visibility": visibility_settings(contact),
            "created": contact.created.isoformat(),
            "updated": contact.updated.isoformat(),
            "erased_at": contact.erased_at.isoformat() if contact.erased_at else None,
        },
        "consents": [
            {
                "subject_name": consent.subject_name,
                "recorded_at": consent.recorded_at.isoformat(),
                "recorded_by": consent.recorded_by.name if consent.recorded_by else None,
                "purpose": consent.purpose,
                "consent_text": consent.consent_text,
                "source": consent.source,
                "withdrawn_at": (
                    consent.withdrawn_at.isoformat() if consent.withdrawn_at else None
                ),
            }
            for consent in contact.consents.select_related("recorded_by")
        ],
        "notice": gettext(
            "All data the hub stores about this contact person, with the history of their "
            "consent."
        ),
    }
