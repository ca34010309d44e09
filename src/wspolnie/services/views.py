from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.directory.models import Community, Topic
from wspolnie.organisations.models import Organisation
from wspolnie.search.facets import FacetedList, choice_facet, language_facet, vocabulary_facet

from . import services
from .forms import ServiceForm
from .models import Service
from .permissions import can_manage_services

PAGE_SIZE = 20


SERVICES = FacetedList(
    facets=[
        vocabulary_facet("topic", gettext_lazy("Topic"), "topics", Topic),
        vocabulary_facet("community", gettext_lazy("Community"), "communities", Community),
        language_facet("language", gettext_lazy("Language"), "languages__code"),
        choice_facet("cost", gettext_lazy("Cost"), "cost", Service.Cost.choices),
    ],
    text_kinds=["service"],
)


def service_list(request: HttpRequest) -> HttpResponse:
    """The public list: facets with counts and the text box (wspolnie.search.facets)."""
    params = request.GET.copy()
    if params.get("free") and not params.getlist("cost"):  # links from before the facets
        params.setlist("cost", [Service.Cost.FREE.value])
    query = SERVICES.from_params(params)
    base = Service.objects.public()
    found = query.ordered(query.apply(base)).select_related("organisation").prefetch_related(
        "languages", "topics"
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/list.html", {
        "page": page, "query": query,
        **query.context(base, text_label=_("Search the services")),
    })


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    return render(
        request,
        "services/detail.html",
        {
            "service": service,
            "organisation": service.organisation,
            "can_manage": can_manage_services(request.user, service.organisation),
        },
    )


def _values(form: ServiceForm) -> dict:
    return {
        name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.fields
    }


@login_required
def service_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_services(request.user, organisation):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.do_create_service(request.user, organisation, **_values(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The service is saved."))
            return redirect(service)
    return render(
        request,
        "services/form.html",
        {"form": form, "organisation": organisation, "service": None},
    )


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    organisation = service.organisation
    if not can_manage_services(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        # A copy for the form, so that a rejected form leaves `service` as it is stored.
        form = ServiceForm(
            request.POST, instance=Service.objects.get(pk=service.pk), organisation=organisation
        )
        if form.is_valid():
            try:
                services.do_update_service(
                    request.user, Service.objects.get(pk=service.pk), **_values(form)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The service is saved."))
                return redirect(service)
    else:
        form = ServiceForm(instance=service, organisation=organisation)
    return render(
        request,
        "services/form.html",
        {"form": form, "organisation": organisation, "service": service},
    )


@login_required
def service_delete(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    organisation = service.organisation
    if not can_manage_services(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        name = service.display_name
        services.do_delete_service(request.user, service)
        messages.success(request, _("The service “%(name)s” is deleted.") % {"name": name})
        return redirect(organisation)
    return render(
        request, "services/delete.html", {"service": service, "organisation": organisation}
    )
