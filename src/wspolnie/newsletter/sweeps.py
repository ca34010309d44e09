"""The newsletter's part of the worker's periodic sweep (see wspolnie.core.sweeping)."""

from __future__ import annotations


def sweep() -> None:
    from .fanout import sweep as resume_stalled_issues

    resume_stalled_issues()
