"""Who may do what with a channel. One place, so views, the API and templates agree."""

from __future__ import annotations

from wspolnie.organisations.models import Membership, Organisation
from wspolnie.organisations.permissions import can_edit_organisation


def can_manage_channel(user, channel) -> bool:
    """Create, edit, deactivate: the owner organisation's admins and staff."""
    return can_edit_organisation(user, channel.organisation)


def can_add_channel_to(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def organisations_user_can_add_to(user):
    """The organisations `user` may add a channel to (staff: all)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).distinct()
