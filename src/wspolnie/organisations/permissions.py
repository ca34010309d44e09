"""Who may do what with an organisation. One place, so views and the API agree."""

from __future__ import annotations

from .models import Membership, Organisation


def is_org_admin(user, organisation: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.ADMIN
        ).exists()
    )


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return bool(user.is_authenticated and (user.is_staff or is_org_admin(user, organisation)))
