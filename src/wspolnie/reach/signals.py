"""Conversions: what a visitor brought by a tracked link does next, in the same session (see
tracking.py). The apps that make these things know nothing of it: the receivers listen."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from wspolnie.boards.models import Card, Comment
from wspolnie.meetings.models import Registration
from wspolnie.newsletter.models import ConsentRecord

from .models import Kind
from .tracking import record_conversion


@receiver(post_save, sender=Registration, dispatch_uid="reach-registration")
def _registration(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        record_conversion(Kind.REGISTRATION)


@receiver(post_save, sender=ConsentRecord, dispatch_uid="reach-subscription")
def _subscription(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw and instance.action == ConsentRecord.Action.SIGN_UP:
        record_conversion(Kind.SUBSCRIPTION)


@receiver(post_save, sender=Card, dispatch_uid="reach-card")
@receiver(post_save, sender=Comment, dispatch_uid="reach-comment")
def _board_post(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        record_conversion(Kind.BOARD_POST)
