"""Limits on guessing and on mail: login throttling (django-axes, configured in settings.py)
and the hourly limit of account mails (password reset, verification link, "somebody tried to
sign up with your address").

The client address comes from `wspolnie.lib.client_ip` (also axes' `AXES_CLIENT_IP_CALLABLE`),
so the login lockout, the mail limit and the newsletter's limit agree on who the client is.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from wspolnie.lib.client_ip import client_ip


def client_address(request: HttpRequest) -> str:
    """The client's address as the login throttling sees it."""
    return client_ip(request) or "unknown"


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account a login attempt is for, as axes counts it: the e-mail address in lower case
    (the login accepts any case, so "Bob@" and "bob@" must share one count)."""
    data = credentials if credentials else getattr(request, "POST", {})
    return str(data.get("username") or "").strip().lower()


def lockout_message() -> str:
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return ngettext(
        "Too many failed attempts to log in. Try again in %(minutes)d minute, or reset your "
        "password.",
        "Too many failed attempts to log in. Try again in %(minutes)d minutes, or reset your "
        "password.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What a locked-out login gets (axes' AXES_LOCKOUT_CALLABLE): the login page itself, which
    already says why (EmailAuthenticationForm), with 429 Too Many Requests."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")


def account_mail_allowed(kind: str, email: str, request: HttpRequest) -> bool:
    """Count one account mail of `kind` to `email` asked for by this client; False when the
    address has had ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR of that kind, or the client
    ACCOUNT_MAILS_PER_CLIENT_PER_HOUR account mails of any kind, within the last hour.

    Callers answer the same whether or not the mail is sent."""
    # The newsletter's sign-up limit is the hub's one rate-limit counter.
    from wspolnie.newsletter.subscriptions import count_attempt, keyed_hash

    return count_attempt([
        (keyed_hash(f"account-mail:{kind}", email.strip().lower()),
         settings.ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR),
        (keyed_hash("account-mail:client", client_address(request)),
         settings.ACCOUNT_MAILS_PER_CLIENT_PER_HOUR),
    ])


def unlock_account(email: str) -> None:
    """Forget the failed logins counted against this account (after a password reset: the
    owner proved they hold the mailbox)."""
    from axes.utils import reset

    reset(username=email.strip().lower())


def forget_failed_logins(email: str) -> None:
    """Every failed-login record naming this address (account deletion)."""
    from axes.models import AccessAttempt, AccessFailureLog

    address = email.strip().lower()
    AccessAttempt.objects.filter(username=address).delete()
    AccessFailureLog.objects.filter(username=address).delete()

