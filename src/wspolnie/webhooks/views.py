"""Staff pages: the endpoints, each with its delivery log, and one delivery's attempts."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.decorators import staff_required

from . import services
from .forms import EndpointForm
from .models import Delivery, Endpoint
from .sending import SIGNATURE_HEADER, TIMESTAMP_HEADER


def _save(request: HttpRequest, form: EndpointForm, endpoint: Endpoint | None):
    values = {name: form.cleaned_data[name] for name in services.EDITABLE}
    try:
        if endpoint is None:
            return services.do_create_endpoint(request.user, **values)
        return services.do_update_endpoint(request.user, endpoint, **values)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@staff_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        endpoint = _save(request, form, None)
        if endpoint is not None:
            messages.success(request, _("The endpoint is registered. Give its secret to the "
                                        "receiver."))
            return redirect(endpoint)
    return render(request, "webhooks/list.html", {
        "endpoints": Endpoint.objects.all(), "form": form,
    }, status=400 if form.errors else 200)


@staff_required
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    form = EndpointForm(request.POST or None, instance=endpoint)
    saved = (request.method == "POST" and form.is_valid()
             and _save(request, form, Endpoint.objects.get(pk=pk)) is not None)
    if saved:
        messages.success(request, _("The endpoint is saved."))
        return redirect(endpoint)
    if form.errors:
        endpoint.refresh_from_db()
    page = Paginator(endpoint.deliveries.all(), 25).get_page(request.GET.get("page"))
    return render(request, "webhooks/detail.html", {
        "endpoint": endpoint, "form": form, "page": page,
        "signature_header": SIGNATURE_HEADER, "timestamp_header": TIMESTAMP_HEADER,
    }, status=400 if form.errors else 200)


@staff_required
@require_POST
def endpoint_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    delivery = services.do_send_test(request.user, endpoint)
    messages.success(request, _("A test was sent."))
    return redirect(delivery)


@staff_required
@require_POST
def endpoint_secret(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    services.do_renew_secret(request.user, endpoint)
    messages.success(request, _("The endpoint has a new secret: give it to the receiver."))
    return redirect(endpoint)


@staff_required
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if request.method == "POST":
        services.do_delete_endpoint(request.user, endpoint)
        messages.success(request, _("The endpoint “%(name)s” is deleted.")
                         % {"name": endpoint.name})
        return redirect("webhooks:list")
    return render(request, "webhooks/delete.html", {"endpoint": endpoint})


@staff_required
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery.objects.select_related("endpoint"), pk=pk)
    if request.method == "POST":
        try:
            services.do_retry_delivery(request.user, delivery)
            messages.success(request, _("The delivery is tried again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(delivery)
    return render(request, "webhooks/delivery.html", {
        "delivery": delivery, "attempts": delivery.attempt_log.all(),
        "body": json.dumps(delivery.payload, ensure_ascii=False, indent=2),
        "can_retry": delivery.status in (Delivery.Status.PENDING, Delivery.Status.FAILED),
    })
