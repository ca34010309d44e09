"""The "Services" block on an organisation's profile."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection

from .models import Service
from .permissions import can_manage_services


def sections(request, organisation) -> list[ProfileSection]:
    can_manage = can_manage_services(request.user, organisation)
    found = Service.objects.visible_to(request.user).filter(organisation=organisation)
    found = found.prefetch_related("languages")
    services = list(found)
    if not services and not can_manage:
        return []
    return [
        ProfileSection(
            template="services/profile_section.html",
            context={"services": services, "organisation": organisation, "can_manage": can_manage},
            order=20,
        )
    ]
