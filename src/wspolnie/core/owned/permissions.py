"""The permission rules organisation-owned capabilities choose from.

- `admins_and_staff`: the organisation's admins and the hub's staff (as for its profile);
- `members_and_staff`: anyone who belongs to the organisation (member or admin) and staff.
"""

from __future__ import annotations

from wspolnie.organisations.models import Membership, Organisation
from wspolnie.organisations.permissions import can_edit_organisation


def is_member(user, organisation: Organisation) -> bool:
    """Belongs to the organisation, as a member or an admin."""
    return bool(
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def admins_and_staff(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def members_and_staff(user, organisation: Organisation) -> bool:
    return bool(user.is_authenticated and (user.is_staff or is_member(user, organisation)))
