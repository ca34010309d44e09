"""State changes of services; every one takes the acting user and writes the audit log."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.services import OrganisationOwned
from wspolnie.organisations.models import Location, Organisation

from .models import Service


def check_locations(organisation: Organisation, locations: Iterable[Location]) -> None:
    if any(location.organisation_id != organisation.pk for location in locations):
        raise ValidationError(
            {"locations": _("A service can only take place at its organisation's locations.")}
        )


class Services(OrganisationOwned):
    """Managed by the organisation's admins and staff (as for the profile): the defaults."""

    model = Service
    scalar_fields = [
        "name",
        "description",
        "eligibility_description",
        "application_process",
        "cost",
        "fees_description",
        "url",
        "email",
        "status",
    ]
    m2m_fields = ["languages", "topics", "communities", "locations"]
    action_prefix = "service"
    action_labels = {
        "created": gettext_lazy("Service added"),
        "updated": gettext_lazy("Service changed"),
        "deleted": gettext_lazy("Service deleted"),
    }

    def clean(self, item: Service, relations, previous) -> None:
        check_locations(item.organisation, relations.get("locations", []))

    def deleted_changes(self, item: Service) -> dict:
        return {"name": [item.name, None]}


SERVICES = Services()
EDITABLE_FIELDS = SERVICES.editable_fields

do_create_service = SERVICES.create
do_update_service = SERVICES.update
do_delete_service = SERVICES.delete
