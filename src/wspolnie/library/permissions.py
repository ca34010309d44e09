"""Who may add and change library entries.

- Adding: any member of the organisation (members and admins) and staff: whoever runs the
  newsletter or the messenger group knows it best.
- Changing and deleting: the organisation's admins and staff, and the member who added it
  (while they still belong to the organisation).
"""

from __future__ import annotations

from wspolnie.core.owned.permissions import admins_and_staff, is_member, members_and_staff

from .models import Entry

can_post = members_and_staff


def can_manage(user, entry: Entry) -> bool:
    if admins_and_staff(user, entry.organisation):
        return True
    return bool(
        user.is_authenticated
        and entry.created_by_id == user.pk
        and is_member(user, entry.organisation)
    )
