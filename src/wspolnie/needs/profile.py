"""The "Needs and offers" block on an organisation's profile: its open items."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection

from .models import NeedOffer
from .permissions import can_post


def sections(request, organisation) -> list[ProfileSection]:
    allowed_to_post = can_post(request.user, organisation)
    items = list(NeedOffer.objects.open().filter(organisation=organisation).order_by("-created"))
    if not items and not allowed_to_post:
        return []
    return [
        ProfileSection(
            template="needs/profile_section.html",
            context={"items": items, "organisation": organisation, "can_post": allowed_to_post},
            order=30,
        )
    ]
