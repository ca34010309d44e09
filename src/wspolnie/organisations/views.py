from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.decorators import staff_required
from wspolnie.core.models import AuditEntry
from wspolnie.core.plugins import wspolnie_app_modules
from wspolnie.directory.facets import DISTRICT, DirectoryQuery
from wspolnie.directory.listing import Matches
from wspolnie.directory.maps import (
    MAP_PLACE_LIMIT,
    allow_map_tiles,
    district_areas,
    map_data,
    organisation_places,
)

from . import services
from .forms import (
    JoinRequestForm,
    LocationFormSet,
    OrganisationForm,
    OutdatedReportForm,
    RejectForm,
)
from .logos import content_type_of
from .models import JoinRequest, Location, Membership, Organisation, OutdatedReport
from .permissions import can_edit_organisation

PAGE_SIZE = 30
PRINT_LIMIT = 500
VIEW_MODES = ("grid", "list", "map")



def _with_vocabularies(queryset):
    return queryset.prefetch_related("topics", "communities", "languages", "districts")


def organisation_list(request: HttpRequest) -> HttpResponse:
    """The directory: approved organisations, faceted, in a grid, a list or on a map, or
    printable."""
    query = DirectoryQuery.from_params(request.GET)
    base = Organisation.objects.public()
    facets = query.facets(base)
    view_mode = request.GET.get("view") if request.GET.get("view") in VIEW_MODES else "grid"
    context = {
        "query": query,
        "facets": facets,
        "view_mode": view_mode,
        "query_string": query.query_string(),
        "grid_query": query.query_string(view="grid"),
        "list_query": query.query_string(view="list"),
        "map_query": query.query_string(view="map"),
        "print_query": query.query_string(print="1"),
        "clear_query": query.without_filters(),
        "active_filters": [
            (facet, value) for facet in facets for value in facet.selected
        ],
        # search/_facets.html, the filter component every list shares
        "facet_query": query,
        "text_label": _("Search by name or description"),
    }
    if request.GET.get("print") == "1":
        results = query.ordered(query.apply(base))
        organisations = list(
            results.prefetch_related(
                Prefetch("locations", queryset=Location.objects.select_related("district"))
            )[:PRINT_LIMIT]
        )
        return render(
            request,
            "organisations/list_print.html",
            {**context, "organisations": organisations, "total": results.count(),
             "limit": PRINT_LIMIT},
        )
    if view_mode == "map":
        return allow_map_tiles(
            render(request, "organisations/list.html",
                   {**context, **_map_context(query.apply(base), facets)})
        )
    # The page's cards in a fixed number of queries, the best-ranked matches of a text
    # first, the count cached with the facets (directory.listing, issue #15).
    page = Paginator(Matches(query, base), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "organisations/list.html",
        {**context, "page": page, "cards": page.object_list, "total": page.paginator.count},
    )


def _map_context(found, facets) -> dict:
    """The map view: every located place of the result (up to MAP_PLACE_LIMIT), the same
    places as an address list, and a label per district that picks the district facet."""
    rows = organisation_places(found)
    district_facet = next((facet for facet in facets if facet.param == DISTRICT), None)
    areas = district_areas(Organisation.objects.public(), district_facet)
    located_ids = {row["organisation"].pk for row in rows}
    total = found.count()
    return {
        "total": total,
        "map_places": rows,
        "map_truncated": len(rows) >= MAP_PLACE_LIMIT,
        "map_limit": MAP_PLACE_LIMIT,
        "unlocated": 0 if len(rows) >= MAP_PLACE_LIMIT else total - len(located_ids),
        "district_facet": district_facet,
        "map": map_data([row["place"] for row in rows], areas),
    }


def _visible_organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        _with_vocabularies(Organisation.objects.visible_to(request.user)).prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("district"))
        ),
        slug=slug,
    )
    sections = [
        section
        for _label, module in wspolnie_app_modules("profile")
        for section in module.sections(request, organisation)
    ]
    can_edit = can_edit_organisation(request.user, organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "can_edit": can_edit,
            "sections": sorted(sections, key=lambda section: section.order),
            **_join_context(request, organisation),
            "pending_requests": (
                services.pending_join_requests(organisation).count() if can_edit else 0
            ),
        },
    )


