from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews

from .forms import BoardFilterForm, NeedOfferForm
from .models import NeedOffer
from .services import NEEDS_OFFERS

PAGE_SIZE = 20


def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET)
    form.is_valid()  # the valid filters apply; the others are reported next to their field
    filters = getattr(form, "cleaned_data", {})
    found = NeedOffer.objects.public().select_related("organisation").prefetch_related(
        "languages", "districts"
    )
    if filters.get("kind"):
        found = found.filter(kind=filters["kind"])
    if filters.get("category"):
        found = found.filter(category=filters["category"])
    if filters.get("district"):
        found = found.filter(districts=filters["district"])
    if filters.get("language"):
        found = found.filter(languages=filters["language"])
    found = found.distinct().order_by("-created", "-id")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/board.html", {"page": page, "filter_form": form})


class NeedViews(OwnedViews):
    owned = NEEDS_OFFERS
    form_class = NeedOfferForm
    object_name = "item"
    detail_template = "needs/detail.html"
    form_template = "needs/form.html"
    close_template = "needs/close.html"
    organisation_template = "needs/organisation.html"
    messages = {
        "created": gettext_lazy("It is on the board now."),
        "updated": gettext_lazy("The changes are saved."),
        "closed": gettext_lazy("It is closed and no longer on the board."),
    }
    #: The organisation's list: everything it has posted, open, expired and closed.
    pages = ("edit", "close", "organisation_items", "create")
    page_size = PAGE_SIZE


views = NeedViews()
