"""What a webhook body says about a meeting, an announcement or an organisation: public data
only (what the public API and pages show), with absolute addresses."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def event_data(event) -> dict:
    details = event.details_public
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": _absolute(event.get_absolute_url()),
        "api_url": _absolute(f"/api/meetings/events/{event.slug}"),
        "ics_url": _absolute(reverse("meetings:event_ics", kwargs={"slug": event.slug})),
        "title": dict(event.title),
        "description": dict(event.description) if details else {},
        "status": event.status,
        "format": event.format,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "timezone": event.timezone,
        "venue_name": event.venue_name if details and event.has_venue else "",
        "venue_address": event.venue_address if details and event.has_venue else "",
        "languages": list(event.languages),
        "organisers": [
            {"slug": org.slug, "name": org.name, "url": _absolute(org.get_absolute_url())}
            for org in event.public_organisers()
        ],
        "updated": event.updated.isoformat(),
    }


def announcement_data(announcement) -> dict:
    """A withdrawn announcement is no longer public: the mirror learns which one, no text."""
    if announcement.status == announcement.Status.WITHDRAWN:
        return {"id": announcement.pk, "url": _absolute(announcement.get_absolute_url()),
                "status": announcement.status, "updated": announcement.updated.isoformat()}
    organisation = announcement.organisation
    return {
        "id": announcement.pk,
        "url": _absolute(announcement.get_absolute_url()),
        "api_url": _absolute(f"/api/announcements/{announcement.pk}"),
        "kind": announcement.kind,
        "status": announcement.status,
        "language": announcement.source_language,
        "title": announcement.title,
        "body": announcement.body,
        "publish_at": announcement.publish_at.isoformat() if announcement.publish_at else None,
        "organisation": (
            {"slug": organisation.slug, "name": organisation.name,
             "url": _absolute(organisation.get_absolute_url())}
            if organisation is not None and organisation.is_public else None
        ),
        "event": _absolute(announcement.event.get_absolute_url())
        if announcement.event_id else None,
        "updated": announcement.updated.isoformat(),
    }


def organisation_data(organisation) -> dict:
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "url": _absolute(organisation.get_absolute_url()),
        "api_url": _absolute(f"/api/organisations/{organisation.slug}"),
        "name": organisation.name,
        "kind": organisation.kind,
        "short_description": dict(organisation.short_description or {}),
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "topics": [topic.slug for topic in organisation.topics.all()],
        "communities": [community.slug for community in organisation.communities.all()],
        "languages": [language.code for language in organisation.languages.all()],
        "updated": organisation.updated.isoformat(),
    }
