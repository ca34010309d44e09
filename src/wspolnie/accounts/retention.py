"""Retention: accounts whose e-mail address was never verified are removed
ACCOUNT_UNVERIFIED_DAYS after sign-up (by the worker's sweep). Staff accounts and accounts
with a membership are kept (somebody made them so on purpose). Each removal is logged by the
account's id only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.core.mail import forget_mail_to

from .models import DELETED_EMAIL_DOMAIN, User

audit.register_action("account.unverified_removed",
                      gettext_lazy("Unverified account removed (retention)"))


def expired_unverified_accounts(now: dt.datetime | None = None):
    limit = (now or timezone.now()) - dt.timedelta(days=settings.ACCOUNT_UNVERIFIED_DAYS)
    return User.objects.filter(
        email_verified_at__isnull=True, date_joined__lt=limit, is_staff=False,
        is_superuser=False, memberships__isnull=True,
    ).exclude(email__endswith=f"@{DELETED_EMAIL_DOMAIN}")


def remove_unverified_accounts(now: dt.datetime | None = None) -> int:
    """Delete the expired unverified accounts; returns how many."""
    count = 0
    for user in expired_unverified_accounts(now).iterator(chunk_size=200):
        with transaction.atomic():
            forget_mail_to(user.email)
            audit.record(None, "account.unverified_removed", user,
                         {"user_id": [user.pk, None]})
            user.delete()
        count += 1
    return count
