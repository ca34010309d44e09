"""The "Services" block on an organisation's profile."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section

from .models import Service
from .permissions import can_manage_services


def sections(request, organisation) -> list[ProfileSection]:
    can_manage = can_manage_services(request.user, organisation)
    found = Service.objects.visible_to(request.user).filter(organisation=organisation)
    found = found.prefetch_related("languages")
    services = list(found)
    return profile_section(
        "services/profile_section.html", 20, shown=bool(services or can_manage),
        services=services, organisation=organisation, can_manage=can_manage,
    )
