"""A signed-in session that still owes its second factor may only finish it (or log out).

- An account with a device whose session is not verified (e.g. a session from before the
  device) is sent to the code step.
- An account that must have a second factor (staff; organisation admins when the setting is
  on) and has none is sent to set one up.

Everything else — every page, /admin/ and the API with the session — waits until then: a
staff session without its second factor would otherwise see staff-only data on any page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor

#: URL names a session owing its second factor may still use.
ALLOWED = {
    "accounts:login_code",
    "accounts:two_factor_setup",
    "accounts:logout",
    "set_language",
}


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.view_name in ALLOWED:
            return None
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        if two_factor.can_verify(user):
            target = "accounts:login_code"
            message = _("Enter the code from your authenticator app first.")
        elif two_factor.second_factor_required(user):
            target = "accounts:two_factor_setup"
            message = _("Your role needs two-step login: set it up first.")
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect_to_login(request.get_full_path(), reverse(target))
