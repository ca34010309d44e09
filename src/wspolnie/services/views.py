from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews

from .forms import ServiceFilterForm, ServiceForm
from .models import Service
from .services import SERVICES

PAGE_SIZE = 20


def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET)
    form.is_valid()  # the valid filters apply; the others are reported next to their field
    filters = getattr(form, "cleaned_data", {})
    found = Service.objects.public().select_related("organisation").prefetch_related(
        "languages", "topics"
    )
    if filters.get("topic"):
        found = found.filter(topics=filters["topic"])
    if filters.get("community"):
        found = found.filter(communities=filters["community"])
    if filters.get("language"):
        found = found.filter(languages=filters["language"])
    if filters.get("free"):
        found = found.filter(cost=Service.Cost.FREE)
    page = Paginator(found.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/list.html", {"page": page, "filter_form": form})


class ServiceViews(OwnedViews):
    owned = SERVICES
    form_class = ServiceForm
    object_name = "service"
    detail_template = "services/detail.html"
    form_template = "services/form.html"
    delete_template = "services/delete.html"
    pages = ("edit", "delete", "create")
    messages = {
        "created": gettext_lazy("The service is saved."),
        "updated": gettext_lazy("The service is saved."),
        "deleted": gettext_lazy("The service “%(name)s” is deleted."),
    }

    def form_kwargs(self, organisation) -> dict:
        return {"organisation": organisation}  # the form offers only its places


views = ServiceViews()
