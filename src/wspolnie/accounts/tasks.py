"""Account mails built when the task runs: the queue carries an account id, never an address
or a message (so nothing personal stays behind in the task results)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from wspolnie.core.mail import render_templated_mail


@task()
def mail_sign_up_attempt(user_id: int) -> int:
    """Tell an account's owner that somebody tried to sign up with their address. Nothing is
    sent if the account is gone (deleted, or its address changed to the deleted domain)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or user.is_deleted:
        return 0
    subject, body = render_templated_mail(
        "accounts/mail/sign_up_attempt",
        {
            "user": user,
            "login_link": settings.SITE_URL + reverse("accounts:login"),
            "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
        },
        language=user.preferred_language,
    )
    return EmailMessage(subject=subject, body=body, to=[user.email]).send()
