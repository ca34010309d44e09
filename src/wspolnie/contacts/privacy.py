"""Who sees which piece of a contact person. The ONE place that decides it.

Every page, the API, the search index and the GDPR export build what they show from
visible_fields(); nothing else reads a contact's personal fields for display.

Levels (wspolnie.directory.models.Visibility):
- public: anyone, including anonymous visitors, search results and feeds;
- members: "members of the hub" — any user with at least one organisation membership;
- staff: the hub's staff, and the admins of the contact's own organisation (they entered the
  data, manage it and answer for it, so they see all of it, as staff do).
"""

from __future__ import annotations

from collections.abc import Iterable

from wspolnie.directory.models import Visibility, can_see, viewer_level
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.permissions import can_edit_organisation

from .models import PERSONAL_FIELDS, ContactPerson
from .phones import display_phone


def can_manage_contacts(user, organisation: Organisation) -> bool:
    """Add, edit, delete, erase and export: the organisation's admins and staff."""
    return can_edit_organisation(user, organisation)


def contact_viewer_level(user, organisation: Organisation) -> Visibility:
    """The level at which `user` sees the contact persons of `organisation`."""
    if can_manage_contacts(user, organisation):
        return Visibility.STAFF
    return viewer_level(user)


def visible_fields(contact: ContactPerson, level: str) -> dict:
    """The contact as a viewer at `level` sees it.

    Keys: id, name, role ({language: text}), email, phone (international format, e.g.
    "+48 71 123 45 67"), phone_e164 (for tel: links), languages (BCP-47 codes). A field the
    viewer may not see is None; a visible field that is not filled in is "" / {} / [].
    An erased contact has nothing left to see.
    """

    def allowed(field: str) -> bool:
        return not contact.is_erased and can_see(level, getattr(contact, f"{field}_visibility"))

    phone_visible = allowed("phone")
    return {
        "id": contact.pk,
        "name": contact.name if allowed("name") else None,
        "role": dict(contact.role or {}) if allowed("role") else None,
        "email": contact.email if allowed("email") else None,
        "phone": display_phone(contact.phone) if phone_visible else None,
        "phone_e164": contact.phone if phone_visible else None,
        "languages": (
            sorted(language.code for language in contact.languages.all())
            if allowed("languages") else None
        ),
    }


def has_something_to_show(fields: dict) -> bool:
    """Whether a visible_fields() result shows anything at all (a name, a role, a way to
    reach the person); a contact showing nothing is left out of lists."""
    return any(fields[name] for name in ("name", "role", "email", "phone"))


def visible_contacts(contacts: Iterable[ContactPerson], level: str) -> list[dict]:
    """visible_fields() of each contact that shows anything to a viewer at `level`."""
    shown = []
    for contact in contacts:
        fields = visible_fields(contact, level)
        if has_something_to_show(fields):
            shown.append(fields)
    return shown


def active_contacts_of(organisation: Organisation):
    return organisation.contacts.active().prefetch_related("languages")


def visibility_settings(contact: ContactPerson) -> dict[str, str]:
    """{field: visibility} — not personal data, but only for those who manage the contact."""
    return {field: getattr(contact, f"{field}_visibility") for field in PERSONAL_FIELDS}
