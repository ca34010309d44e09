"""The webhooks' part of the worker's periodic sweep (see wspolnie.core.sweeping)."""

from __future__ import annotations


def sweep() -> None:
    from .delivery import sweep as resend_due_deliveries

    resend_due_deliveries()
