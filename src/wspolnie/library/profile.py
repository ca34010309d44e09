"""The "Practices and tools" block on an organisation's profile: the library entries it uses
or added."""

from __future__ import annotations

from django.db.models import Q

from wspolnie.core.plugins import ProfileSection, profile_section

from .models import Entry
from .permissions import can_post


def sections(request, organisation) -> list[ProfileSection]:
    allowed_to_post = can_post(request.user, organisation)
    entries = list(
        Entry.objects.public()
        .filter(Q(organisation=organisation) | Q(users=organisation))
        .distinct().order_by("title")
    )
    return profile_section(
        "library/profile_section.html", 60, shown=bool(entries or allowed_to_post),
        entries=entries, organisation=organisation, can_post=allowed_to_post,
    )
