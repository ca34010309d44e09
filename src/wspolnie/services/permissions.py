"""Who may manage an organisation's services: its admins and staff (as for the profile)."""

from __future__ import annotations

from wspolnie.organisations.models import Organisation
from wspolnie.organisations.permissions import can_edit_organisation


def can_manage_services(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)