def _join_context(request: HttpRequest, organisation: Organisation) -> dict:
    """What the profile's "Join" block needs: nothing for members (and for organisations
    that are not public), the pending request, or the form."""
    user = request.user
    if not organisation.is_public:
        return {"can_ask_to_join": False}
    if user.is_authenticated and organisation.memberships.filter(user=user).exists():
        return {"can_ask_to_join": False}
    return {
        "can_ask_to_join": True,
        "join_request": services.join_request_of(user, organisation),
        "join_form": JoinRequestForm(),
    }


def organisation_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """The uploaded logo, to whoever may see the profile (pending ones stay private)."""
    organisation = _visible_organisation(request, slug)
    if not organisation.logo:
        raise Http404
    try:
        handle = organisation.logo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    # The type the content is, whatever the stored name says (files stored before logos were
    # verified included); anything that is not an accepted image is not served at all.
    content_type = content_type_of(handle)
    if not content_type:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400" if organisation.is_public else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _editable(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


def _apply_service_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    if request.method == "POST":
        # A fresh copy: a form with errors must not rename the page's heading.
        form = OrganisationForm(
            request.POST, request.FILES, instance=Organisation.objects.get(pk=organisation.pk)
        )
        if form.is_valid():
            try:
                services.do_update_organisation(
                    request.user, organisation, **form.service_values()
                )
            except ValidationError as error:
                organisation.refresh_from_db()
                _apply_service_errors(form, error)
            else:
                messages.success(request, _("The organisation profile is saved."))
                return redirect(organisation)
    else:
        form = OrganisationForm(instance=organisation)
    return render(
        request,
        "organisations/edit.html",
        {"organisation": organisation, "form": form, "completeness": form.completeness()},
    )


@login_required
def organisation_locations(request: HttpRequest, slug: str) -> HttpResponse:
    """Add, change and delete the organisation's places, all in one form."""
    organisation = _editable(request, slug)
    queryset = organisation.locations.select_related("district")
    if request.method == "POST":
        formset = LocationFormSet(request.POST, queryset=queryset, prefix="locations")
        if formset.is_valid():
            try:
                with transaction.atomic():
                    _save_locations(request.user, organisation, formset)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("The places are saved."))
                return redirect(organisation)
    else:
        formset = LocationFormSet(queryset=queryset, prefix="locations")
    return render(
        request,
        "organisations/locations.html",
        {"organisation": organisation, "formset": formset},
    )


def _save_locations(actor, organisation: Organisation, formset) -> None:
    fields = services.LOCATION_FIELDS
    for form in formset.forms:
        instance = form.instance
        if form in formset.deleted_forms:
            if instance.pk:
                services.do_delete_location(actor, instance)
            continue
        if not form.has_changed():
            continue
        values = {name: form.cleaned_data.get(name) for name in fields}
        if instance.pk:
            services.do_update_location(actor, Location.objects.get(pk=instance.pk), **values)
        else:
            services.do_add_location(actor, organisation, **values)


@login_required
def organisation_history(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    entries = AuditEntry.objects.filter(
        object_type=organisation._meta.label_lower, object_id=str(organisation.pk)
    ).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "organisations/history.html", {"organisation": organisation, "page": page}
    )


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    """"Add your organisation": it waits for approval; the person who adds it is its admin."""
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, instance=Organisation())
        if form.is_valid():
            try:
                organisation = services.do_register_organisation(
                    request.user, **form.service_values()
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you! The profile is saved and waits for approval by the staff."),
                )
                return redirect(organisation)
    else:
        form = OrganisationForm(instance=Organisation())
    return render(
        request, "organisations/new.html", {"form": form, "completeness": form.completeness()}
    )


@login_required
@require_POST
def organisation_resubmit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    services.do_resubmit_organisation(request.user, organisation)
    messages.success(request, _("The organisation waits for approval again."))
    return redirect(organisation)


