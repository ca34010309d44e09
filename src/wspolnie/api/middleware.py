from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def _messages() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        403: _("You may not do this."),
        404: _("No such API endpoint."),
        405: _("This HTTP method is not allowed here."),
        413: _("The request is too large."),
        500: _("Something went wrong on the server; it has been recorded. Try again later."),
    }


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class ApiJsonErrorsMiddleware:
    """Every error under /api/ is JSON {"detail": "…"}, whoever made it: Django's 400, 403
    (CSRF), 404 and 500 pages, ninja's plain-text 405, a body too large (413). API clients
    never get an HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and is_api_request(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return json_error(response)
        return response


def json_error(response: HttpResponse) -> JsonResponse:
    """The JSON answer for an error `response` (its status, a translated message, the Allow
    header of a 405)."""
    status = response.status_code
    messages = _messages()
    fallback = messages[500] if status >= 500 else messages[400]
    json_response = JsonResponse({"detail": messages.get(status, fallback)}, status=status)
    for header in ("Allow", "Retry-After"):
        if response.has_header(header):
            json_response[header] = response[header]
    return json_response
