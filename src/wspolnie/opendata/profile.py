"""The organisation profile's "Embed on your site" block, for those who run the profile."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from wspolnie.core.plugins import ProfileSection
from wspolnie.organisations.permissions import can_edit_organisation


def sections(request, organisation) -> list:
    if not organisation.is_public or not can_edit_organisation(request.user, organisation):
        return []
    url = reverse("opendata:embed_builder") + "?" + urlencode({"organisation": organisation.slug})
    return [ProfileSection(template="opendata/profile_section.html",
                           context={"url": url}, order=90)]
