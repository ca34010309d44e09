"""Plan, coverage report and coverage overview pages. Thin: the services change, the selectors
read; every page is for the announcement's managers (its organisation's admins and staff)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolnie.announcements.models import Announcement
from wspolnie.announcements.permissions import can_manage_announcement, can_view_announcement
from wspolnie.channels.permissions import can_manage_channel
from wspolnie.lib.charts import Series, bar_chart
from wspolnie.organisations.models import Membership
from wspolnie.reach import report as reach_report

from . import services
from .forms import AddChannelForm, ItemStatusForm, OverviewForm
from .models import PlanItem
from .selectors import (
    OVERVIEW_DEFAULT,
    coverage_report,
    plan_gaps,
    plan_items,
    targets,
)
from .selectors import (
    coverage_overview as build_overview,
)


def managed_announcement(user, pk: int) -> Announcement:
    """The announcement, for its managers. Others get 403 when they may see it anyway (it is
    published) and 404 otherwise, so that drafts do not leak even their existence."""
    announcement = get_object_or_404(
        Announcement.objects.select_related("organisation", "event"), pk=pk
    )
    if not can_manage_announcement(user, announcement):
        if can_view_announcement(user, announcement):
            raise PermissionDenied
        raise Http404
    return announcement


def _item_form(item: PlanItem, data=None) -> ItemStatusForm:
    return ItemStatusForm(
        data,
        prefix=f"item-{item.pk}",
        initial={"status": item.status, "published_url": item.published_url, "note": item.note},
    )


def _post_id(request: HttpRequest) -> int | None:
    value = request.POST.get("item", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _add_errors(form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = managed_announcement(request.user, pk)
    sort = "deadline" if request.GET.get("sort") == "deadline" else ""
    here = reverse("distribution:plan", kwargs={"pk": announcement.pk})
    if sort:
        here += "?" + urlencode({"sort": sort})
    add_form = AddChannelForm(announcement=announcement)
    failed: tuple[int, ItemStatusForm] | None = None

    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "propose":
            added = services.do_propose_plan(request.user, announcement)
            messages.success(
                request,
                ngettext(
                    "%(count)d channel added to the plan.",
                    "%(count)d channels added to the plan.",
                    len(added),
                )
                % {"count": len(added)}
                if added
                else _("The plan is up to date: no new matching channels."),
            )
            return redirect(here)
        if action == "add":
            add_form = AddChannelForm(request.POST, announcement=announcement)
            if add_form.is_valid():
                try:
                    item = services.do_add_channel(
                        request.user, announcement, add_form.cleaned_data["channel"]
                    )
                except ValidationError as error:
                    _add_errors(add_form, error)
                else:
                    messages.success(
                        request, _("%(channel)s is in the plan.") % {"channel": item.channel}
                    )
                    return redirect(here)
        elif action in ("remove", "status"):
            item_id = _post_id(request)
            item = get_object_or_404(announcement.plan_items.select_related("channel"),
                                     pk=item_id or 0)
            if action == "remove":
                services.do_remove_item(request.user, item)
                messages.success(
                    request,
                    _("%(channel)s is no longer in the plan.") % {"channel": item.channel},
                )
                return redirect(here)
            form = _item_form(item, request.POST)
            if form.is_valid():
                try:
                    services.do_set_status(request.user, item, **form.cleaned_data)
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("%(channel)s: %(status)s.")
                        % {"channel": item.channel, "status": item.get_status_display()},
                    )
                    return redirect(f"{here}#item-{item.pk}")
            failed = (item.pk, form)
        else:
            messages.error(request, _("Unknown action."))
            return redirect(here)

    items = plan_items(announcement, sort=sort)
    reach_report.plan_links(items)
    for item in items:
        item.form = failed[1] if failed and failed[0] == item.pk else _item_form(item)
        item.show_contact = item.channel.contact_visible_to(request.user)
        item.can_manage_channel = can_manage_channel(request.user, item.channel)
    communities, languages, districts = targets(announcement)
    reach_query = urlencode(
        {"communities": communities, "languages": languages, "districts": districts},
        doseq=True,
    )
    return render(
        request,
        "distribution/plan.html",
        {
            "announcement": announcement,
            "items": items,
            "gaps": plan_gaps(announcement),
            "add_form": add_form,
            "sort": sort,
            "overdue": sum(1 for item in items if item.overdue),
            "reach_query": reach_query,
            "failed_item": failed[0] if failed else None,
        },
    )


def _chart(chart_id: str, title: str, rows) -> str:
    return bar_chart(
        chart_id,
        title,
        _("Number of channels that published the announcement, and that still plan to, "
          "for each target; the table below gives the same numbers."),
        [Series(_("Published")), Series(_("Planned"))],
        [(row.label, [row.published, row.planned]) for row in rows],
    )


@login_required
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = managed_announcement(request.user, pk)
    report = coverage_report(announcement)
    return render(
        request,
        "distribution/coverage.html",
        {
            "announcement": announcement,
            "report": report,
            "community_chart": _chart(
                "communities-chart", _("Channels per target community"), report.communities
            )
            if report.communities
            else "",
            "language_chart": _chart(
                "languages-chart", _("Channels per target language"), report.languages
            ),
            "district_chart": _chart(
                "districts-chart", _("Channels per target district"), report.districts
            )
            if report.districts
            else "",
            **reach_report.coverage_context(announcement),
        },
    )


def overview_request(request: HttpRequest) -> tuple[OverviewForm, int]:
    """The overview's form and how many announcements it covers; 403 for those who manage
    none (staff see every announcement, organisation admins their organisations' ones)."""
    user = request.user
    if not (user.is_staff or user.memberships.filter(role=Membership.Role.ADMIN).exists()):
        raise PermissionDenied
    form = OverviewForm(request.GET if "n" in request.GET else None)
    n = form.cleaned_data["n"] if form.is_bound and form.is_valid() else OVERVIEW_DEFAULT
    return form, n


@login_required
def coverage_overview(request: HttpRequest) -> HttpResponse:
    form, n = overview_request(request)
    overview = build_overview(request.user, n)
    chart = ""
    if overview.communities:
        chart = bar_chart(
            "overview-chart",
            _("Announcements that reached each target community"),
            _("For each community: how many announcements targeted it and how many reached "
              "it through at least one published channel; the table gives the same numbers."),
            [Series(_("Targeted"), "#0b5394"), Series(_("Reached"), "#1d6b2c")],
            [(row.label, [row.targeted, row.reached]) for row in overview.communities],
        )
    return render(
        request,
        "distribution/overview.html",
        {"form": form, "n": n, "overview": overview, "chart": chart,
         **reach_report.overview_context(overview.announcements)},
    )
