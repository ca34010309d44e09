"""/api/webhooks/: staff register endpoints and read their delivery logs."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Id, Pagination, ValidationErrorOut, limit

from . import services
from .models import SUBSCRIBABLE, Delivery, Endpoint

router = Router(tags=["webhooks"])

TopicCode = Literal[tuple(topic.value for topic in SUBSCRIBABLE)]  # type: ignore[valid-type]


class WebhookEndpointOut(Schema):
    id: int
    name: str
    url: str
    topics: list[str]
    active: bool
    created: datetime.datetime


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str = Field(description="The signing secret; shown once here and on the "
                        "endpoint's page")


class WebhookEndpointIn(Schema):
    name: str = Field(min_length=1, max_length=limit(Endpoint, "name"))
    url: str = Field(min_length=1, max_length=limit(Endpoint, "url"))
    topics: list[TopicCode] = Field(min_length=1, max_length=len(SUBSCRIBABLE))
    active: bool = True


class WebhookEndpointPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=limit(Endpoint, "name"))
    url: str | None = Field(None, min_length=1, max_length=limit(Endpoint, "url"))
    topics: list[TopicCode] | None = Field(None, min_length=1, max_length=len(SUBSCRIBABLE))
    active: bool | None = None


class WebhookAttemptOut(Schema):
    number: int
    started_at: datetime.datetime
    duration_ms: int
    status_code: int | None
    error: str
    retry_at: datetime.datetime | None


class WebhookDeliveryOut(Schema):
    id: int
    uuid: str
    topic: str
    status: str
    attempts: int
    next_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    created: datetime.datetime
    attempt_log: list[WebhookAttemptOut]

    @staticmethod
    def resolve_uuid(obj) -> str:
        return str(obj.uuid)

    @staticmethod
    def resolve_attempt_log(obj) -> list:
        return list(obj.attempt_log.all())


STAFF_ONLY = {401: ErrorOut, 403: ErrorOut}


def _staff(request) -> None:
    if not services.can_manage_webhooks(request.user):
        raise HttpError(403, _("Only the hub's staff manage webhooks."))


def _invalid(error: ValidationError) -> Status:
    return Status(422, {"detail": " ".join(error.messages),
                        "errors": {field: [str(m) for m in messages]
                                   for field, messages in error.message_dict.items()}})


@router.get("/endpoints", auth=REQUIRED, response={200: list[WebhookEndpointOut], **STAFF_ONLY},
            summary="Registered webhook endpoints (staff)")
def list_endpoints(request):
    _staff(request)
    return list(Endpoint.objects.all())


@router.post("/endpoints", auth=REQUIRED,
             response={201: WebhookEndpointCreatedOut, **STAFF_ONLY, 422: ValidationErrorOut},
             summary="Register a webhook endpoint (staff)")
def create_endpoint(request, payload: WebhookEndpointIn):
    _staff(request)
    try:
        endpoint = services.do_create_endpoint(request.user, **payload.dict())
    except ValidationError as error:
        return _invalid(error)
    return Status(201, endpoint)


@router.get("/endpoints/{pk}", auth=REQUIRED,
            response={200: WebhookEndpointOut, **STAFF_ONLY, 404: ErrorOut},
            summary="One webhook endpoint (staff)")
def get_endpoint(request, pk: Id):
    _staff(request)
    return get_object_or_404(Endpoint, pk=pk)


@router.patch("/endpoints/{pk}", auth=REQUIRED,
              response={200: WebhookEndpointOut, **STAFF_ONLY, 404: ErrorOut,
                        422: ValidationErrorOut},
              summary="Change a webhook endpoint (staff)")
def update_endpoint(request, pk: Id, payload: WebhookEndpointPatch):
    _staff(request)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    values = {name: value for name, value in payload.dict().items() if value is not None}
    try:
        return services.do_update_endpoint(request.user, endpoint, **values)
    except ValidationError as error:
        return _invalid(error)


@router.delete("/endpoints/{pk}", auth=REQUIRED,
               response={204: None, **STAFF_ONLY, 404: ErrorOut},
               summary="Delete a webhook endpoint and its log (staff)")
def delete_endpoint(request, pk: Id):
    _staff(request)
    services.do_delete_endpoint(request.user, get_object_or_404(Endpoint, pk=pk))
    return Status(204, None)


@router.get("/endpoints/{pk}/deliveries", auth=REQUIRED,
            response={200: list[WebhookDeliveryOut], **STAFF_ONLY, 404: ErrorOut},
            summary="An endpoint's delivery log, newest first, with every attempt (staff)")
@paginate(Pagination)
def list_deliveries(request, pk: Id):
    _staff(request)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    return Delivery.objects.filter(endpoint=endpoint).prefetch_related("attempt_log")
