"""The newsletter's part of the worker's periodic sweep (see wspolnie.core.sweeping)."""

from __future__ import annotations


def sweep() -> None:
    from .fanout import sweep as resume_stalled_issues
    from .subscriptions import expire_unconfirmed

    resume_stalled_issues()
    # Sign-ups never confirmed within NEWSLETTER_CONFIRMATION_HOURS (also a command for cron).
    expire_unconfirmed()
