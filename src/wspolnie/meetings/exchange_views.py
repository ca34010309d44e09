"""Pages of the contact exchange (see exchange.py for who sees what): the participant-list
choice, the list with search, CSV and vCard, one-off messages, the feedback form and the
consent exports. The participant's pages take the management-link token; the same list is
open to signed-in participants and hub members under the meeting's address."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.lib.spreadsheets import CSV_CONTENT_TYPE, csv_bytes

from . import exchange
from .exchange_forms import FeedbackForm, ParticipantMessageForm, SharingForm
from .models import Event, EventFeedback, Registration, SharingConsent

QUERY_MAX = 100


def _registration(token: str) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), token=token)


# --- the choice ----------------------------------------------------------------------------


def sharing(request: HttpRequest, token: str) -> HttpResponse:
    """Choose whether (and what) to share on the participant list; withdraw below."""
    registration = _registration(token)
    if registration.status == Registration.Status.CANCELLED:
        raise Http404
    form = SharingForm(request.POST or None, initial=SharingForm.initial_for(registration))
    if request.method == "POST" and form.is_valid():
        try:
            exchange.do_set_sharing(request.user, registration, form.choice(), token=token)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your participant list choice is saved."))
            return redirect("meetings:sharing", token=token)
    return render(request, "meetings/sharing.html", {
        "registration": registration, "event": registration.event, "form": form,
        "explanation": exchange.sharing_explanation(),
    }, status=422 if form.errors else 200)


@require_POST
def sharing_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    exchange.do_withdraw_sharing(request.user, registration, token=token)
    messages.success(request, _("You have left the participant list: nobody sees your entry "
                                "any more."))
    return redirect("meetings:sharing", token=token)


def consents_export(request: HttpRequest, token: str, extension: str) -> HttpResponse:
    """The person's own consent records (CSV or JSON)."""
    registration = _registration(token)
    data = exchange.consent_dataset(registration.sharing_consents.all())
    return _download(data, extension, f"consents-{registration.event.slug}")


def _download(data, extension: str, name: str) -> HttpResponse:
    if extension == "json":
        rows = [dict(zip(data.headers, row, strict=True)) for row in data]
        response = HttpResponse(json.dumps(rows, ensure_ascii=False, indent=1),
                                content_type="application/json")
    else:
        response = HttpResponse(csv_bytes(data), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@login_required
def staff_consents_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: every consent record of the meeting (e.g. for a data-protection request)."""
    if not request.user.is_staff:
        raise PermissionDenied
    event = get_object_or_404(Event, slug=slug)
    data = exchange.consent_dataset(SharingConsent.objects.filter(registration__event=event))
    return _download(data, "csv", f"consents-{event.slug}")


# --- the list --------------------------------------------------------------------------------


def _token_viewer(token: str) -> tuple[Registration, exchange.Viewer | None]:
    registration = _registration(token)
    return registration, exchange.viewer_for(registration.event, registration=registration)


def _signed_in_viewer(request: HttpRequest, slug: str) -> exchange.Viewer:
    event = get_object_or_404(Event.objects.exclude(status=Event.Status.DRAFT), slug=slug)
    viewer = exchange.viewer_for(event, user=request.user)
    if viewer is None:
        raise PermissionDenied
    return viewer


def _list_page(request: HttpRequest, viewer: exchange.Viewer | None, event: Event,
               urls: dict, registration: Registration | None = None) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    query_error = ""
    if len(query) > QUERY_MAX or "\x00" in query:
        query_error = _("Please search with at most %(limit)d characters.") % {
            "limit": QUERY_MAX}
        query = ""
    entries = exchange.listed_entries(viewer, query) if viewer is not None else []
    return render(request, "meetings/participants.html", {
        "event": event, "viewer": viewer, "entries": entries, "query": query,
        "urls": urls, "registration": registration, "query_error": query_error,
    })


def _files(request: HttpRequest, viewer: exchange.Viewer | None, extension: str) -> HttpResponse:
    if viewer is None:
        raise PermissionDenied
    entries = exchange.listed_entries(viewer)
    name = f"participants-{viewer.event.slug}"
    if extension == "vcf":
        response = HttpResponse(exchange.entries_vcards(entries),
                                content_type="text/vcard; charset=utf-8")
    else:
        response = HttpResponse(csv_bytes(exchange.entries_dataset(entries)),
                                content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def participants(request: HttpRequest, token: str) -> HttpResponse:
    registration, viewer = _token_viewer(token)
    return _list_page(request, viewer, registration.event, {
        "csv": reverse("meetings:participants_csv", kwargs={"token": token}),
        "vcf": reverse("meetings:participants_vcf", kwargs={"token": token}),
        "message": "meetings:participant_message",
        "key": token,
    }, registration)


def participants_file(request: HttpRequest, token: str, extension: str) -> HttpResponse:
    _registration_, viewer = _token_viewer(token)
    return _files(request, viewer, extension)


@login_required
def event_participants(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in_viewer(request, slug)
    return _list_page(request, viewer, viewer.event, {
        "csv": reverse("meetings:event_participants_csv", kwargs={"slug": slug}),
        "vcf": reverse("meetings:event_participants_vcf", kwargs={"slug": slug}),
        "message": "meetings:event_participant_message",
        "key": slug,
    }, viewer.registration)


@login_required
def event_participants_file(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    return _files(request, _signed_in_viewer(request, slug), extension)


def _message_page(request: HttpRequest, viewer: exchange.Viewer | None, pk: int,
                  back_url: str) -> HttpResponse:
    if viewer is None:
        raise PermissionDenied
    recipient = next((entry for entry in exchange.listed_entries(viewer) if entry.pk == pk),
                     None)
    if recipient is None:
        raise Http404
    form = ParticipantMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exchange.do_send_participant_message(
                viewer, pk, form.cleaned_data["subject"], form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your message is on its way."))
            return redirect(back_url)
    return render(request, "meetings/participant_message.html", {
        "event": viewer.event, "recipient": recipient, "form": form, "back_url": back_url,
    }, status=422 if form.errors else 200)


def participant_message(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    _registration_, viewer = _token_viewer(token)
    return _message_page(request, viewer, pk,
                         reverse("meetings:participants", kwargs={"token": token}))


@login_required
def event_participant_message(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _message_page(request, _signed_in_viewer(request, slug), pk,
                         reverse("meetings:event_participants", kwargs={"slug": slug}))


# --- feedback --------------------------------------------------------------------------------


def feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    if not exchange.can_give_feedback(registration):
        return render(request, "meetings/feedback.html", {
            "registration": registration, "event": registration.event, "form": None})
    existing = EventFeedback.objects.filter(registration=registration).first()
    form = FeedbackForm(request.POST or None, initial={
        "usefulness": existing.usefulness, "next_topics": existing.next_topics,
    } if existing else None)
    if request.method == "POST" and form.is_valid():
        try:
            exchange.do_give_feedback(request.user, registration,
                                      form.cleaned_data["usefulness"],
                                      form.cleaned_data["next_topics"], token=token)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you: the organisers will read it."))
            return redirect("meetings:feedback", token=token)
    return render(request, "meetings/feedback.html", {
        "registration": registration, "event": registration.event, "form": form,
    }, status=422 if form.errors else 200)
