"""The "Information channels" block on an organisation's profile page."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section

from .permissions import can_add_channel_to


def sections(request, organisation) -> list[ProfileSection]:
    can_manage = can_add_channel_to(request.user, organisation)
    channels = organisation.channels.prefetch_related("languages")
    if not can_manage:
        channels = channels.filter(active=True)
    channels = list(channels)
    return profile_section(
        "channels/profile_section.html", 60, shown=bool(channels or can_manage),
        channels=channels, can_manage=can_manage, organisation=organisation,
    )
