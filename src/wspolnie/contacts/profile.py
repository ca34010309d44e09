"""The "Contact persons" block on an organisation's profile page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from wspolnie.core.plugins import ProfileSection, profile_section
from wspolnie.organisations.models import Organisation

from .privacy import (
    active_contacts_of,
    can_manage_contacts,
    contact_viewer_level,
    visible_contacts,
)


def sections(request: HttpRequest, organisation: Organisation) -> list[ProfileSection]:
    contacts = visible_contacts(
        active_contacts_of(organisation), contact_viewer_level(request.user, organisation)
    )
    manage_url = (
        reverse("contacts:manage", args=[organisation.slug])
        if can_manage_contacts(request.user, organisation) else None
    )
    return profile_section(
        "contacts/profile_section.html", 50, shown=bool(contacts or manage_url),
        contacts=contacts, manage_url=manage_url,
    )
