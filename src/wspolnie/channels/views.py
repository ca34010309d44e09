from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews, confirm, save_form
from wspolnie.directory.models import Community, District, Language

from . import services
from .filters import FILTER_NAMES, MODE_FILTERS, apply_filters, facet_counts, filter_choices
from .forms import ChannelFilterForm, ChannelForm, ReachForm
from .models import Channel, Kind
from .permissions import can_manage_channel, organisations_user_can_add_to
from .selectors import channels_reaching, coverage_gaps, coverage_of, district_gaps
from .services import CHANNELS

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


class ChannelViews(OwnedViews):
    owned = CHANNELS
    form_class = ChannelForm
    object_name = "channel"
    detail_template = "channels/detail.html"
    form_template = "channels/form.html"
    messages = {"updated": gettext_lazy("The channel is saved.")}

    def values_from(self, form: ChannelForm) -> dict:
        return form.service_values()

    def detail_context(self, request: HttpRequest, item: Channel) -> dict:
        return {
            "channel": item,
            "can_manage": can_manage_channel(request.user, item),
            "show_contact": item.contact_visible_to(request.user),
        }


views = ChannelViews()
channel_detail = views.detail
channel_edit = views.edit


@login_required
def channel_create(request: HttpRequest) -> HttpResponse:
    """Like the other capabilities' create pages, but the organisation is chosen on the form
    (among those the user may add a channel to)."""
    organisations = organisations_user_can_add_to(request.user)
    if not organisations.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ChannelForm(request.POST, organisations=organisations)
    else:
        preselected = organisations.filter(slug=request.GET.get("organisation", "")).first()
        form = ChannelForm(
            organisations=organisations,
            initial={"organisation": preselected or organisations.first()},
        )
    return save_form(
        request,
        form,
        lambda: services.do_create_channel(
            request.user, form.cleaned_data["organisation"], **form.service_values()
        ),
        message=_("The channel is added."),
        template="channels/form.html",
        context={"form": form, "channel": None},
    )


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    channel = views.managed(request, pk)
    return confirm(
        request,
        lambda: services.do_set_channel_active(request.user, channel, active),
        message=_("The channel is active again.") if active else _("The channel is deactivated."),
        template="channels/confirm_active.html",
        context={"channel": channel, "active": active},
        redirect_to=channel,
    )


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
