from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError, HttpError, ValidationError

from wspolnie.core.plugins import wspolnie_app_modules
from wspolnie.directory.models import too_long_field

from .openapi import HonestNinjaAPI

api = HonestNinjaAPI(
    title="Wspólnie API",
    version="1",
    description=(
        "Public data needs no authentication. Signed-in endpoints take a personal token "
        "(create one on your profile page) as `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
for _label, _module in wspolnie_app_modules("api"):
    api.add_router(f"/{_label}", _module.router)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request, {"detail": _("Authentication required: a valid API token or session.")}, status=401
    )


def _field_name(loc) -> str:
    """"name" or "description.uk" from pydantic's location ("body", "payload", "name")."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "header", "cookie"):
        parts = parts[2:] if parts[0] == "body" and len(parts) > 2 else parts[1:]
    return ".".join(parts)


def _too_long(error: dict) -> str | None:
    """A translated sentence for a text longer than its limit, naming the field."""
    if error.get("type") != "string_too_long":
        return None
    limit = (error.get("ctx") or {}).get("max_length")
    return too_long_field(_field_name(error.get("loc", ())), limit or 0)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    # Too-long texts are said in the detail too (in the request's language), so a client that
    # shows only `detail` tells its user which field to shorten and to how much.
    errors = exc.errors if isinstance(exc.errors, list) else []
    too_long = [
        message for message in (_too_long(e) for e in errors if isinstance(e, dict)) if message
    ]
    detail = " ".join([_("The request is not valid."), *too_long])
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


# django-ninja's own messages, which it does not translate.
NINJA_MESSAGES = {
    "Cannot parse request body": lambda: _("The request body is not valid JSON."),
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    message = str(exc)
    translated = NINJA_MESSAGES.get(message)
    return api.create_response(
        request, {"detail": translated() if translated else message}, status=exc.status_code
    )


@csrf_exempt  # a POST to an unknown path is a 404, not a CSRF failure
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    return JsonResponse({"detail": _("No such API endpoint.")}, status=404)
