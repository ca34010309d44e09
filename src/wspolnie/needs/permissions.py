"""Who may post and manage needs and offers.

- Posting: any member of the organisation (members and organisation admins) and staff. A need
  is often noticed by the person who runs the activity, not by the profile's admin, so members
  may post too.
- Editing and closing: the organisation's admins and staff (any item of the organisation), and
  the member who posted it (their own items, while they still belong to the organisation).
- Members of other organisations may do neither.
"""

from __future__ import annotations

from wspolnie.organisations.models import Membership, Organisation
from wspolnie.organisations.permissions import can_edit_organisation

from .models import NeedOffer


def is_member(user, organisation: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def can_post(user, organisation: Organisation) -> bool:
    return bool(user.is_authenticated and (user.is_staff or is_member(user, organisation)))


def can_manage(user, item: NeedOffer) -> bool:
    if can_edit_organisation(user, item.organisation):
        return True
    return bool(
        user.is_authenticated
        and item.created_by_id == user.pk
        and is_member(user, item.organisation)
    )
