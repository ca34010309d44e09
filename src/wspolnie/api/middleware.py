from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
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


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def nul_fields(request: HttpRequest) -> list[str]:
    """Where the request's path, query or JSON body holds a NUL character, which no text
    field keeps (PostgreSQL refuses it with a DataError)."""
    fields = ["path"] if "\x00" in request.path_info else []
    fields += [name for name, values in request.GET.lists() if _has_nul([name, *values])]
    try:
        body = request.body if request.content_type == "application/json" else b""
    except RequestDataTooBig:
        body = b""  # answered as too large where the body is read
    if b"\x00" in body or b"\\u0000" in body:
        try:
            if _has_nul(json.loads(body)):
                fields.append("body")
        except ValueError:
            pass  # not JSON: ninja answers that
    return fields


class ApiJsonErrorsMiddleware:
    """Every error under /api/ is JSON {"detail": "…"}, whoever made it: Django's 400, 403
    (CSRF), 404 and 500 pages, ninja's plain-text 405, a body too large (413). API clients
    never get an HTML page. Text with a NUL character is refused here, for every endpoint,
    with a 422."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_request(request):
            fields = nul_fields(request)
            if fields:
                message = _("Text may not contain the NUL character (U+0000).")
                return JsonResponse(
                    {"detail": _("The request is not valid."),
                     "errors": {field: [message] for field in fields}},
                    status=422,
                )
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
