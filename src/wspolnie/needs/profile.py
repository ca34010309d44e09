"""The "Needs and offers" block on an organisation's profile: its open items."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section

from .models import NeedOffer
from .permissions import can_post


def sections(request, organisation) -> list[ProfileSection]:
    allowed_to_post = can_post(request.user, organisation)
    items = list(NeedOffer.objects.open().filter(organisation=organisation).order_by("-created"))
    return profile_section(
        "needs/profile_section.html", 30, shown=bool(items or allowed_to_post),
        items=items, organisation=organisation, can_post=allowed_to_post,
    )
