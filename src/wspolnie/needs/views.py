from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews
from wspolnie.directory.models import District
from wspolnie.search.facets import FacetedList, choice_facet, language_facet, vocabulary_facet

from .forms import NeedOfferForm
from .models import NeedOffer
from .services import NEEDS_OFFERS

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
    return BOARD.render_list(
        request, "needs/board.html", NeedOffer.objects.public(), page_size=PAGE_SIZE,
        text_label=_("Search the board"), order=("-created", "-id"), related=("organisation",),
        prefetch=("languages", "districts"),
    )


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
