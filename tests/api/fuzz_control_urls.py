"""A tiny API with two broken endpoints, to show that tests/api/test_fuzz.py's checks fail on
them (tests/api/test_fuzz_control.py), and a plain Django view under /api/ (not ninja: it
answers Django's own 403 pages), for tests/api/test_bad_input.py. Mounted beside the site."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.urls import path
from ninja import Schema

from wspolnie import urls as site_urls
from wspolnie.api.openapi import HonestNinjaAPI

api = HonestNinjaAPI(title="control", urls_namespace="fuzz-control", docs_url=None)


class ThingOut(Schema):
    name: str


@api.get("/crash", response={200: ThingOut})
def crash(request, page: int = 1):
    return {"name": str(1 // (page - page))}


@api.get("/wrong", response={200: ThingOut})
def wrong(request):
    return JsonResponse({"title": "not the declared shape"})


def plain(request):
    """POST (CSRF-checked, as every Django view): OK; GET: Django's 403 page."""
    if request.method == "POST":
        return HttpResponse("OK")
    raise PermissionDenied


urlpatterns = [
    path("api/control/plain", plain),
    path("api/control/", api.urls), *site_urls.urlpatterns,
]
handler400, handler403 = site_urls.handler400, site_urls.handler403
handler404, handler500 = site_urls.handler404, site_urls.handler500
