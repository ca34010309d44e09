from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .filters import CHANNELS
from .forms import ChannelForm, ReachForm
from .models import Channel
from .permissions import can_manage_channel, organisations_user_can_add_to
from .selectors import channels_reaching, coverage_gaps, coverage_of, district_gaps

PAGE_SIZE = 30


def channel_list(request: HttpRequest) -> HttpResponse:
    """Facets with counts and the text box (wspolnie.search.facets); unknown values in a
    shared link are dropped."""
    query = CHANNELS.from_params(request.GET)
    base = Channel.objects.public()
    channels = (
        query.ordered(query.apply(base))
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
    )
    page = Paginator(channels, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "channels/list.html",
        {
            "page": page,
            "query": query,
            "total": page.paginator.count,
            "filtered": query.is_filtered,
            "can_add": organisations_user_can_add_to(request.user).exists(),
            **query.context(base, text_label=_("Search the channels")),
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
        gaps = coverage_gaps(data["communities"], data["languages"])
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
