"""Open Referral HSDS 3 export: approved organisations, each in the "compiled organization"
shape with its services, locations, languages and — as far as the requester may see them —
contact persons; wrapped in the HSDS API's page object.

Identifiers are UUIDs derived from the site address and the database ids (uuid5), so they stay
the same from one export to the next. Texts kept in several languages are given in one
language (the requester's, falling back as the pages do); `language` says which.
"""

from __future__ import annotations

import importlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from wspolnie.directory.models import viewer_level
from wspolnie.lib.languages import name_in
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Location, Organisation

#: org-id.guide identifier schemes of the Polish registers.
IDENTIFIER_SCHEMES = {"krs": "PL-KRS", "nip": "PL-NIP", "regon": "PL-REGON"}


def hsds_id(kind: str, key) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/hsds/{kind}/{key}"))


def _pick(values, language: str) -> str:
    return pick_translation(values or {}, language, [settings.LANGUAGE_CODE, "en"])


def _compact(record: dict) -> dict:
    """Leave out what is empty: HSDS fields are optional unless required, and an empty
    e-mail address or web address is not a valid one."""
    return {key: value for key, value in record.items() if value not in ("", None, [], {})}


def _contacts_api():
    """(visible_fields, viewer level for an organisation's contacts) from the contacts app, or
    None when it does not offer them: contacts are then left out."""
    for name in ("wspolnie.contacts.privacy", "wspolnie.contacts.services", "wspolnie.contacts"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        visible_fields = getattr(module, "visible_fields", None)
        if callable(visible_fields):
            level = getattr(module, "contact_viewer_level", None)
            return visible_fields, level, module
    return None


def _services_model():
    try:
        from wspolnie.services.models import Service
    except ImportError:  # pragma: no cover
        return None
    return Service


def _language_record(code: str, language: str, **links) -> dict:
    return _compact({"id": hsds_id("language", "-".join([*map(str, links.values()), code])),
                     **links, "name": name_in(code, language), "code": code})


def _taxonomy_attributes(terms, taxonomy: str, link_id: str, link_type: str,
                         language: str) -> list[dict]:
    attributes = []
    for term in terms:
        term_id = hsds_id(taxonomy, term.slug)
        name = _pick(term.names, language) or term.slug
        attributes.append({
            "id": hsds_id("attribute", f"{link_id}-{taxonomy}-{term.slug}"),
            "link_id": link_id,
            "link_type": link_type,
            "link_entity": link_type,
            "taxonomy_term_id": term_id,
            "value": term.slug,
            "taxonomy_term": {
                "id": term_id, "code": term.slug, "name": name, "description": name,
                "taxonomy": f"wspolnie-{taxonomy}", "language": language,
            },
        })
    return attributes


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def location_record(location: Location, organisation: Organisation, language: str) -> dict:
    location_id = hsds_id("location", location.pk)
    address = {
        "id": hsds_id("address", location.pk),
        "location_id": location_id,
        "address_1": location.street_address,
        "city": location.city,
        "state_province": getattr(settings, "HSDS_STATE_PROVINCE", "dolnośląskie"),
        "postal_code": location.postal_code,
        "country": getattr(settings, "HSDS_COUNTRY", "PL"),
        "address_type": "physical",
    }
    if location.district_id:
        address["region"] = _pick(location.district.names, language) or location.district.slug
    record = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organisation", organisation.pk),
        "name": location.name or str(location),
        "latitude": _number(location.latitude),
        "longitude": _number(location.longitude),
        "addresses": [address],
        "languages": [
            _language_record(lang.code, language, location_id=location_id)
            for lang in organisation.languages.all()
        ],
    }
    # Written in several languages: the export's language, with the profile's fallback.
    accessibility = _pick(location.accessibility, language)
    opening_hours = _pick(location.opening_hours, language)
    if accessibility:
        record["accessibility"] = [{
            "id": hsds_id("accessibility", location.pk), "location_id": location_id,
            "description": accessibility,
        }]
    if opening_hours:
        record["schedules"] = [{
            "id": hsds_id("schedule", location.pk), "location_id": location_id,
            "description": opening_hours,
        }]
    return _compact(record)


