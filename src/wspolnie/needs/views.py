from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.directory.models import District
from wspolnie.organisations.models import Organisation
from wspolnie.search.facets import FacetedList, choice_facet, language_facet, vocabulary_facet

from . import services
from .forms import NeedOfferForm
from .models import NeedOffer
from .permissions import can_manage, can_post

PAGE_SIZE = 20


BOARD = FacetedList(
    facets=[
        choice_facet("kind", gettext_lazy("Show"), "kind", NeedOffer.Kind.choices),
        choice_facet("category", gettext_lazy("Category"), "category", NeedOffer.Category.choices),
        vocabulary_facet("district", gettext_lazy("District"), "districts", District),
        language_facet("language", gettext_lazy("Language"), "languages__code"),
    ],
    text_kinds=[NeedOffer.Kind.NEED.value, NeedOffer.Kind.OFFER.value],
)


def board(request: HttpRequest) -> HttpResponse:
    """The board: facets with counts and the text box (wspolnie.search.facets); unknown
    values in a shared link are dropped."""
    query = BOARD.from_params(request.GET)
    base = NeedOffer.objects.public()
    found = query.ordered(query.apply(base), "-created", "-id").select_related(
        "organisation").prefetch_related("languages", "districts")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/board.html", {
        "page": page, "query": query,
        **query.context(base, text_label=_("Search the board")),
    })


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        NeedOffer.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    return render(
        request,
        "needs/detail.html",
        {
            "item": item,
            "organisation": item.organisation,
            "can_manage": can_manage(request.user, item),
        },
    )


def _values(form: NeedOfferForm) -> dict:
    return {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_post(request.user, organisation):
        raise PermissionDenied
    form = NeedOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.do_create_need_offer(request.user, organisation, **_values(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("It is on the board now."))
            return redirect(item)
    return render(
        request, "needs/form.html", {"form": form, "organisation": organisation, "item": None}
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NeedOffer.objects.select_related("organisation"), pk=pk)
    if not can_manage(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        # A copy for the form, so that a rejected form leaves `item` as it is stored.
        form = NeedOfferForm(request.POST, instance=NeedOffer.objects.get(pk=item.pk))
        if form.is_valid():
            try:
                services.do_update_need_offer(
                    request.user, NeedOffer.objects.get(pk=item.pk), **_values(form)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(item)
    else:
        form = NeedOfferForm(instance=item)
    return render(
        request,
        "needs/form.html",
        {"form": form, "organisation": item.organisation, "item": item},
    )


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NeedOffer.objects.select_related("organisation"), pk=pk)
    if not can_manage(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        services.do_close_need_offer(request.user, item)
        messages.success(request, _("It is closed and no longer on the board."))
        return redirect(item)
    return render(request, "needs/close.html", {"item": item, "organisation": item.organisation})


@login_required
def organisation_items(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything one organisation has posted, open, expired and closed (for its members)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_post(request.user, organisation):
        raise PermissionDenied
    items = organisation.needs_offers.select_related("organisation").order_by("-created", "-id")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "needs/organisation.html",
        {
            "organisation": organisation,
            "page": page,
            "manageable": {item.pk for item in page if can_manage(request.user, item)},
        },
    )
