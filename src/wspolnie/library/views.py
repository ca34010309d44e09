from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews, signed_in
from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Organisation
from wspolnie.search.facets import (
    FacetedList,
    choice_facet,
    language_facet,
    model_facet,
    vocabulary_facet,
)

from .forms import EntryForm, initial_from
from .models import Entry
from .services import ENTRIES

PAGE_SIZE = 20
TEXT_KINDS = [Entry.Kind.PRACTICE.value, Entry.Kind.TOOL.value]

LIBRARY = FacetedList(
    facets=[
        choice_facet("kind", gettext_lazy("Show"), "kind", Entry.Kind.choices),
        vocabulary_facet("tag", gettext_lazy("Tags"), "topics", Topic),
        language_facet("language", gettext_lazy("Language"), "languages__code"),
        choice_facet("cost", gettext_lazy("Cost"), "cost", Entry.Cost.choices),
        model_facet(
            "used_by", gettext_lazy("Used by"), "users", Organisation.objects.public(), "slug",
            lambda organisation: organisation.name, sort_by_count=True,
        ),
    ],
    text_kinds=TEXT_KINDS,
)


def library(request: HttpRequest) -> HttpResponse:
    """The library: facets with counts and the text box (the site's one search machinery)."""
    return LIBRARY.render_list(
        request, "library/list.html", Entry.objects.public(), page_size=PAGE_SIZE,
        text_label=_("Search the library"), order=("title", "id"),
        related=("organisation",), prefetch=("languages", "topics", "users"),
    )


def organisations_for_posting(user) -> list[Organisation]:
    """The organisations `user` may add entries for (staff: every approved one)."""
    if user.is_staff:
        return list(Organisation.objects.public().order_by("name"))
    return list(Organisation.objects.filter(memberships__user=user).distinct().order_by("name"))


@login_required
def choose_organisation(request: HttpRequest) -> HttpResponse:
    """"Add to the library" without an organisation in the address (e.g. from a board card):
    the one the user belongs to, or a choice; the prefilled values go along."""
    organisations = organisations_for_posting(request.user)
    query = urlencode(list(request.GET.lists()), doseq=True)
    if len(organisations) == 1 and not request.user.is_staff:
        url = reverse("library:create", args=[organisations[0].slug])
        return redirect(f"{url}?{query}" if query else url)
    return render(request, "library/choose.html", {
        "organisations": organisations, "query": query,
    })


class EntryViews(OwnedViews):
    owned = ENTRIES
    form_class = EntryForm
    object_name = "entry"
    detail_template = "library/detail.html"
    form_template = "library/form.html"
    delete_template = "library/delete.html"
    messages = {
        "created": gettext_lazy("The entry is in the library now."),
        "updated": gettext_lazy("The changes are saved."),
        "deleted": gettext_lazy("The entry “%(name)s” is deleted."),
    }
    pages = ("edit", "delete", "create")
    page_size = PAGE_SIZE

    def after_delete(self, item: Entry):
        return reverse("library:list")

    def detail_context(self, request: HttpRequest, item: Entry) -> dict:
        context = super().detail_context(request, item)
        context["users"] = item.public_users()
        return context

    @signed_in
    def create(self, request: HttpRequest, slug: str) -> HttpResponse:
        """GET, or a POST with `prefill`: the form with the values the request brings (a board
        card promoted to the library), saved only when the user sends the form itself."""
        organisation = self.organisation_for_posting(request, slug)
        if request.method == "GET" or "prefill" in request.POST:
            params = request.GET if request.method == "GET" else request.POST
            form = self.form_class(initial=initial_from(params, organisation))
            return render(request, self.form_template, {
                "form": form, "organisation": organisation, self.object_name: None,
            })
        return super().create(request, slug)


views = EntryViews()
