"""API authentication: personal tokens (`Authorization: Bearer wsp_…`) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from wspolnie.accounts.services import user_for_api_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()
#: For endpoints that need a signed-in caller.
REQUIRED = [token_auth, django_auth]

