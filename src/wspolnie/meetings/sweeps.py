"""The meetings' part of the worker's sweep: the follow-up mail after each meeting (sent once
per registration, see exchange.send_followups) and blanking attendees' answers of meetings long
past (retention.blank_old_answers)."""

from __future__ import annotations


def sweep() -> None:
    from .exchange import send_followups
    from .retention import blank_old_answers

    send_followups()
    blank_old_answers()
