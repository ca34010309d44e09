"""Who may do what with a channel. One place, so views, the API and templates agree."""

from __future__ import annotations

from wspolnie.organisations.models import Organisation
from wspolnie.organisations.permissions import can_edit_organisation, organisations_user_administers


def can_manage_channel(user, channel) -> bool:
    """Create, edit, deactivate: the owner organisation's admins and staff."""
    return can_edit_organisation(user, channel.organisation)


def can_add_channel_to(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def organisations_user_can_add_to(user):
    """The organisations `user` may add a channel to (staff: all)."""
    return organisations_user_administers(user)
