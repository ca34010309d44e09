"""State changes of accounts. Views and the API call these; nothing else writes users/tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.core.mail import forget_mail_to, queue_templated_mail
from wspolnie.core.models import AuditEntry

from .models import DELETED_EMAIL_DOMAIN, ApiToken, User, hash_token

VERIFICATION_SALT = "wspolnie.accounts.verify-email"

audit.register_action("account.password_changed", gettext_lazy("Password changed"))
audit.register_action("account.deleted", gettext_lazy("Account deleted"))
audit.register_action("account.sessions_ended", gettext_lazy("Sessions logged out"))


def make_verification_token(user: User) -> str:
    return signing.TimestampSigner(salt=VERIFICATION_SALT).sign_object(
        {"id": user.pk, "email": user.email}
    )


def user_from_verification_token(token: str) -> User | None:
    """The user the token was made for, or None if it is forged, expired or stale."""
    try:
        data = signing.TimestampSigner(salt=VERIFICATION_SALT).unsign_object(
            token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("id"), email=data.get("email")).first()
    return user


def _check_name(name: str) -> None:
    """A name longer than the column is refused (Django's translated message), not cut by
    the database or turned into an error page by PostgreSQL."""
    limit = get_user_model()._meta.get_field("name").max_length
    try:
        MaxLengthValidator(limit)(name or "")
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from None


def do_sign_up(
    *, email: str, name: str, password: str, preferred_language: str, request=None
) -> User | None:
    """Create an inactive account and mail its verification link.

    An address that already has an account gets no second one, and the page says nothing
    about it (the caller shows the same "check your inbox"): its owner is mailed instead —
    a fresh verification link if the account still waits for one, otherwise a note that
    somebody tried to sign up with the address — within the account-mail rate limit.
    Returns the new account, or None."""
    from .throttling import account_mail_allowed

    _check_name(name)
    email = get_user_model().objects.normalize_email(email).lower()
    existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    email=email,
                    password=password,
                    name=name,
                    preferred_language=preferred_language,
                    is_active=False,
                )
                audit.record(None, "account.signed_up", user)
                send_verification_mail(user)
            return user
        except IntegrityError:
            # The same address signed up at the same moment: now it exists.
            existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is None or existing.is_deleted:
        return None
    if request is not None and not account_mail_allowed("sign-up", email, request):
        return None
    if existing.email_verified_at is None and not existing.is_active:
        send_verification_mail(existing)
    else:
        queue_templated_mail(
            "accounts/mail/sign_up_attempt",
            to=existing.email,
            context={
                "user": existing,
                "login_link": settings.SITE_URL + reverse("accounts:login"),
                "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
            },
            language=existing.preferred_language,
        )
    return None


def send_verification_mail(user: User) -> None:
    link = settings.SITE_URL + reverse(
        "accounts:verify", kwargs={"token": make_verification_token(user)}
    )
    queue_templated_mail(
        "accounts/mail/verify",
        to=user.email,
        context={"user": user, "link": link},
        language=user.preferred_language,
    )


def do_resend_verification(email: str, request=None) -> None:
    """Mail a fresh link to an account that is still waiting for verification, within the
    account-mail rate limit (per address and per client).

    Says nothing about whether the address has an account or was limited: the caller shows
    the same page either way.
    """
    from .throttling import account_mail_allowed

    if request is not None and not account_mail_allowed("verification", email, request):
        return
    user = (
        get_user_model()
        .objects.filter(email__iexact=email, is_active=False, email_verified_at__isnull=True)
        .first()
    )
    if user is not None:
        send_verification_mail(user)


@transaction.atomic
def do_verify_email(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_verified_at", "is_active"])
        audit.record(user, "account.verified_email", user)


@transaction.atomic
def do_update_profile(actor: User, *, name: str, preferred_language: str) -> None:
    _check_name(name)
    before = audit.snapshot(actor, ["name", "preferred_language"])
    actor.name = name
    actor.preferred_language = preferred_language
    actor.save(update_fields=["name", "preferred_language"])
    changes = audit.diff_fields(before, audit.snapshot(actor, ["name", "preferred_language"]))
    if changes:
        audit.record(actor, "account.updated_profile", actor, changes)


@transaction.atomic
def do_create_api_token(actor: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is never stored."""
    raw = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name, token_hash=hash_token(raw), prefix=raw[:10]
    )
    audit.record(actor, "api_token.created", token)
    return token, raw


@transaction.atomic
def do_revoke_api_token(actor: User, token: ApiToken) -> None:
    audit.record(actor, "api_token.revoked", token)
    token.delete()


