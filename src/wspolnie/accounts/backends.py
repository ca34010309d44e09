"""Authentication backends."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottlingBackend(AxesStandaloneBackend):
    """django-axes' lockout check, which must come first in AUTHENTICATION_BACKENDS.

    Axes raises for a call without a request; such calls (a shell, a management command) come
    from nobody a lockout could be about, so they are let through to the next backend. Every
    login through the web passes its request (EmailAuthenticationForm)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
