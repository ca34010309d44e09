"""Failed-login records (django-axes) are kept only as long as they can lock anybody out;
accounts never verified are removed after ACCOUNT_UNVERIFIED_DAYS (retention.py)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def sweep() -> None:
    AccessAttempt.objects.filter(
        attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME
    ).delete()
    from .retention import remove_unverified_accounts

    remove_unverified_accounts()