def user_for_api_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Only write when the stored value is noticeably old: an API client polling every second
    # should not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def do_change_password(actor: User, new_password: str) -> None:
    """The signed-in person sets a new password (the form checked the old one)."""
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit.record(actor, "account.password_changed", actor)


def do_end_sessions(actor: User, sessions_to_end) -> int:
    """Logs out the given sessions of the actor's own (UserSession rows, e.g. one, "all but
    this one" or all): their next request is anonymous. How many were ended."""
    from . import sessions

    if not actor.is_authenticated:
        raise PermissionDenied
    rows = list(sessions_to_end)
    if any(row.user_id != actor.pk for row in rows):
        raise PermissionDenied
    ended = sessions.end(rows)
    if ended:
        audit.record(actor, "account.sessions_ended", actor)
    return ended


def do_end_other_sessions(actor: User, keep_index: int | None) -> int:
    """Every session of the actor but the one with this index row (None: every session)."""
    from .models import UserSession

    return do_end_sessions(actor, UserSession.objects.filter(user=actor).exclude(pk=keep_index))


class AccountDeletionBlocked(Exception):
    """The account looks after organisations nobody else could look after."""

    def __init__(self, organisations: list) -> None:
        super().__init__("sole admin")
        self.organisations = organisations


def deletion_blockers(user: User) -> list:
    """Organisations that would be left with members but no admin."""
    from wspolnie.organisations.services import organisations_needing_another_admin

    return organisations_needing_another_admin(user)


def do_delete_account(actor: User, password: str) -> None:
    """The person deletes their own account, confirming with the password.

    Refused (AccountDeletionBlocked) while they are the only admin of an organisation that
    has other members: one of those has to become admin first (their admins or staff can
    make them one), or the organisation would be left with nobody to look after it.

    Otherwise: memberships, requests to join and API tokens go; registrations for meetings
    still to come are cancelled (the waiting list moves up) and every registration loses the
    person's name, address and answers; a newsletter subscription of the account's address is
    forgotten; the account itself keeps only its id (for the audit log, which names objects by
    id from now on) and can never log in again."""
    # Imported here: those apps import accounts (its models, api.auth) at module level.
    from wspolnie.meetings.services import do_erase_registrations_of
    from wspolnie.newsletter.subscriptions import do_erase_own_subscription
    from wspolnie.organisations.services import do_leave_all_organisations

    from . import sessions
    from .throttling import forget_failed_logins
    from .two_factor import forget_second_factor

    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    if not actor.check_password(password or ""):
        raise ValidationError({"password": [_("The password is not correct.")]})
    blockers = deletion_blockers(actor)
    if blockers:
        raise AccountDeletionBlocked(blockers)
    with transaction.atomic():
        # Mails still waiting for the person go first (the cancellations below are new ones).
        forget_mail_to(actor.email)
        do_erase_registrations_of(actor)
        do_erase_own_subscription(actor)
        do_leave_all_organisations(actor)
        actor.api_tokens.all().delete()
        forget_failed_logins(actor.email)
        forget_second_factor(actor)
        sessions.end(actor.browser_sessions.all())
        # Entries about the account named it by str() (its name) and recorded name changes.
        AuditEntry.objects.filter(
            object_type=actor._meta.label_lower, object_id=str(actor.pk)
        ).update(object_repr=audit.describe(actor), changes={})
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(actor), object_id=str(actor.pk)
        ).update(object_repr=audit.describe(actor), change_message="")
        actor.email = f"user-{actor.pk}@{DELETED_EMAIL_DOMAIN}"
        actor.name = ""
        actor.is_active = False
        actor.is_staff = False
        actor.is_superuser = False
        actor.email_verified_at = None
        actor.set_unusable_password()
        actor.save()
        actor.groups.clear()
        actor.user_permissions.clear()
        audit.record(actor, "account.deleted", actor, {"user_id": [actor.pk, None]})


def my_registrations(user: User) -> tuple[list, list]:
    """The person's meeting registrations (see meetings.permissions.registrations_of):
    upcoming meetings first, soonest first, then past ones, latest first."""
    from wspolnie.meetings.permissions import registrations_of

    registrations = list(
        registrations_of(user).select_related("event").order_by("event__starts_at", "id")
    )
    now = timezone.now()
    upcoming = [r for r in registrations if r.event.ends_at >= now]
    past = [r for r in registrations if r.event.ends_at < now]
    past.reverse()
    return upcoming, past
