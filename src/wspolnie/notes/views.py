from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wspolnie.core.owned.views import confirm, save_form, show_service_errors
from wspolnie.meetings.models import Event
from wspolnie.meetings.permissions import can_see_event
from wspolnie.search.facets import FacetedList

from . import services
from .content import (
    SECTION_LABELS,
    chosen_version,
    collected_links,
    in_version,
    presentations,
    visible_contacts,
)
from .forms import NewNoteForm, NoteForm, PresentationFormSet, presentation_initial
from .models import SECTIONS, Note
from .permissions import can_manage, organisations_for_note

PAGE_SIZE = 20
NOTES = FacetedList(facets=[], text_kinds=["note"])


def note_list(request: HttpRequest) -> HttpResponse:
    """Published notes, the latest meeting first; the text box searches them."""
    return NOTES.render_list(
        request, "notes/list.html", Note.objects.public(), page_size=PAGE_SIZE,
        text_label=_("Search the notes"), order=("-event__starts_at", "-id"),
        related=("event", "organisation"),
    )


def _visible(request: HttpRequest, pk: int) -> Note:
    return get_object_or_404(
        Note.objects.visible_to(request.user).select_related("event", "organisation"), pk=pk
    )


def _managed(request: HttpRequest, pk: int) -> Note:
    note = get_object_or_404(Note.objects.select_related("event", "organisation"), pk=pk)
    if not can_manage(request.user, note):
        raise PermissionDenied
    return note


def _version(request: HttpRequest, note: Note) -> str:
    return chosen_version(note, request.GET.get("version"), translation.get_language())


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = _visible(request, pk)
    language = _version(request, note)
    sections = [
        (name, SECTION_LABELS[name], in_version(getattr(note, name), language))
        for name in SECTIONS
    ]
    return render(request, "notes/detail.html", {
        "note": note, "event": note.event, "language": language,
        "versions": note.version_languages(),
        "summary": sections[0][2], "sections": [s for s in sections[1:] if s[2]],
        "presentations": presentations(note, language),
        "contacts": visible_contacts(note, request.user),
        "links": collected_links(note, language),
        "can_manage": can_manage(request.user, note),
    })


def links(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's link list: every link of its note, with its title and where it is."""
    note = _visible(request, pk)
    language = _version(request, note)
    return render(request, "notes/links.html", {
        "note": note, "event": note.event, "links": collected_links(note, language),
    })


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the note of a meeting (a draft): in the name of one of its organisers."""
    event = get_object_or_404(Event, slug=slug)
    existing = Note.objects.filter(event=event).first()
    if existing is not None:
        return redirect("notes:edit", pk=existing.pk)
    organisations = organisations_for_note(request.user, event)
    if not organisations or not can_see_event(request.user, event):
        raise PermissionDenied
    form = NewNoteForm(
        request.POST or None, organisations=organisations,
        initial={"organisation": organisations[0]},
    )
    return save_form(
        request, form,
        lambda: services.do_create_note(
            request.user, form.cleaned_data["organisation"], event=event
        ),
        message=_("The note is started as a draft: only the organisers see it."),
        template="notes/new.html", context={"form": form, "event": event},
        redirect_to=lambda note: reverse("notes:edit", args=[note.pk]),
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _managed(request, pk)
    initial = {name: getattr(note, name) for name in SECTIONS}
    initial["useful_links"] = note.useful_links
    initial["contacts"] = list(note.contacts.all())
    data = request.POST if request.method == "POST" else None
    form = NoteForm(data, initial=initial, user=request.user)
    formset = PresentationFormSet(
        data, initial=presentation_initial(note.presentations), prefix="presentations",
        form_kwargs={"event": note.event},
    )
    context = {"form": form, "formset": formset, "note": note, "event": note.event}
    if data is not None and form.is_valid() and formset.is_valid():
        values = {name: form.cleaned_data[name] for name in (*SECTIONS, "useful_links",
                                                             "contacts")}
        values["presentations"] = [
            value for value in (row.value() for row in formset) if value is not None
        ]
        try:
            services.do_update_note(request.user, Note.objects.get(pk=note.pk), **values)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(note)
    return render(request, "notes/form.html", context)


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    note = _managed(request, pk)
    if request.method == "POST" and not note.version_languages():
        messages.error(request, _("Write at least the summary before publishing."))
        return redirect(note)
    return confirm(
        request, lambda: services.do_publish_note(request.user, note),
        message=_("The note is published."), template="notes/publish.html",
        context={"note": note, "event": note.event, "publishing": True}, redirect_to=note,
    )


@login_required
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    note = _managed(request, pk)
    return confirm(
        request, lambda: services.do_unpublish_note(request.user, note),
        message=_("The note is a draft again: only the organisers see it."),
        template="notes/publish.html",
        context={"note": note, "event": note.event, "publishing": False}, redirect_to=note,
    )


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = _managed(request, pk)
    return confirm(
        request, lambda: services.do_delete_note(request.user, note),
        message=_("The note is deleted."), template="notes/delete.html",
        context={"note": note, "event": note.event}, redirect_to=note.event,
    )
