"""Pages of the network: the graph (aggregates for everyone, the drawing and the tables for
members), its JSON and exports, suggestions (staff) and partnerships (organisation admins).
They read stored results only; the computation is tasks.rebuild_network_task."""

from __future__ import annotations

import datetime as dt
from functools import wraps

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.decorators import staff_required
from wspolnie.lib.spreadsheets import CSV_CONTENT_TYPE, csv_bytes
from wspolnie.organisations.models import Organisation

from . import exports, services
from .forms import FilterForm, PartnershipForm
from .models import Partnership, Suggestion, Tie
from .reasons import describe_all
from .selectors import (
    GRAPH_NODE_LIMIT,
    GRAPH_NODE_LIMIT_MAX,
    METRIC_SORTS,
    TIE_SORTS,
    can_see_ties,
    changes,
    graph_data,
    latest_snapshot,
    open_suggestions,
    sorted_metrics,
    sorted_ties,
)

PER_PAGE = 50
EXPORT_FORMATS = ("csv", "graphml", "gexf")


def members_required(view):
    """Members of the hub and staff; anonymous visitors go to the login page, other signed-in
    people get 403 (they see the aggregates on the graph page)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_see_ties(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _period(form: FilterForm) -> tuple[dt.date, dt.date]:
    """The period of "what changed": the filter's, else the last twelve months."""
    data = form.cleaned_data if form.is_valid() else {}
    until = data.get("until") or timezone.localdate()
    since = data.get("since") or until - dt.timedelta(days=365)
    return since, until


def graph(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    context = {"snapshot": latest_snapshot(), "form": form, "kinds": Tie.Kind.choices}
    if can_see_ties(request.user):
        since, until = _period(form)
        context.update({
            "members_view": True,
            "query": request.GET.urlencode(),
            "changes": changes(since, until),
            "node_limit": GRAPH_NODE_LIMIT,
        })
    return render(request, "network/graph.html", context)


def graph_json(request: HttpRequest) -> JsonResponse:
    if not can_see_ties(request.user):
        return JsonResponse(
            {"detail": _("Only members of the hub see the ties between organisations.")},
            status=403)
    form = FilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"detail": _("Invalid filter."), "errors": form.errors}, status=400)
    try:
        limit = min(max(int(request.GET.get("limit", GRAPH_NODE_LIMIT)), 1),
                    GRAPH_NODE_LIMIT_MAX)
    except ValueError:
        limit = GRAPH_NODE_LIMIT
    snapshot = latest_snapshot()
    data = graph_data(form.filters(), limit)
    data["computed_at"] = snapshot.computed_at.isoformat() if snapshot else None
    return JsonResponse(data)


@members_required
def organisations_table(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    sort = request.GET.get("sort", "-degree")
    sort = sort if sort in METRIC_SORTS else "-degree"
    only = request.GET.get("only", "")
    only = only if only in ("isolated", "peripheral", "never_met", "bridges") else ""
    return render(request, "network/organisations.html", {
        "form": form, "page": _page(request, sorted_metrics(form.filters(), sort, only)),
        "sort": sort, "only": only, "snapshot": latest_snapshot(),
    })


@members_required
def ties_table(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    sort = request.GET.get("sort", "-last")
    sort = sort if sort in TIE_SORTS else "-last"
    return render(request, "network/ties.html", {
        "form": form, "page": _page(request, sorted_ties(form.filters(), sort)), "sort": sort,
        "snapshot": latest_snapshot(),
    })


@members_required
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in EXPORT_FORMATS:
        raise Http404
    form = FilterForm(request.GET or None)
    filters = form.filters()
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        dataset = tablib.Dataset(headers=exports.CSV_HEADERS)
        for row in exports.tie_rows(filters):
            dataset.append(row)
        response = HttpResponse(csv_bytes(dataset), content_type=CSV_CONTENT_TYPE)
    else:
        content_type, body = exports.graph_file(filters, file_format)
        response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="wspolnie-network-{stamp}.{file_format}"')
    return response


@staff_required
def suggestions(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Suggestion.Status.OPEN)
    status = status if status in Suggestion.Status.values else Suggestion.Status.OPEN
    page = _page(request, open_suggestions().filter(status=status).order_by("-score", "pk"))
    return render(request, "network/suggestions.html", {
        "page": page, "rows": describe_all(page.object_list), "status": status,
        "statuses": Suggestion.Status.choices, "snapshot": latest_snapshot(),
    })


@staff_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(open_suggestions(), pk=pk)
    status = request.POST.get("status", "")
    try:
        services.do_decide_suggestion(request.user, suggestion, status)
    except ValidationError:
        messages.error(request, _("Choose done, dismissed or open."))
    else:
        messages.success(request, {
            Suggestion.Status.DONE: _("The introduction is recorded as a tie."),
            Suggestion.Status.DISMISSED: _("The suggestion is dismissed."),
            Suggestion.Status.OPEN: _("The suggestion is open again."),
        }[status])
    return redirect("network:suggestions")


def _administered(user):
    if user.is_staff:
        return Organisation.objects.public()
    return Organisation.objects.public().filter(
        memberships__user=user, memberships__role="admin").distinct()


@login_required
def partnerships(request: HttpRequest) -> HttpResponse:
    administered = _administered(request.user)
    form = PartnershipForm(request.POST or None, administered=administered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_propose_partnership(
                request.user, data["proposer"], data["partner"], data["description"],
                data["started_on"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The partnership is proposed; it counts once the "
                                        "other organisation confirms it."))
            return redirect("network:partnerships")
    own = Organisation.objects.filter(memberships__user=request.user)
    listed = Partnership.objects.select_related("proposer", "partner")
    if not request.user.is_staff:
        listed = listed.filter(proposer__in=own) | listed.filter(partner__in=own)
    administered_ids = set(administered.values_list("pk", flat=True))
    rows = [(p, p.partner_id in administered_ids and p.is_pending,
             (p.partner_id in administered_ids or p.proposer_id in administered_ids)
             and p.status in (Partnership.Status.PENDING, Partnership.Status.CONFIRMED))
            for p in listed.order_by("-created", "-pk")[:200]]
    return render(request, "network/partnerships.html", {
        "form": form, "can_propose": administered.exists(), "rows": rows,
    }, status=400 if request.method == "POST" else 200)


def _partnership_for(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(Partnership.objects.select_related("proposer", "partner"), pk=pk)


@login_required
@require_POST
def partnership_answer(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_for(request, pk)
    confirm = request.POST.get("answer") == "confirm"
    try:
        services.do_answer_partnership(request.user, partnership, confirm)
    except ValidationError:
        messages.error(request, _("This proposal has been answered already."))
    else:
        messages.success(request, _("The partnership is confirmed.") if confirm
                         else _("The proposal is declined."))
    return redirect("network:partnerships")


@login_required
@require_POST
def partnership_end(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_for(request, pk)
    try:
        services.do_end_partnership(request.user, partnership)
    except ValidationError:
        messages.error(request, _("This partnership is not in force."))
    else:
        messages.success(request, _("The partnership is ended."))
    return redirect("network:partnerships")
