"""API authentication: personal tokens (`Authorization: Bearer wsp_…`) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from wspolnie.accounts.services import user_for_api_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The browser session, CSRF-checked only when there is a signed-in session to protect.

    ninja's own session auth runs the CSRF check first, so a script with a wrong token (or
    none) got "403 CSRF check Failed" instead of 401.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        csrf_exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not csrf_exempt and check_csrf(request):
            raise HttpError(403, _("The CSRF check failed: reload the page, or use an API token."))
        return request.user


def caller(request: HttpRequest):
    """The user behind a public endpoint that also serves signed-in callers: a Bearer token
    (which must be valid: a wrong one is 401, never anonymous) or the session."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, token = header.partition(" ")
        user = user_for_api_token(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise HttpError(401, _("Authentication required: a valid API token or session."))
        return user
    return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()
#: For endpoints that need a signed-in caller.
REQUIRED = [token_auth, session_auth]


def optional_auth(request: HttpRequest):
    """A token when an Authorization header is sent (a wrong one is refused with 401, not
    quietly read as anonymous), else the browser session, else an anonymous caller."""
    if request.headers.get("Authorization"):
        user = token_auth(request)
        if user is None:
            raise AuthenticationError
        return user
    return request.user  # the session's user, or AnonymousUser (truthy: the call goes on)


#: For endpoints anyone may call, that show a signed-in caller more.
OPTIONAL = [optional_auth]
