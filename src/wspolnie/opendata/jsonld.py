"""schema.org JSON-LD for event and organisation pages: what search engines and city portals
read. Public data only, whoever looks at the page: the documents are built at the public
level (an anonymous visitor's), never at the viewer's, so a staff member's page carries the
same JSON-LD as everybody's. Never the video-call link (registrants only), never a contact
field that is not public.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wspolnie.directory.models import Visibility
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

SCHEMA = "https://schema.org"

#: Organisation kinds that schema.org calls NGO; the others are Organization (a public
#: institution: GovernmentOrganization).
KIND_TYPES = {
    Organisation.Kind.NGO: "NGO",
    Organisation.Kind.FOUNDATION: "NGO",
    Organisation.Kind.ASSOCIATION: "NGO",
    Organisation.Kind.PUBLIC_INSTITUTION: "GovernmentOrganization",
}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _compact(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}


def organisation_reference(organisation: Organisation) -> dict:
    return {"@type": KIND_TYPES.get(organisation.kind, "Organization"),
            "name": organisation.name, "url": absolute(organisation.get_absolute_url())}


def _attendance_mode(event: Event) -> str:
    return {
        Event.Format.ONLINE: "OnlineEventAttendanceMode",
        Event.Format.HYBRID: "MixedEventAttendanceMode",
    }.get(event.format, "OfflineEventAttendanceMode")


def _locations(event: Event) -> list[dict]:
    url = absolute(event.get_absolute_url())
    found = []
    if event.details_public and event.has_venue and event.location_text():
        place = {"@type": "Place", "name": event.venue_name or event.location_text(),
                 "address": event.venue_address or event.venue_name}
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": float(event.latitude),
                            "longitude": float(event.longitude)}
        found.append(place)
    if event.is_online:
        # The call's own link goes to registrants only: the public page stands for it.
        found.append({"@type": "VirtualLocation", "url": url})
    return found


def event_document(event: Event) -> dict | None:
    """The Event of a public meeting (None for one the public does not see)."""
    if not Event.objects.public().filter(pk=event.pk).exists():
        return None
    url = absolute(event.get_absolute_url())
    document = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title_text,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": f"{SCHEMA}/"
        + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": f"{SCHEMA}/{_attendance_mode(event)}",
        "location": _locations(event),
        "organizer": [organisation_reference(org) for org in event.public_organisers()],
        "inLanguage": list(event.languages),
        "description": event.description_text if event.details_public else "",
    }
    if event.registration_is_open:
        remaining = event.remaining_seats()
        document["offers"] = {
            "@type": "Offer",
            "url": absolute(reverse("meetings:register", kwargs={"slug": event.slug})),
            "availability": f"{SCHEMA}/"
            + ("SoldOut" if remaining == 0 and not event.waitlist else "InStock"),
        }
    return _compact(document)


def _address(location) -> dict:
    return _compact({"@type": "PostalAddress", "streetAddress": location.street_address,
                     "postalCode": location.postal_code, "addressLocality": location.city,
                     "addressCountry": "PL"})


def _contact_points(organisation: Organisation) -> list[dict]:
    from wspolnie.contacts.privacy import active_contacts_of, visible_contacts

    language = translation.get_language() or settings.LANGUAGE_CODE
    points = []
    for fields in visible_contacts(active_contacts_of(organisation), Visibility.PUBLIC):
        role = fields["role"] or {}
        points.append(_compact({
            "@type": "ContactPoint",
            "name": fields["name"],
            "contactType": role.get(language) or next(iter(role.values()), ""),
            "email": fields["email"],
            "telephone": fields["phone_e164"],
            "availableLanguage": fields["languages"] or [],
        }))
    return points


def organisation_document(organisation: Organisation) -> dict | None:
    """The Organization (NGO, GovernmentOrganization) of an approved organisation, with its
    public details and the public fields of its contact persons; None for one that is not
    public."""
    if not organisation.is_public:
        return None
    url = absolute(organisation.get_absolute_url())
    locations = list(organisation.locations.all())
    document = {
        "@context": SCHEMA,
        **organisation_reference(organisation),
        "@id": url,
        "description": organisation.short_description_in() or organisation.description_in(),
        "email": organisation.email,
        "telephone": organisation.phone,
        "logo": absolute(organisation.get_logo_url()) if organisation.logo else "",
        "sameAs": [link for link in [organisation.website, *organisation.social_profiles]
                   if link],
        "foundingDate": str(organisation.founding_year) if organisation.founding_year else "",
        "address": [_address(location) for location in locations],
        "knowsLanguage": [language.code for language in organisation.languages.all()],
        "contactPoint": _contact_points(organisation),
    }
    return _compact(document)
