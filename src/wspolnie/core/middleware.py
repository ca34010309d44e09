"""Request-level limits shared by every app."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

#: `?lang=en` on any page: that page in English (the addresses of `<link rel="alternate"
#: hreflang>`; the switcher in the header sets the cookie with Django's set_language instead).
LANGUAGE_PARAMETER = "lang"


def too_large_message() -> str:
    return _("This upload is too large: at most %(max)s can be sent at once.") % {
        "max": filesizeformat(settings.MAX_REQUEST_BYTES)
    }


def too_large_response(request: HttpRequest) -> HttpResponse:
    """413 in the visitor's language: JSON for the API, the site's page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": too_large_message()}, status=413)
    return render(request, "413.html", {"message": too_large_message()}, status=413)


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than MAX_REQUEST_BYTES before anything reads it
    (Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves uploaded files out of its count)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return too_large_response(request)
        return self.get_response(request)


class QueryLanguageMiddleware:
    """`?lang=<code>` of one of settings.LANGUAGES shows the page in that language and keeps it
    (the language cookie), as the switcher would: a link to the Ukrainian version of a page,
    followed from a search engine or shared by someone, stays Ukrainian on the next click.
    Must come after LocaleMiddleware, which chose the language from the cookie or the browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get(LANGUAGE_PARAMETER)
        if code not in self.codes:
            return self.get_response(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
