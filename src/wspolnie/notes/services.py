"""State changes of meeting notes (wspolnie.core.owned): each takes the acting user first,
checks the permission, validates and writes the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.announcements.services import clean_links
from wspolnie.core import audit
from wspolnie.core.owned.services import OrganisationOwned
from wspolnie.organisations.models import Organisation

from .models import Note
from .permissions import can_manage, can_post


class Notes(OrganisationOwned):
    model = Note
    scalar_fields = [
        "event", "summary", "presentations", "discussion", "decisions", "next_steps",
        "useful_links",
    ]
    m2m_fields = ["contacts"]
    action_prefix = "meeting_note"
    action_labels = {
        "created": gettext_lazy("Meeting note created"),
        "updated": gettext_lazy("Meeting note changed"),
        "published": gettext_lazy("Meeting note published"),
        "unpublished": gettext_lazy("Meeting note taken back to draft"),
        "deleted": gettext_lazy("Meeting note deleted"),
    }
    can_post = staticmethod(can_post)
    can_manage = staticmethod(can_manage)

    def new(self, actor, organisation: Organisation) -> Note:
        return Note(organisation=organisation, created_by=actor)

    def resolve(self, item: Note, relations: dict[str, list]) -> dict[str, list]:
        contacts = relations.get("contacts")
        if contacts:
            erased = [contact for contact in contacts if contact.is_erased]
            if erased:
                raise ValidationError({"contacts": _(
                    "An erased contact person cannot be named in a note."
                )})
        return relations

    def clean(self, item: Note, relations, previous: dict[str, Any] | None) -> None:
        errors: dict[str, list[str]] = {}
        if previous is not None and item.event_id != previous["event"].pk:
            errors["event"] = [_("The meeting of a note cannot be changed.")]
        elif item.event_id and not item.event.organisers.filter(
            pk=item.organisation_id
        ).exists():
            errors["organisation"] = [_("A note is published by one of the meeting's organisers.")]
        try:
            item.useful_links = clean_links(item.useful_links)
        except ValidationError as error:
            errors["useful_links"] = error.messages
        if errors:
            raise ValidationError(errors)

    def snapshot(self, item: Note) -> dict[str, Any]:
        values = super().snapshot(item)
        values["event"] = item.event.slug if item.event_id else None
        return values


NOTES = Notes()

do_create_note = NOTES.create
do_update_note = NOTES.update
do_delete_note = NOTES.delete


@transaction.atomic
def do_publish_note(actor, note: Note) -> Note:
    """Publish it (anyone may read it, it enters the feed and the search); again: nothing."""
    if not can_manage(actor, note):
        raise PermissionDenied
    if note.status != Note.Status.PUBLISHED:
        if not note.version_languages():
            raise ValidationError(_("Write at least the summary before publishing."))
        note.status = Note.Status.PUBLISHED
        note.published_at = note.published_at or timezone.now()
        note.save(update_fields=["status", "published_at", "updated"])
        audit.record(actor, NOTES.action("published"), note, {"status": ["draft", "published"]})
    return note


@transaction.atomic
def do_unpublish_note(actor, note: Note) -> Note:
    """Back to a draft (only the organisers and staff see it)."""
    if not can_manage(actor, note):
        raise PermissionDenied
    if note.status != Note.Status.DRAFT:
        note.status = Note.Status.DRAFT
        note.save(update_fields=["status", "updated"])
        audit.record(actor, NOTES.action("unpublished"), note, {"status": ["published", "draft"]})
    return note
