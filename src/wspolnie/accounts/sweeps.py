"""Failed-login records (django-axes) are kept only as long as they can lock anybody out;
expired sessions and their index rows go too; accounts never verified are removed after
ACCOUNT_UNVERIFIED_DAYS (retention.py)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from . import sessions


def sweep() -> None:
    AccessAttempt.objects.filter(
        attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME
    ).delete()
    sessions.sweep()
    from .retention import remove_unverified_accounts

    remove_unverified_accounts()
