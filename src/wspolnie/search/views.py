from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .forms import SearchForm
from .query import search

PER_PAGE = 10
MAX_PAGE = 500


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET if "q" in request.GET or "kind" in request.GET else None)
    results = page = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"] or None
        number = _page_number(request.GET.get("page"))
        results = search(text, kinds=kind, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
        page = Paginator(range(results.total), PER_PAGE).get_page(number)
        if results.total and page.number != number:
            results = search(
                text, kinds=kind, limit=PER_PAGE, offset=(page.number - 1) * PER_PAGE
            )
    return render(
        request, "search/search.html", {"form": form, "results": results, "page": page}
    )


SUGGESTIONS = 6


def suggestions(request: HttpRequest) -> HttpResponse:
    """The search box's suggestions while typing (an htmx fragment): the first hits of the one
    search, as links; "all results" leads to the search page. Opened as a page (no htmx), it
    leads to the search page itself."""
    if request.headers.get("HX-Request") != "true":
        query = urlencode({"q": request.GET["q"]}) if request.GET.get("q") else ""
        return redirect(f"{reverse('search:search')}?{query}" if query else "search:search")
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = search(form.cleaned_data["q"], limit=SUGGESTIONS)
    return render(request, "search/_suggestions.html", {"form": form, "results": results})
