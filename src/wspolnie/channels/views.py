from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.owned.views import OwnedViews, confirm, save_form

from . import services
from .filters import CHANNEL_FACETS
from .forms import ChannelForm, ReachForm
from .models import Channel
from .permissions import can_manage_channel, organisations_user_can_add_to
from .selectors import channels_reaching, coverage_gaps, coverage_of, district_gaps
from .services import CHANNELS

PAGE_SIZE = 30


def channel_list(request: HttpRequest) -> HttpResponse:
    """Facets with counts and the text box (wspolnie.search.facets); unknown values in a
    shared link are dropped."""
    query = CHANNEL_FACETS.from_params(request.GET)
    base = Channel.objects.public()
    channels = (
        query.ordered(query.apply(base))
        .select_related("organisation")
        .prefetch_related("languages", "communities", "districts")
    )
    context = query.page_context(
        request, base, channels, PAGE_SIZE, text_label=_("Search the channels"))
    return render(request, "channels/list.html", {
        **context,
        "total": context["page"].paginator.count,
        "filtered": query.is_filtered,
        "can_add": organisations_user_can_add_to(request.user).exists(),
    })


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
