"""The "Calendar feeds" block on an organisation's profile page, for its admins and staff."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section

from .services import can_manage_feeds


def sections(request, organisation) -> list[ProfileSection]:
    can_manage = can_manage_feeds(request.user, organisation)
    feeds = list(organisation.calendar_feeds.order_by("url")) if can_manage else []
    return profile_section("calendars/profile_section.html", 75, shown=can_manage,
                           feeds=feeds, organisation=organisation)
