"""Who may post and manage needs and offers.

- Posting: any member of the organisation (members and organisation admins) and staff. A need
  is often noticed by the person who runs the activity, not by the profile's admin, so members
  may post too.
- Editing and closing: the organisation's admins and staff (any item of the organisation), and
  the member who posted it (their own items, while they still belong to the organisation).
- Members of other organisations may do neither.
"""

from __future__ import annotations

from wspolnie.core.owned.permissions import admins_and_staff, is_member, members_and_staff

from .models import NeedOffer

#: Posting (and seeing the organisation's own list): its members, admins and staff.
can_post = members_and_staff


def can_manage(user, item: NeedOffer) -> bool:
    if admins_and_staff(user, item.organisation):
        return True
    return bool(
        user.is_authenticated
        and item.created_by_id == user.pk
        and is_member(user, item.organisation)
    )
