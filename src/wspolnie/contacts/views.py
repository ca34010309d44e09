"""Managing an organisation's contact persons (its admins and staff). Thin: the services do
the work, privacy.visible_fields() decides what a page shows."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wspolnie.core.owned.views import confirm, save_form
from wspolnie.directory.models import Visibility
from wspolnie.organisations.models import Organisation

from . import services
from .forms import AddContactForm, ContactForm, EraseForm
from .models import ContactPerson
from .privacy import can_manage_contacts, visibility_settings, visible_fields


def _organisation_for_manager(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_contacts(request.user, organisation):
        raise PermissionDenied
    return organisation


def _contact_for_manager(
    request: HttpRequest, slug: str, pk: int, *, erased: bool | None = False
) -> ContactPerson:
    organisation = _organisation_for_manager(request, slug)
    contacts = organisation.contacts.all()
    if erased is False:
        contacts = contacts.active()
    return get_object_or_404(contacts, pk=pk)


def _manage_url(organisation: Organisation) -> str:
    return reverse("contacts:manage", args=[organisation.slug])


def _row(contact: ContactPerson) -> dict:
    settings = visibility_settings(contact)
    labels = dict(Visibility.choices)
    return {
        "fields": visible_fields(contact, Visibility.STAFF),
        "visibility": {field: labels[value] for field, value in settings.items()},
        "consents": list(contact.consents.all()),
        "erased_at": contact.erased_at,
        "pk": contact.pk,
    }


@login_required
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_manager(request, slug)
    contacts = organisation.contacts.prefetch_related("languages", "consents")
    rows = [_row(contact) for contact in contacts]
    return render(request, "contacts/manage.html", {
        "organisation": organisation,
        "active": [row for row in rows if row["erased_at"] is None],
        "erased": [row for row in rows if row["erased_at"] is not None],
    })


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_manager(request, slug)
    form = AddContactForm(request.POST if request.method == "POST" else None)
    return save_form(
        request,
        form,
        lambda: services.do_add_contact(request.user, organisation, **form.service_values()),
        message=_("The contact person is saved, with their consent."),
        template="contacts/form.html",
        context={"organisation": organisation, "form": form, "adding": True},
        redirect_to=lambda _contact: _manage_url(organisation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contact = _contact_for_manager(request, slug, pk)
    organisation = contact.organisation
    if request.method == "POST":
        form = ContactForm(request.POST)
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact))
    return save_form(
        request,
        form,
        lambda: services.do_update_contact(request.user, contact, **form.service_values()),
        message=_("The contact person is saved."),
        template="contacts/form.html",
        context={
            "organisation": organisation, "form": form, "adding": False, "contact": contact,
        },
        redirect_to=lambda _contact: _manage_url(organisation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contact = _contact_for_manager(request, slug, pk, erased=None)
    organisation = contact.organisation
    return confirm(
        request,
        lambda: services.do_delete_contact(request.user, contact),
        message=_("The contact person is deleted."),
        template="contacts/delete.html",
        context={"organisation": organisation, "row": _row(contact)},
        redirect_to=_manage_url(organisation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contact = _contact_for_manager(request, slug, pk)
    organisation = contact.organisation
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.do_erase_contact(request.user, contact, form.cleaned_data["reason"])
        messages.success(
            request,
            _("The person's data is erased. The consent log is kept, without their name."),
        )
        return redirect(_manage_url(organisation))
    return render(request, "contacts/erase.html", {
        "organisation": organisation, "row": _row(contact), "form": form,
    })


@login_required
@require_GET
def export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contact = _contact_for_manager(request, slug, pk, erased=None)
    document = services.do_export_contact(request.user, contact)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="contact-person-{contact.pk}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response