def service_record(service, organisation: Organisation, language: str) -> dict:
    service_id = hsds_id("service", service.pk)
    record = {
        "id": service_id,
        "organization_id": hsds_id("organisation", organisation.pk),
        "name": _pick(service.name, language) or f"#{service.pk}",
        "description": _pick(service.description, language),
        "url": service.url,
        "email": service.email,
        "status": "active" if service.status == "active" else "inactive",
        "eligibility_description": _pick(service.eligibility_description, language),
        "application_process": _pick(service.application_process, language),
        "fees_description": _pick(service.fees_description, language),
        "languages": [
            _language_record(lang.code, language, service_id=service_id)
            for lang in service.languages.all()
        ],
        "service_at_locations": [
            {
                "id": hsds_id("service_at_location", f"{service.pk}-{location.pk}"),
                "service_id": service_id,
                "location_id": hsds_id("location", location.pk),
            }
            for location in service.locations.all()
        ],
        "attributes": _taxonomy_attributes(
            service.topics.all(), "topics", service_id, "service", language
        ),
    }
    if service.cost == "free":
        record["cost_options"] = [{
            "id": hsds_id("cost_option", service.pk), "service_id": service_id,
            "amount": 0, "currency": "PLN",
        }]
    return _compact(record)


def contact_records(organisation: Organisation, user, language: str) -> list[dict]:
    api = _contacts_api()
    if api is None or not hasattr(organisation, "contacts"):
        return []
    visible_fields, level_for, module = api
    level = level_for(user, organisation) if level_for else viewer_level(user)
    shows = getattr(module, "has_something_to_show", None)
    organisation_id = hsds_id("organisation", organisation.pk)
    records = []
    manager = organisation.contacts
    contacts = manager.active() if hasattr(manager, "active") else manager.all()
    for contact in contacts:
        fields = visible_fields(contact, level)
        if shows is not None and not shows(fields):
            continue
        contact_id = hsds_id("contact", contact.pk)
        record = {
            "id": contact_id,
            "organization_id": organisation_id,
            "name": fields.get("name"),
            "title": _pick(fields.get("role"), language) if fields.get("role") else None,
            "email": fields.get("email"),
        }
        if fields.get("phone"):
            phone = {"id": hsds_id("contact_phone", contact.pk), "contact_id": contact_id,
                     "number": fields["phone"], "type": "voice"}
            if fields.get("languages"):
                phone["languages"] = [
                    _language_record(code, language, phone_id=phone["id"])
                    for code in fields["languages"]
                ]
            record["phones"] = [phone]
        records.append(_compact(record))
    return records


def organisation_record(organisation: Organisation, user, language: str) -> dict:
    organisation_id = hsds_id("organisation", organisation.pk)
    identifiers = [
        {
            "id": hsds_id(f"identifier-{name}", organisation.pk),
            "organization_id": organisation_id,
            "identifier_scheme": scheme,
            "identifier_type": name.upper(),
            "identifier": getattr(organisation, name),
        }
        for name, scheme in IDENTIFIER_SCHEMES.items()
        if getattr(organisation, name)
    ]
    services = getattr(organisation, "exported_services", [])
    record = {
        "id": organisation_id,
        "name": organisation.name,
        "description": (
            _pick(organisation.description, language)
            or _pick(organisation.short_description, language)
        ),
        "email": organisation.email,
        "website": organisation.website,
        "year_incorporated": organisation.founding_year,
        "legal_status": organisation.legal_form or organisation.get_kind_display(),
        "uri": settings.SITE_URL + organisation.get_absolute_url(),
        "phones": [
            {"id": hsds_id("phone", organisation.pk), "organization_id": organisation_id,
             "number": organisation.phone, "type": "voice"}
        ] if organisation.phone else [],
        "organization_identifiers": identifiers,
        "locations": [
            location_record(location, organisation, language)
            for location in organisation.locations.all()
        ],
        "contacts": contact_records(organisation, user, language),
        "attributes": [
            *_taxonomy_attributes(organisation.topics.all(), "topics", organisation_id,
                                  "organization", language),
            *_taxonomy_attributes(organisation.communities.all(), "communities",
                                  organisation_id, "organization", language),
        ],
        "services": [service_record(service, organisation, language) for service in services],
    }
    compact = _compact(record)
    compact.setdefault("description", "")  # required, even when nobody wrote one
    return compact


def organisations_queryset(user):
    """Approved organisations only — for everyone, staff included: this is the public
    directory in an exchange format."""
    queryset = Organisation.objects.public().order_by("name", "pk").prefetch_related(
        "topics", "communities", "languages",
        Prefetch("locations", queryset=Location.objects.select_related("district")),
    )
    Service = _services_model()
    if Service is not None:
        services = (
            Service.objects.public()
            if user is None or not user.is_authenticated
            else Service.objects.visible_to(user)
        )
        queryset = queryset.prefetch_related(Prefetch(
            "services",
            queryset=services.order_by("id").prefetch_related("languages", "topics", "locations"),
            to_attr="exported_services",
        ))
    return queryset


def hsds_document(user, language: str | None = None) -> dict:
    """The export as `user` may see it (None: as anyone, signed out)."""
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if user is None else user
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    contents = [
        organisation_record(organisation, user, language)
        for organisation in organisations_queryset(user)
    ]
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "language": language,
        "contents": contents,
    }
