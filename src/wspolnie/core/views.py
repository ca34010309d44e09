from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from wspolnie.core import home as home_page
from wspolnie.core.context_processors import site
from wspolnie.core.middleware import too_large_response
from wspolnie.organisations.models import Organisation

logger = logging.getLogger(__name__)


BENCH_BASELINE_HTML = (
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Baseline</title>"
    "</head><body><p>A constant page.</p></body></html>"
)


def bench_baseline(request: HttpRequest) -> HttpResponse:
    """A constant page through the same middleware, mounted only with BENCH_BASELINE (the
    page benchmark's floor)."""
    return HttpResponse(BENCH_BASELINE_HTML)


def home(request: HttpRequest) -> HttpResponse:
    """What is happening in the network: coming meetings, news, needs and offers, the next
    dates of each series, the network in numbers, and a signed-in user's own corner."""
    return render(
        request,
        "core/home.html",
        {
            "meetings": home_page.upcoming_meetings(),
            "series_dates": home_page.next_series_dates(),
            "news": home_page.latest_news(),
            "needs": home_page.fresh_needs(),
            "counts": home_page.network_counts(),
            "corner": home_page.member_corner(request.user),
            "organisations": Organisation.objects.public()[:8],
        },
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        # More form data than DATA_UPLOAD_MAX_MEMORY_SIZE: say so, not "bad request".
        return too_large_response(request)
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:
        # The failure may be the database itself, which the signed-in part of the layout
        # needs: then the same page without the request (no user, no messages).
        logger.exception("The 500 page could not be rendered with the request")
        return HttpResponseServerError(render_to_string("500.html", site(request)))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
