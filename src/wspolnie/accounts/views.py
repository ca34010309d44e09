from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.meetings import services as meetings_services
from wspolnie.meetings.models import Registration
from wspolnie.meetings.permissions import registrations_of

from . import personal_data, services, sessions, two_factor
from .forms import (
    ApiTokenForm,
    DeleteAccountForm,
    EmailAuthenticationForm,
    ProfileForm,
    QueuedPasswordResetForm,
    ResendVerificationForm,
    SignUpForm,
)
from .models import ApiToken, UserSession
from .throttling import account_mail_allowed, unlock_account
from .views_two_factor import start_pending_login

# The profile page shows the profile form and the token form together: distinct element ids
# keep each label tied to its own input.
TOKEN_FORM_ID = "id_token_%s"  # noqa: S105 - an HTML id pattern, not a secret


def with_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            services.do_sign_up(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                preferred_language=form.cleaned_data["preferred_language"],
                request=request,
            )
            return redirect("accounts:sign_up_done")
    else:
        form = SignUpForm(initial={"preferred_language": request.LANGUAGE_CODE})
    return render(request, "accounts/sign_up.html", {"form": form})


def sign_up_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_up_done.html")


def resend_verification(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ResendVerificationForm(request.POST)
        if form.is_valid():
            services.do_resend_verification(form.cleaned_data["email"], request=request)
            return redirect("accounts:sign_up_done")
    else:
        form = ResendVerificationForm()
    return render(request, "accounts/resend_verification.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    user = services.user_from_verification_token(token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    if user.email_verified_at is not None:
        # The link logs in once; afterwards (for the rest of its lifetime) it must not stay a
        # password-free way into the account for whoever sees the mail.
        messages.info(
            request, _("Your e-mail address is already verified. Log in with your password.")
        )
        return redirect("accounts:login")
    services.do_verify_email(user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # The next page is in the account's language (the cookie below); so is this message.
    with translation.override(user.preferred_language):
        messages.success(request, _("Your e-mail address is verified. Welcome to Wspólnie!"))
    return with_language_cookie(redirect("accounts:profile"), user.preferred_language)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        # ?next= back to this very page: Django raises (a 500) for a logged-in visitor.
        return "" if url == self.request.path else url

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.can_verify(user):
            # Not logged in yet: the code step (views_two_factor.login_code) finishes it.
            start_pending_login(self.request, user)
            return redirect_to_login(
                self.get_success_url(), reverse("accounts:login_code")
            )
        response = super().form_valid(form)
        return with_language_cookie(response, user.preferred_language)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/mail/password_reset_body.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not account_mail_allowed("password-reset", form.cleaned_data["email"], self.request):
            # The same answer as a mail sent (or an unknown address).
            return redirect(self.get_success_url())
        # Links in the mail must point at the public site, not at whatever Host we were called by.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The mailbox owner chose a new password: the failed logins against it are forgotten.
        unlock_account(form.user.email)
        # Whoever had the old password is logged out everywhere.
        sessions.end(form.user.browser_sessions.all())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.do_update_profile(user, **form.cleaned_data)
            with translation.override(form.cleaned_data["preferred_language"]):
                messages.success(request, _("Your profile is saved."))
            return with_language_cookie(
                redirect("accounts:profile"), form.cleaned_data["preferred_language"]
            )
    else:
        form = ProfileForm(
            initial={"name": user.name, "preferred_language": user.preferred_language}
        )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(auto_id=TOKEN_FORM_ID),
            "tokens": user.api_tokens.all(),
            "memberships": user.memberships.select_related("organisation"),
        },
    )


@login_required
@require_POST
def create_api_token(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST, auto_id=TOKEN_FORM_ID)
    if not form.is_valid():
        return render(
            request,
            "accounts/profile.html",
            {
                "form": ProfileForm(
                    initial={"name": request.user.name,
                             "preferred_language": request.user.preferred_language}
                ),
                "token_form": form,
                "tokens": request.user.api_tokens.all(),
                "memberships": request.user.memberships.select_related("organisation"),
            },
            status=400,
        )
    token, raw = services.do_create_api_token(request.user, form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"token": token, "raw_token": raw})


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.do_revoke_api_token(request.user, token)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (it keeps the session: update_session_auth_hash), through our service for
    the audit log."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        services.do_change_password(self.request.user, form.cleaned_data["new_password1"])
        # What PasswordChangeView.form_valid does after form.save(): the other sessions of
        # the account end, this one stays.
        update_session_auth_hash(self.request, form.user)
        services.do_end_other_sessions(self.request.user, sessions.current_index(self.request))
        messages.success(self.request, _("Your password is changed."))
        return redirect(self.get_success_url())


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    upcoming, past = services.my_registrations(request.user)
    return render(request, "accounts/registrations.html", {
        "upcoming": upcoming, "past": past, "cancelled_status": Registration.Status.CANCELLED,
    })


@login_required
@require_POST
def cancel_my_registration(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(registrations_of(request.user), pk=pk)
    try:
        meetings_services.do_cancel_registration(request.user, registration)
    except meetings_services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your registration for “%(title)s” is cancelled.")
            % {"title": registration.event.title_text},
        )
    return redirect("accounts:registrations")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None)
    blockers = services.deletion_blockers(user)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_delete_account(user, form.cleaned_data["password"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        except services.AccountDeletionBlocked as blocked:
            blockers = blocked.organisations
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Goodbye!"))
            return redirect("core:home")
    status = 400 if form.errors or (request.method == "POST" and blockers) else 200
    return render(request, "accounts/delete.html", {"form": form, "blockers": blockers},
                  status=status)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the hub holds about the signed-in person, readable (and as JSON below)."""
    return render(request, "accounts/my_data.html", {
        "sections": personal_data.for_user(request.user),
        "json_url": reverse("accounts:my_data_json"),
        "erase_url": reverse("accounts:delete"),
        "erase_text": _("Deleting your account erases your personal data."),
        "erase_label": _("Delete my account"),
        "back_url": reverse("accounts:profile"),
    })


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    return personal_data_download(personal_data.for_user(request.user))


def personal_data_download(sections) -> JsonResponse:
    """The sections as a JSON file to save (also the newsletter subscriber's download)."""
    response = JsonResponse(
        {"generated_at": timezone.now().isoformat(), "data": personal_data.as_json(sections)},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sessions.html", {
        "sessions": sessions.active_sessions(request.user),
        "current": sessions.current_index(request),
        "idle": sessions.duration(settings.SESSION_IDLE_TIMEOUT),
        "absolute": sessions.duration(settings.SESSION_ABSOLUTE_TIMEOUT),
    })


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(UserSession, pk=pk, user=request.user)
    services.do_end_sessions(request.user, [row])
    if row.pk == sessions.current_index(request):
        logout(request)
        messages.success(request, _("You are logged out."))
        return redirect("accounts:login")
    messages.success(request, _("That session is logged out."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    services.do_end_other_sessions(request.user, sessions.current_index(request))
    messages.success(request, _("Your other sessions are logged out."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def end_all_sessions(request: HttpRequest) -> HttpResponse:
    services.do_end_other_sessions(request.user, None)
    logout(request)
    messages.success(request, _("You are logged out everywhere."))
    return redirect("accounts:login")
