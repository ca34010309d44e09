from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from wspolnie.core.mail import queue_mail, render_subject, render_text

from .throttling import lockout_message


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    def clean_email(self) -> str:
        # Whether the address already has an account is not said here (account enumeration):
        # the service mails the existing owner instead, and the page is the same.
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = get_user_model()(
                email=cleaned.get("email", ""), name=cleaned.get("name", "")
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _(
            "This account is not active yet. Open the link in the verification e-mail we sent you."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is None or not password:
            return self.cleaned_data
        # One authenticate() per attempt: each call is one failure in the login throttling.
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is not None:
            self.confirm_login_allowed(self.user_cache)
            return self.cleaned_data
        if getattr(self.request, "axes_locked_out", False):
            raise forms.ValidationError(lockout_message(), code="locked_out")
        # ModelBackend refuses inactive accounts silently; tell the owner (who knows the
        # password) why, instead of a misleading "wrong password".
        user = get_user_model().objects.filter(email__iexact=email, is_active=False).first()
        if user is not None and user.check_password(password):
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
        raise self.get_invalid_login_error()


class LoginCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false",
            "autofocus": True,
        }),
    )


class EnableTwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("The six digits the app shows for Wspólnie."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false",
        }),
    )


class DisableTwoFactorForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the outbox and the task queue (which is
    handed only the outbox row's id, never the link with its token)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        from django.utils import translation

        # In the account's own language, not the language of whoever filled in the form.
        with translation.override(context["user"].preferred_language):
            subject = render_subject(subject_template_name, context)
            body = render_text(email_template_name, context)
        queue_mail(to=to_email, subject=subject, body=body)


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “newsletter script”."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )
