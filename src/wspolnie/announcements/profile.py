"""The "Announcements" block on an organisation's profile: its latest published news, and for
those who may write them, a link to write one."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section
from wspolnie.organisations.permissions import can_edit_organisation

from .models import Announcement

LATEST = 5


def sections(request, organisation) -> list[ProfileSection]:
    may_write = organisation.is_public and can_edit_organisation(request.user, organisation)
    items = list(
        Announcement.objects.published()
        .filter(organisation=organisation)
        .order_by("-publish_at", "-id")[:LATEST]
    )
    return profile_section(
        "announcements/profile_section.html", 65, shown=bool(items or may_write),
        items=items, organisation=organisation, may_write=may_write,
    )