def organisation_report(request: HttpRequest, slug: str) -> HttpResponse:
    """"Report outdated information": anyone who can see the profile."""
    organisation = _visible_organisation(request, slug)
    if request.method == "POST":
        form = OutdatedReportForm(request.POST)
        if form.is_valid():
            try:
                services.do_report_outdated(
                    request.user,
                    organisation,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you! The staff will check the profile and update it.")
                )
                return redirect(organisation)
    else:
        initial = {"email": request.user.email} if request.user.is_authenticated else {}
        form = OutdatedReportForm(initial=initial)
    return render(
        request, "organisations/report.html", {"organisation": organisation, "form": form}
    )


# -- staff: moderation and reports ----------------------------------------------------------


@staff_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    pending = (
        _with_vocabularies(Organisation.objects.filter(status=Organisation.Status.PENDING))
        .select_related("submitted_by")
        .order_by("created", "pk")
    )
    rejected = (
        Organisation.objects.filter(status=Organisation.Status.REJECTED)
        .select_related("submitted_by")
        .order_by("-updated")[:20]
    )
    return render(
        request,
        "organisations/moderation.html",
        {"pending": pending, "rejected": rejected},
    )


@staff_required
@require_POST
def moderation_approve(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    services.do_approve_organisation(request.user, organisation)
    messages.success(
        request, _("%(name)s is approved and public now.") % {"name": organisation.name}
    )
    return redirect("organisations:moderation")


@staff_required
def moderation_reject(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if request.method == "POST":
        form = RejectForm(request.POST)
        if form.is_valid():
            services.do_reject_organisation(
                request.user, organisation, form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("%(name)s is rejected; its admins get the reason by e-mail.")
                % {"name": organisation.name},
            )
            return redirect("organisations:moderation")
    else:
        form = RejectForm()
    return render(
        request, "organisations/reject.html", {"organisation": organisation, "form": form}
    )


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show")
    reports = OutdatedReport.objects.select_related("organisation", "reporter", "resolved_by")
    if show != "all":
        reports = reports.filter(resolved_at__isnull=True)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/reports.html",
        {"page": page, "show_all": show == "all", "page_query": "show=all" if show == "all"
         else ""},
    )


@staff_required
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(OutdatedReport, pk=pk)
    services.do_resolve_report(request.user, report)
    messages.success(request, _("The report is marked as resolved."))
    return redirect("organisations:reports")


# -- requests to join, members ---------------------------------------------------------------


@login_required
def organisation_join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join: the form is on the profile; this page shows it again with its errors."""
    organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
    # Bound on every POST, also one with no field at all (the message is optional).
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_request_to_join(request.user, organisation, form.cleaned_data["message"])
        except ValidationError as error:
            if error.code in ("member", "pending"):
                messages.info(request, error.messages[0])
                return redirect(organisation)
            _apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent. The organisation's admins will answer by e-mail."),
            )
            return redirect(organisation)
    return render(
        request, "organisations/join.html", {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's admins (and staff): who is a member, and who asks to join."""
    organisation = _editable(request, slug)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "-role", "user__name"
            ),
            "join_requests": services.pending_join_requests(organisation),
            "admin_role": Membership.Role.ADMIN,
        },
    )


@login_required
@require_POST
def join_request_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    organisation = _editable(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=pk, organisation=organisation)
    try:
        services.do_decide_join_request(
            request.user, join_request, approve=decision == "approve"
        )
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        if decision == "approve":
            messages.success(
                request,
                _("%(name)s is now a member.") % {"name": join_request.user.name},
            )
        else:
            messages.success(request, _("The request is declined."))
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def membership_make_admin(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Hand over: an admin (or staff) makes a member an admin too, e.g. before leaving."""
    organisation = _editable(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    services.do_set_membership(
        request.user, organisation, membership.user, Membership.Role.ADMIN
    )
    messages.success(
        request, _("%(name)s is now an admin of the organisation.") % {"name": membership.user}
    )
    return redirect("organisations:members", slug=organisation.slug)
