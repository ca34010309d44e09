"""The meetings' part of the worker's sweep: the follow-up mail after each meeting (sent once
per registration, see exchange.send_followups)."""

from __future__ import annotations


def sweep() -> None:
    from .exchange import send_followups

    send_followups()
