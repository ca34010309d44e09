"""The open data page, the embeddable widgets and the snippet builder.

The two widget pages (/embed/events/, /embed/directory/) are the only pages of the site that
other sites may frame: they alone loosen `frame-ancestors` (EMBED_FRAME_ANCESTORS) and drop
X-Frame-Options; everything else stays DENY / 'none'. They show public data only, the same
for every visitor (a framed page gets no session cookie from another site anyway), load
nothing from anywhere but the hub, and open every link in a new tab of the hub.
"""

from __future__ import annotations

from functools import wraps
from pathlib import Path
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from wspolnie.directory.models import Topic
from wspolnie.meetings.models import Event
from wspolnie.meetings.views import MEETINGS
from wspolnie.organisations.models import Organisation

from .forms import EmbedForm

WIDGET_JS = Path(__file__).resolve().parent / "static" / "opendata" / "widget.js"
#: How many meetings a widget lists at most (?limit=, 1…EMBED_MAX_EVENTS).
EMBED_DEFAULT_EVENTS = 5
EMBED_MAX_EVENTS = 20


def frameable(view):
    """Let other sites frame this view (and only this one): django-csp's csp_replace, with
    the sites read from the settings at each request."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        policy = {"frame-ancestors": list(settings.EMBED_FRAME_ANCESTORS)}
        return csp_replace(policy)(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)


def _limit(value: str | None) -> int:
    if value and value.isdigit():
        return max(1, min(int(value), EMBED_MAX_EVENTS))
    return EMBED_DEFAULT_EVENTS


def _language_param() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _hub_url(path: str, params: dict[str, str]) -> str:
    """A hub page, absolute, in the widget's language, with its filters."""
    query = {key: value for key, value in params.items() if value}
    query["lang"] = _language_param()
    return settings.SITE_URL + path + "?" + urlencode(query)


@frameable
@require_GET
def embed_events(request: HttpRequest) -> HttpResponse:
    wanted = {
        "organiser": request.GET.get("organisation", ""),
        "topic": request.GET.get("topic", ""),
        "language": request.GET.get("language", ""),
    }
    query = MEETINGS.from_params(wanted)
    events = (query.apply(Event.objects.public().upcoming()).distinct()
              .prefetch_related("organisers")[: _limit(request.GET.get("limit"))])
    organisation = Organisation.objects.public().filter(
        slug__in=query.filters.get("organiser", [])).first()
    topic = Topic.objects.filter(slug__in=query.filters.get("topic", [])).first()
    filters = {name: values[0] for name, values in query.filters.items()}
    return render(request, "opendata/embed_events.html", {
        "events": list(events), "organisation": organisation, "topic": topic,
        "language": filters.get("language", ""),
        "all_url": _hub_url(reverse("meetings:list"), filters),
        "hub_url": _hub_url(reverse("core:home"), {}),
        "site_url": settings.SITE_URL,
    })


@frameable
@require_GET
def embed_directory(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/embed_directory.html", {
        "action": settings.SITE_URL + reverse("organisations:list"),
        "lang": _language_param(),
        "hub_url": _hub_url(reverse("core:home"), {}),
    })


@require_GET
def widget_js(request: HttpRequest) -> HttpResponse:
    """The script member sites include (a stable address, unlike the hashed static file)."""
    response = HttpResponse(WIDGET_JS.read_bytes(),
                            content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_GET
def embed_builder(request: HttpRequest) -> HttpResponse:
    """"Embed on your site": choose what the widget shows, copy the snippet."""
    form = EmbedForm(request.GET or None, user=request.user)
    choice = form.cleaned_data if form.is_valid() else {}
    params = {
        "organisation": choice["organisation"].slug if choice.get("organisation") else "",
        "topic": choice["topic"].slug if choice.get("topic") else "",
        "language": choice.get("language") or "",
        "lang": choice.get("widget_language") or _language_param(),
    }
    params = {key: value for key, value in params.items() if value}
    events_src = settings.SITE_URL + reverse("opendata:embed_events") + "?" + urlencode(params)
    directory_src = (settings.SITE_URL + reverse("opendata:embed_directory") + "?"
                     + urlencode({"lang": params["lang"]}))
    return render(request, "opendata/builder.html", {
        "form": form,
        "params": params,
        "events_src": events_src,
        "directory_src": directory_src,
        "script_src": settings.SITE_URL + reverse("opendata:widget_js"),
    })


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    language = _language_param()

    def absolute(name: str, **kwargs) -> str:
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)

    datasets = [
        (_("Directory of organisations (Open Referral HSDS 3)"),
         _("Approved organisations with their services, places, languages and public contact "
           "details; texts in the language of the address's ?lang= (Polish by default)."),
         absolute("imports:export_hsds"), "JSON"),
        (_("All upcoming meetings (calendar)"),
         _("Subscribe to it in any calendar application."),
         absolute("meetings:feed_ics"), "iCalendar"),
        (_("Upcoming meetings (RSS)"), "", absolute("meetings:feed_rss"), "RSS 2.0"),
        (_("Upcoming meetings (Atom)"), "", absolute("meetings:feed_atom"), "Atom"),
        (_("News (RSS)"), _("One feed per language: change the language in the address."),
         absolute("news:feed_rss", language=language), "RSS 2.0"),
        (_("News (Atom)"), "", absolute("news:feed_atom", language=language), "Atom"),
        (_("API description (OpenAPI)"),
         _("Every public list of the site, as JSON; no key needed for public data."),
         absolute("api:openapi-json"), "OpenAPI 3"),
        (_("API documentation"), "", absolute("api:openapi-view"), "HTML"),
    ]
    return render(request, "opendata/index.html", {
        "licence_name": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "datasets": datasets,
    })
