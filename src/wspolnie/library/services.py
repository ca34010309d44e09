"""State changes of library entries (wspolnie.core.owned): each takes the acting user first,
checks the permission, validates and writes the audit log.

`do_create_entry(actor, organisation, kind=…, title=…, description=…, links=[{"url", "label"}],
topics=[Topic], languages=[Language], source_url=…)` is also what "promote a board card to
the library" calls (the create page takes the same values prefilled, see forms.initial_from).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.announcements.services import clean_links
from wspolnie.core.owned.services import OrganisationOwned
from wspolnie.organisations.models import Organisation

from .models import Entry
from .permissions import can_manage, can_post


class Entries(OrganisationOwned):
    model = Entry
    scalar_fields = [
        "kind", "title", "description", "good_for", "cost", "cost_note", "links", "source_url",
    ]
    m2m_fields = ["users", "languages", "topics"]
    action_prefix = "library_entry"
    action_labels = {
        "created": gettext_lazy("Library entry added"),
        "updated": gettext_lazy("Library entry changed"),
        "deleted": gettext_lazy("Library entry deleted"),
    }
    can_post = staticmethod(can_post)
    can_manage = staticmethod(can_manage)

    def new(self, actor, organisation: Organisation) -> Entry:
        return Entry(organisation=organisation, created_by=actor)

    def resolve(self, item: Entry, relations: dict[str, list]) -> dict[str, list]:
        users = relations.get("users")
        if users:
            hidden = [org.name for org in users if not org.is_public]
            if hidden:
                raise ValidationError({"users": _(
                    "Only approved organisations of the directory can be named: %(names)s."
                ) % {"names": ", ".join(hidden)}})
        return relations

    def clean(self, item: Entry, relations, previous: dict[str, Any] | None) -> None:
        try:
            item.links = clean_links(item.links)
        except ValidationError as error:
            raise ValidationError({"links": error.messages}) from None


ENTRIES = Entries()

do_create_entry = ENTRIES.create
do_update_entry = ENTRIES.update
do_delete_entry = ENTRIES.delete
