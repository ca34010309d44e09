from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from pydantic import BaseModel

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut

from . import services
from .models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    short_description: str
    updated: datetime


class OrganisationPatch(BaseModel):
    # A plain pydantic model, not a ninja Schema: Schema reads any JSON value (a list, a
    # number) as an object without attributes, so `[]` was a valid, empty PATCH.

    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Organisation.Kind | None = None
    short_description: str | None = Field(None, max_length=1000)


@router.get("/", response=list[OrganisationOut], summary="List organisations")
@paginate(PageNumberPagination, page_size=50)
def list_organisations(request):
    return Organisation.objects.visible_to(request.user)


@router.get(
    "/{slug}", response={200: OrganisationOut, 404: ErrorOut}, summary="One organisation"
)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


@router.patch(
    "/{slug}",
    response={200: OrganisationOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    auth=REQUIRED,
    summary="Update an organisation (its admins and staff)",
)
def update_organisation(request, slug: str, payload: OrganisationPatch):
    organisation = get_object_or_404(Organisation, slug=slug)
    values = payload.model_dump(exclude_unset=True)
    if "kind" in values and values["kind"] is not None:
        values["kind"] = str(values["kind"].value)
    values = {name: value for name, value in values.items() if value is not None}
    try:
        return services.do_update_organisation(request.user, organisation, **values)
    except PermissionDenied:
        raise HttpError(
            403, _("Only this organisation's admins and staff may change it.")
        ) from None
    except DjangoValidationError as error:
        return 422, {"detail": _("The request is not valid."), "errors": error.message_dict}
