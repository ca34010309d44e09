"""The short links (`/r/<code>`: count, remember, redirect) and their QR codes; the opinion
leaders' private pages and their management; the measured figures as CSV."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wspolnie.announcements.renderings import public_url, short_post
from wspolnie.channels.models import Channel
from wspolnie.channels.permissions import can_manage_channel
from wspolnie.distribution.selectors import overview_announcements
from wspolnie.distribution.views import managed_announcement, overview_request
from wspolnie.lib.spreadsheets import CSV_CONTENT_TYPE, csv_bytes

from . import qr, services, tracking
from .models import LeaderPage, TrackedLink
from .report import measured_dataset, overview_dataset
from .selectors import CONVERSION_KINDS, Figures, leader_items, measured, overview_measured

#: The messenger whose limit the ready-to-forward text keeps to.
FORWARD_PLATFORM = "whatsapp"


def _link(code: str) -> TrackedLink:
    if len(code) > 32:
        raise Http404
    return get_object_or_404(
        TrackedLink.objects.select_related("item__announcement__organisation",
                                           "item__announcement__event")
        .prefetch_related("item__announcement__translations",
                          "item__announcement__languages"),
        code=code,
    )


@require_safe
@never_cache
def go(request: HttpRequest, code: str) -> HttpResponse:
    """Count the visit (once per session, never for robots), remember the link in the
    session, and redirect to the announcement's or the meeting's public page."""
    link = _link(code)
    found = tracking.destination(link, request)
    if found is None:
        return render(request, "reach/gone.html", status=404)
    url, language = found
    if request.method == "GET":
        tracking.record_visit(request, link, language)
    return redirect(url)


def _qr_file(link: TrackedLink, body: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="qr-{link.code}.{extension}"'
    return response


@require_safe
def qr_png(request: HttpRequest, code: str) -> HttpResponse:
    link = _link(code)
    return _qr_file(link, qr.png(link.public_url()), "image/png", "png")


@require_safe
def qr_svg(request: HttpRequest, code: str) -> HttpResponse:
    link = _link(code)
    return _qr_file(link, qr.svg_file(link.public_url()), "image/svg+xml", "svg")


# Opinion leaders ------------------------------------------------------------------------------


def _versions_for(announcement, languages: list[str]):
    """The approved versions in the leader's languages; else the source alone."""
    versions = [v for v in announcement.approved_versions() if v.language in languages]
    return versions or [announcement.version(announcement.source_language)]


def _forward_text(announcement, version, link: TrackedLink) -> str:
    """The messenger text of the version, with the tracked link instead of the page's."""
    return short_post(announcement, version, FORWARD_PLATFORM).replace(
        public_url(announcement, version.language), link.public_url(version.language))


@never_cache
def leader(request: HttpRequest, token: str) -> HttpResponse:
    """An opinion leader's own page: no account, the private link is the key."""
    page = get_object_or_404(
        LeaderPage.objects.select_related("channel__organisation"), token=token[:64]
    )
    channel = page.channel
    if not channel.is_public or not channel.is_opinion_leader:
        raise Http404
    languages = [language.code for language in channel.languages.all()]
    items = leader_items(page)
    total = Figures()
    for item in items:
        total.visits += item.figures.visits
        for kind, n in item.figures.by_kind.items():
            total.by_kind[kind] = total.by_kind.get(kind, 0) + n
        item.versions = [
            {"version": version, "url": item.link.public_url(version.language),
             "text": _forward_text(item.announcement, version, item.link),
             "qr": qr.svg_inline(item.link.public_url(version.language),
                                 _("QR code: %(title)s") % {"title": version.title})}
            for version in _versions_for(item.announcement, languages)
        ]
    response = render(request, "reach/leader.html", {
        "page": page, "channel": channel, "items": items, "total": total,
        "conversion_kinds": CONVERSION_KINDS,
    })
    # The address is the key: never sent on to other sites, never kept by search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def leader_access(request: HttpRequest, pk: int) -> HttpResponse:
    """For the leader channel's managers: the private page's link, a new one, or none."""
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    if not can_manage_channel(request.user, channel):
        raise PermissionDenied
    if not channel.is_opinion_leader:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "issue":
                services.do_issue_leader_page(request.user, channel)
                messages.success(request, _("The private link is ready: send it to the leader."))
            elif action == "revoke":
                services.do_revoke_leader_page(request.user, channel)
                messages.success(request, _("The private link no longer works."))
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("reach:leader_access", pk=channel.pk)
    page = LeaderPage.objects.filter(channel=channel).first()
    return render(request, "reach/leader_access.html", {
        "channel": channel, "page": page,
        "private_url": f"{settings.SITE_URL}{page.get_absolute_url()}" if page else "",
    })


# CSV ------------------------------------------------------------------------------------------


def _csv(dataset, filename: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(dataset), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def measured_csv(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = managed_announcement(request.user, pk)
    return _csv(measured_dataset(measured(announcement)), f"reach-{announcement.pk}.csv")


@login_required
def overview_csv(request: HttpRequest) -> HttpResponse:
    _form, n = overview_request(request)
    found = overview_measured(overview_announcements(request.user, n))
    return _csv(overview_dataset(found), "reach-overview.csv")
