"""Two-step login: the code step after the password, and setting up, renewing and turning off
the second factor on the profile page (services in two_factor.py)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import two_factor
from .forms import DisableTwoFactorForm, EnableTwoFactorForm, LoginCodeForm

#: The session entry between the right password and the right code.
PENDING_KEY = "accounts_login_pending"


def _safe_next(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def start_pending_login(request: HttpRequest, user) -> None:
    """The password was right; the account has a second factor: remember whom the code step
    is for (not logged in yet)."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "at": int(time.time()),
    }


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > settings.LOGIN_CODE_MAX_AGE:
        del request.session[PENDING_KEY]
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    # A password changed since then ends the pending login, as it ends sessions.
    if user is None or not constant_time_compare(
        pending.get("hash", ""), user.get_session_auth_hash()
    ):
        return None
    user.backend = pending.get("backend")
    return user


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app (or a recovery code). Also verifies a signed-in
    session that has not given one yet (SecondFactorMiddleware sends it here)."""
    from .views import with_language_cookie

    if request.user.is_authenticated:
        if request.user.is_verified() or not two_factor.can_verify(request.user):
            return redirect(_safe_next(request))
        user, signed_in = request.user, True
    else:
        user, signed_in = _pending_user(request), False
        if user is None:
            messages.info(request, _("Please log in again."))
            return redirect("accounts:login")
    form = LoginCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            if signed_in:
                otp_login(request, device)
            else:
                request.session.pop(PENDING_KEY, None)
                user.otp_device = device  # django-otp keeps it in the session at login()
                login(request, user, backend=user.backend)
            if device.name == two_factor.RECOVERY_DEVICE_NAME:
                left = two_factor.recovery_codes_left(user)
                messages.warning(request, ngettext(
                    "You used a recovery code; %(count)d is left. Make new ones on your "
                    "profile page before you run out.",
                    "You used a recovery code; %(count)d are left. Make new ones on your "
                    "profile page before you run out.",
                    left,
                ) % {"count": left})
            return with_language_cookie(redirect(_safe_next(request)), user.preferred_language)
        form.add_error("code", _("The code is not correct. If you typed it correctly, wait a "
                                 "few seconds and enter the code the app shows next."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/login_code.html", {
        "form": form, "next": _safe_next(request), "signed_in": signed_in,
    }, status=status)


@login_required
def two_factor_status(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/two_factor.html", {
        "enabled": two_factor.has_second_factor(user),
        "required": two_factor.second_factor_required(user),
        "codes_left": two_factor.recovery_codes_left(user),
    })


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.has_second_factor(user):
        messages.info(request, _("Two-step login is already on. To move it to another app, "
                                 "turn it off and set it up again."))
        return redirect("accounts:two_factor")
    device = two_factor.pending_app_device(user)
    form = EnableTwoFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                codes = two_factor.do_enable_two_factor(user, device, form.cleaned_data["code"])
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                device.refresh_from_db()
                otp_login(request, device)
                messages.success(request, _("Two-step login is on."))
                return render(request, "accounts/recovery_codes.html", {
                    "codes": codes, "next": _safe_next(request),
                })
    return render(request, "accounts/two_factor_setup.html", {
        "form": form,
        "qr": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
        "required": two_factor.second_factor_required(user),
        "next": request.GET.get("next", ""),
    }, status=status)


@login_required
@require_POST
def renew_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_second_factor(request.user):
        return redirect("accounts:two_factor")
    codes = two_factor.do_renew_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {
        "codes": codes, "next": reverse("accounts:two_factor"),
    })


@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor")
    form = DisableTwoFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                two_factor.do_disable_two_factor(
                    user, form.cleaned_data["password"], form.cleaned_data["code"]
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                messages.success(request, _("Two-step login is off."))
                return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_disable.html", {
        "form": form, "required": two_factor.second_factor_required(user),
    }, status=status)
