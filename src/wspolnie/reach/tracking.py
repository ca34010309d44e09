"""Following a tracked link: where it leads, in which language, and what is counted.

- A visit is counted once per link and browser session (a second click in the same session is
  the same person), never for link-preview robots (messengers fetch a link to show a preview).
- The session remembers the last tracked link that brought the visitor, with the visit's
  language and time. A meeting registration, a newsletter sign-up or a board post (card or
  comment) made in that session within CONVERSION_HOURS counts as a conversion of the link
  (signals.py; the request reaches the receivers through `current_request`, set by
  ReachMiddleware). Nothing else is kept: no address, no user agent, no cookie beyond the
  session.
"""

from __future__ import annotations

import contextvars
import re
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from wspolnie.announcements.models import Announcement
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.meetings.models import Event

from . import services
from .models import Kind, TrackedLink

SESSION_KEY = "reach"
VISITED_KEY = "reach_visited"
#: How long after the click what the visitor does still counts for the link.
CONVERSION_HOURS = 24
#: The links of one session remembered as visited (a visit is counted once per session).
VISITED_MAX = 50
#: Link previews of messengers and social sites, search robots, command-line clients.
ROBOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|whatsapp/"
    r"|skypeuripreview|embedly|quora link|curl/|wget/|headless",
    re.IGNORECASE,
)
LANGUAGE_PARAMETERS = ("lang", "language")

current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "reach_current_request", default=None
)


class ReachMiddleware:
    """Makes the request known to the conversion receivers (signals.py) while it runs."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def is_robot(request: HttpRequest) -> bool:
    return bool(ROBOT.search(request.META.get("HTTP_USER_AGENT", "")))


def _tag(code: str) -> str:
    try:
        return normalise_language_tag(code)
    except ValueError:
        return ""


def wanted_languages(request: HttpRequest) -> list[str]:
    """The languages the visitor asks for, best first: `?lang=` (or `?language=`), the
    browser's Accept-Language, the page language Django chose (cookie or browser)."""
    codes: list[str] = []
    for name in LANGUAGE_PARAMETERS:
        value = request.GET.get(name, "")
        if value and len(value) <= 35:
            codes.append(_tag(value))
    for code, _quality in parse_accept_lang_header(
        request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    ):
        if code != "*":
            codes.append(_tag(code))
            # "uk-UA" asks for Ukrainian too.
            codes.append(_tag(code.split("-")[0]))
    codes.append(translation.get_language() or settings.LANGUAGE_CODE)
    seen: list[str] = []
    for code in codes:
        if code and code not in seen:
            seen.append(code)
    return seen


def explicit_language(request: HttpRequest) -> str:
    for name in LANGUAGE_PARAMETERS:
        value = request.GET.get(name, "")
        if value and len(value) <= 35 and _tag(value):
            return _tag(value)
    return ""


def destination(link: TrackedLink, request: HttpRequest) -> tuple[str, str] | None:
    """(address on this site, language of the page served) the link leads to now, or None
    when the announcement and its event are no longer public.

    An invitation to a public meeting leads to the meeting's page (where one registers);
    any other announcement to its public page in the best version for the visitor."""
    announcement: Announcement = link.item.announcement
    event = announcement.event
    event_public = event is not None and Event.objects.public().filter(pk=event.pk).exists()
    invitation = announcement.kind == Announcement.Kind.EVENT_INVITATION
    if announcement.is_public and not (invitation and event_public):
        version = None
        for code in wanted_languages(request):
            version = announcement.version(code)
            if version is not None:
                break
        version = version or announcement.version(announcement.source_language)
        return f"{announcement.get_absolute_url()}?language={version.language}", version.language
    if event_public:
        ui = {code for code, _name in settings.LANGUAGES}
        page = translation.get_language()
        # The language the link asked for, when the announcement is meant for it (a leader's
        # link in Georgian): the meeting's page itself is in a page language.
        asked = explicit_language(request)
        known = ui | set(announcement.target_language_codes())
        language = asked if asked in known else page
        return f"{event.get_absolute_url()}?lang={language if language in ui else page}", language
    return None


def record_visit(request: HttpRequest, link: TrackedLink, language: str) -> bool:
    """Remember the link in the session and count the visit (once per session). True when
    it was counted."""
    if is_robot(request):
        return False
    session = request.session
    session[SESSION_KEY] = {"link": link.pk, "language": language, "at": int(time.time())}
    visited = [pk for pk in session.get(VISITED_KEY, []) if isinstance(pk, int)]
    if link.pk in visited:
        return False
    session[VISITED_KEY] = [*visited, link.pk][-VISITED_MAX:]
    services.add(link.pk, Kind.VISIT, language)
    return True


def session_visit(request: HttpRequest | None) -> tuple[int, str] | None:
    """(link id, language) of the tracked link that brought this session's visitor within
    CONVERSION_HOURS, or None."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    visit = session.get(SESSION_KEY)
    if not isinstance(visit, dict):
        return None
    link_id, language, at = visit.get("link"), visit.get("language"), visit.get("at")
    if not (isinstance(link_id, int) and isinstance(language, str) and isinstance(at, int)):
        return None
    if time.time() - at > CONVERSION_HOURS * 3600:
        return None
    return link_id, language


def record_conversion(kind: str) -> bool:
    """Count a conversion for the link that brought the current request's visitor, if any."""
    found = session_visit(current_request.get())
    if found is None:
        return False
    link_id, language = found
    # A link whose plan item was removed counts nothing (and must not break the caller's
    # transaction: PostgreSQL checks the foreign key only at commit).
    if not TrackedLink.objects.filter(pk=link_id).exists():
        return False
    services.add(link_id, kind, language)
    return True
