"""Contact persons in the API (/api/contacts/). Reading needs no authentication: each field
comes filtered by the caller's level (privacy.visible_fields). Changes, erasure and the GDPR
export are for the organisation's admins and staff."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field

from wspolnie.api.auth import OPTIONAL, REQUIRED
from wspolnie.api.schemas import ErrorOut, Id
from wspolnie.core.owned.api import invalid
from wspolnie.core.owned.services import error_messages
from wspolnie.directory.models import Visibility
from wspolnie.organisations.models import Organisation

from . import services
from .models import ConsentRecord, ContactPerson
from .privacy import (
    active_contacts_of,
    can_manage_contacts,
    contact_viewer_level,
    has_something_to_show,
    visibility_settings,
    visible_contacts,
    visible_fields,
)

router = Router(tags=["contacts"])




class ContactOut(Schema):
    id: int
    name: str | None = Field(None, description="null: hidden from you")
    role: dict[str, str] | None = Field(None, description="{language code: text}")
    email: str | None = None
    phone: str | None = Field(None, description="International format, e.g. +48 71 123 45 67")
    phone_e164: str | None = Field(None, description="E.164, e.g. +48711234567")
    languages: list[str] | None = Field(None, description="BCP-47 codes")
    visibility: dict[str, Visibility] | None = Field(
        None, description="Who sees each field (only for those who manage the contacts)"
    )


class VisibilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Visibility | None = None
    role: Visibility | None = None
    email: Visibility | None = None
    phone: Visibility | None = None
    languages: Visibility | None = None


class ConsentIn(BaseModel):
    given: bool = Field(..., description="The person agreed (must be true)")
    purpose: str = Field(..., max_length=1000, description="What the data is used for")


class ContactPatch(BaseModel):
    # Plain pydantic models (not ninja Schemas): a JSON list or number is not an object.
    name: str | None = Field(None, min_length=1, max_length=200)
    role: dict[str, str] | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40, description="Any format; +48 assumed")
    languages: list[str] | None = Field(None, max_length=50)
    visibility: VisibilityIn | None = None


class ContactIn(ContactPatch):
    name: str = Field(..., min_length=1, max_length=200)
    consent: ConsentIn


class EraseIn(BaseModel):
    """{} or {"reason": "withdrawal"}: why the data is erased (recorded in the audit log)."""

    model_config = ConfigDict(extra="forbid")

    reason: Literal["request", "withdrawal"] = Field(
        "request", description="request: the person asked; withdrawal: consent withdrawn"
    )


class ErasedOut(Schema):
    id: int
    erased_at: str


def _organisation(request, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


def _managed_organisation(request, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_contacts(request.user, organisation):
        raise HttpError(
            403, _("Only this organisation's admins and staff may manage its contact persons.")
        )
    return organisation


def _managed_contact(request, slug: str, pk: Id, *, erased: bool = False) -> ContactPerson:
    organisation = _managed_organisation(request, slug)
    contacts = organisation.contacts.all() if erased else organisation.contacts.active()
    return get_object_or_404(contacts, pk=pk)


def _out(contact: ContactPerson) -> dict:
    """The manager's view: everything, with the visibility settings."""
    return {
        **visible_fields(contact, Visibility.STAFF),
        "visibility": visibility_settings(contact),
    }


def _values(payload: ContactPatch) -> dict:
    values = payload.model_dump(exclude_unset=True, exclude={"consent"})
    visibility = values.pop("visibility", None) or {}
    for field, level in visibility.items():
        if level is not None:
            values[f"{field}_visibility"] = str(Visibility(level))
    for field in ("role", "email", "phone", "languages", "name"):
        if field in values and values[field] is None:
            del values[field]
    return values


@router.get(
    "/{slug}", response={200: list[ContactOut], 404: ErrorOut}, auth=OPTIONAL,
    summary="An organisation's contact persons, as far as you may see them",
)
def list_contacts(request, slug: str):
    organisation = _organisation(request, slug)
    level = contact_viewer_level(request.user, organisation)
    contacts = active_contacts_of(organisation)
    if can_manage_contacts(request.user, organisation):
        return [_out(contact) for contact in contacts]
    return visible_contacts(contacts, level)


@router.get(
    "/{slug}/{pk}", response={200: ContactOut, 404: ErrorOut}, auth=OPTIONAL,
    summary="One contact person, as far as you may see them",
)
def get_contact(request, slug: str, pk: Id):
    organisation = _organisation(request, slug)
    contact = get_object_or_404(active_contacts_of(organisation), pk=pk)
    if can_manage_contacts(request.user, organisation):
        return _out(contact)
    fields = visible_fields(contact, contact_viewer_level(request.user, organisation))
    if not has_something_to_show(fields):
        raise HttpError(404, _("Not found."))
    return fields


@router.post(
    "/{slug}",
    response={201: ContactOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Add a contact person, with their consent (organisation admins and staff)",
)
def create_contact(request, slug: str, payload: ContactIn):
    organisation = _managed_organisation(request, slug)
    try:
        contact = services.do_add_contact(
            request.user, organisation,
            consent_given=payload.consent.given,
            consent_purpose=payload.consent.purpose,
            source=ConsentRecord.Source.API,
            **_values(payload),
        )
    except DjangoValidationError as error:
        return invalid(error_messages(error))
    return Status(201, _out(contact))


@router.patch(
    "/{slug}/{pk}",
    response={200: ContactOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Change a contact person (organisation admins and staff)",
)
def update_contact(request, slug: str, pk: Id, payload: ContactPatch):
    contact = _managed_contact(request, slug, pk)
    try:
        contact = services.do_update_contact(request.user, contact, **_values(payload))
    except DjangoValidationError as error:
        return invalid(error_messages(error))
    return _out(contact)


@router.delete(
    "/{slug}/{pk}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=REQUIRED,
    summary="Delete a contact person entered by mistake, with its consent log",
)
def delete_contact(request, slug: str, pk: Id):
    contact = _managed_contact(request, slug, pk, erased=True)
    services.do_delete_contact(request.user, contact)
    return Status(204, None)


@router.post(
    "/{slug}/{pk}/erase",
    response={200: ErasedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=REQUIRED,
    summary="Erase a contact person's data (GDPR); the consent log is kept without it",
)
def erase_contact(request, slug: str, pk: Id, payload: EraseIn):
    contact = _managed_contact(request, slug, pk)
    services.do_erase_contact(request.user, contact, payload.reason)
    contact.refresh_from_db()
    return {"id": contact.pk, "erased_at": contact.erased_at.isoformat()}


@router.get(
    "/{slug}/{pk}/export",
    response={200: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=REQUIRED,
    summary="Everything stored about a contact person, with the consent history (GDPR)",
)
def export_contact(request, slug: str, pk: Id):
    contact = _managed_contact(request, slug, pk, erased=True)
    return services.do_export_contact(request.user, contact)
