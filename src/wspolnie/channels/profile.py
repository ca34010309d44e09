"""The "Information channels" block on an organisation's profile page."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection

from .permissions import can_add_channel_to


def sections(request, organisation) -> list[ProfileSection]:
    can_manage = can_add_channel_to(request.user, organisation)
    channels = organisation.channels.prefetch_related("languages")
    if not can_manage:
        channels = channels.filter(active=True)
    channels = list(channels)
    if not channels and not can_manage:
        return []
    return [
        ProfileSection(
            template="channels/profile_section.html",
            context={"channels": channels, "can_manage": can_manage, "organisation": organisation},
            order=60,
        )
    ]
