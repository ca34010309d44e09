from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews
from wspolnie.directory.models import Community, Topic
from wspolnie.search.facets import FacetedList, choice_facet, language_facet, vocabulary_facet

from .forms import ServiceForm
from .models import Service
from .services import SERVICES

PAGE_SIZE = 20


SERVICE_FACETS = FacetedList(
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
    return SERVICE_FACETS.render_list(
        request, "services/list.html", Service.objects.public(), page_size=PAGE_SIZE,
        text_label=_("Search the services"), related=("organisation",),
        prefetch=("languages", "topics"), params=params,
    )


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
