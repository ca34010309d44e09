"""Widgets the forms of organisation-owned objects share (needs, services)."""

from __future__ import annotations

from django import forms

#: Radio buttons and checkboxes laid out as a wrapping list (the apps' `div.choice-list` style).
CHOICE_LIST = {"class": "choice-list"}


def choice_widgets(radios: tuple[str, ...] = (), checkboxes: tuple[str, ...] = ()) -> dict:
    """Meta.widgets for fields shown as a choice list: `radios` one choice, `checkboxes`
    several."""
    return {
        **{name: forms.RadioSelect(attrs=CHOICE_LIST) for name in radios},
        **{name: forms.CheckboxSelectMultiple(attrs=CHOICE_LIST) for name in checkboxes},
    }
