from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wspolnie.directory.models import Community, District, Language

from . import services
from .filters import FILTER_NAMES, MODE_FILTERS, apply_filters, facet_counts, filter_choices
from .forms import ChannelFilterForm, ChannelForm, ReachForm
from .models import Channel, Kind
from .permissions import can_manage_channel, organisations_user_can_add_to
from .selectors import channels_reaching, coverage_gaps, coverage_of, district_gaps

PAGE_SIZE = 30


def _valid_filters(params) -> dict[str, str]:
    """The filters in the query string whose values exist (others are ignored, and the form
    says why)."""
    known = {
        "kind": lambda v: v in Kind.values,
        "language": lambda v: Language.objects.filter(code=v).exists(),
        "community": lambda v: Community.objects.filter(slug=v).exists(),
        "district": lambda v: District.objects.filter(slug=v).exists(),
        "mode": lambda v: v in MODE_FILTERS,
    }
    chosen = {}
    for name in FILTER_NAMES:
        value = params.get(name, "")
        if value and len(value) <= 64 and known[name](value):
            chosen[name] = value
    return chosen


def channel_list(request: HttpRequest) -> HttpResponse:
    base = Channel.objects.public()
    chosen = _valid_filters(request.GET)
    counts = facet_counts(base, chosen)
    form = ChannelFilterForm(
        request.GET if any(request.GET.get(name) for name in FILTER_NAMES) else None,
        choices=filter_choices(counts, chosen),
    )
    if form.is_bound:
        form.is_valid()  # shows what was not understood
    channels = (
        apply_filters(base, chosen)
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
    )
    page = Paginator(channels, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "channels/list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "filtered": bool(chosen),
            "can_add": organisations_user_can_add_to(request.user).exists(),
        },
    )


def channel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    return render(
        request,
        "channels/detail.html",
        {
            "channel": channel,
            "can_manage": can_manage_channel(request.user, channel),
            "show_contact": channel.contact_visible_to(request.user),
        },
    )


def _form_errors_from(form: ChannelForm, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


@login_required
def channel_create(request: HttpRequest) -> HttpResponse:
    organisations = organisations_user_can_add_to(request.user)
    if not organisations.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ChannelForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                channel = services.do_create_channel(
                    request.user, form.cleaned_data["organisation"], **form.service_values()
                )
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(request, _("The channel is added."))
                return redirect(channel)
    else:
        preselected = organisations.filter(slug=request.GET.get("organisation", "")).first()
        form = ChannelForm(
            organisations=organisations,
            initial={"organisation": preselected or organisations.first()},
        )
    return render(request, "channels/form.html", {"form": form, "channel": None})


def _managed_channel(request: HttpRequest, pk: int) -> Channel:
    channel = get_object_or_404(Channel.objects.select_related("organisation"), pk=pk)
    if not can_manage_channel(request.user, channel):
        raise PermissionDenied
    return channel


@login_required
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _managed_channel(request, pk)
    if request.method == "POST":
        form = ChannelForm(request.POST, instance=Channel.objects.get(pk=channel.pk))
        if form.is_valid():
            try:
                services.do_update_channel(request.user, channel, **form.service_values())
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(request, _("The channel is saved."))
                return redirect(channel)
    else:
        form = ChannelForm(instance=channel)
    return render(request, "channels/form.html", {"form": form, "channel": channel})


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    channel = _managed_channel(request, pk)
    if request.method == "POST":
        services.do_set_channel_active(request.user, channel, active)
        messages.success(
            request,
            _("The channel is active again.") if active else _("The channel is deactivated."),
        )
        return redirect(channel)
    return render(request, "channels/confirm_active.html", {"channel": channel, "active": active})


@login_required
def channel_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@login_required
def channel_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)


def channel_reach(request: HttpRequest) -> HttpResponse:
    """"Which channels reach…?": ranked channels and the gaps for what was picked."""
    asked = any(request.GET.getlist(name) for name in ("communities", "languages", "districts"))
    form = ReachForm(request.GET if asked else None)
    context: dict = {"form": form, "asked": False}
    if asked and form.is_valid():
        data = form.cleaned_data
        ranked = channels_reaching(data["communities"], data["languages"], data["districts"])
        gaps = coverage_gaps(data["communities"], data["languages"], data["districts"])
        context.update(
            asked=True,
            results=coverage_of(
                ranked, data["communities"], data["languages"], data["districts"]
            ),
            gaps=gaps,
            district_gaps=district_gaps(data["districts"]),
            requested=sum(len(v) for v in data.values()),
        )
    return render(request, "channels/reach.html", context)
