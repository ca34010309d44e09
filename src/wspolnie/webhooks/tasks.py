"""Thin tasks: a delivery's primary key; safe to run twice (the claim in delivery.attempt)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from .delivery import attempt

    return attempt(delivery_id)
