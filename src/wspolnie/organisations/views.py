from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wspolnie.core.models import AuditEntry
from wspolnie.core.plugins import wspolnie_app_modules

from . import services
from .forms import OrganisationForm
from .models import Organisation
from .permissions import can_edit_organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.public()
    page = Paginator(organisations, 30).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"page": page})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    sections = [
        section
        for _label, module in wspolnie_app_modules("profile")
        for section in module.sections(request, organisation)
    ]
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "can_edit": can_edit_organisation(request.user, organisation),
            "sections": sorted(sections, key=lambda section: section.order),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=Organisation.objects.get(pk=organisation.pk))
        if form.is_valid():
            services.do_update_organisation(
                request.user,
                organisation,
                **{name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS},
            )
            messages.success(request, _("The organisation profile is saved."))
            return redirect(organisation)
    else:
        form = OrganisationForm(instance=organisation)
    return render(
        request, "organisations/edit.html", {"organisation": organisation, "form": form}
    )


@login_required
def organisation_history(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    entries = AuditEntry.objects.filter(
        object_type=organisation._meta.label_lower, object_id=str(organisation.pk)
    ).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "organisations/history.html", {"organisation": organisation, "page": page}
    )
