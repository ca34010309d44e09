"""Signed-in sessions: idle and absolute timeouts, and the index behind "Your sessions".

Each login stores, in the session itself, when it started and when it was last seen, and the
id of its `UserSession` row (browser and system from the User-Agent, no address). The
middleware ends a session SESSION_IDLE_TIMEOUT seconds after its last request or
SESSION_ABSOLUTE_TIMEOUT seconds after its login, whichever is first, and moves "last seen"
on at most once a minute (a session is written only then, not at every request). Ending a
session elsewhere ("log out this session", "everywhere") deletes it from Django's session
store and its row here: its next request is anonymous.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from .models import UserSession

#: Session keys: login time and last request (seconds since the epoch), the index row's id.
STARTED = "wsp_session_started"
SEEN = "wsp_session_seen"
INDEX = "wsp_session_index"
#: "Last seen" moves on at most this often (seconds): fewer session writes.
TOUCH_EVERY = 60

_BROWSERS = [  # first match wins: Edge and Opera also say Chrome, Chrome also says Safari
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chromium/", "Chromium"),
    (r"Chrome/|CriOS/", "Chrome"),
    (r"Safari/", "Safari"),
    (r"curl/|python-requests|Wget", "Script"),
]
_SYSTEMS = [
    (r"Android", "Android"),
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Windows", "Windows"),
    (r"CrOS", "ChromeOS"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"Linux|X11", "Linux"),
]


def duration(seconds: int) -> str:
    """"8 hours", "2 weeks" in the active language (Django's own catalogue)."""
    now = timezone.now()
    return timesince(now - timedelta(seconds=seconds), now)


def describe_user_agent(user_agent: str) -> tuple[str, str]:
    """(browser, system) names from a User-Agent header, "" where unknown."""
    user_agent = user_agent[:512]

    def first(patterns):
        return next((name for pattern, name in patterns if re.search(pattern, user_agent)), "")

    return first(_BROWSERS), first(_SYSTEMS)


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def start(request: HttpRequest, user) -> None:
    """After a login (the user_logged_in signal): the timestamps and a new index row."""
    session = request.session
    if session.session_key is None:
        session.save()  # login() flushed a previous account's session: a key for the row
    now = time.time()
    browser, system = describe_user_agent(request.headers.get("User-Agent", ""))
    # A second login of the same account keeps the session's key (django.contrib.auth.login):
    # the row is renewed, not doubled.
    row, _created = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "browser": browser, "system": system,
                  "created": _moment(now), "last_seen": _moment(now)},
    )
    session[STARTED] = now
    session[SEEN] = now
    session[INDEX] = row.pk


def on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        start(request, user)


def expired(session, now: float) -> str:
    """Why the session has timed out ("idle", "absolute"), or ""."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return ""
    if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - seen > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return ""


class SessionTimeoutMiddleware:
    """Ends timed-out sessions (the request goes on as anonymous, with a message), keeps "last
    seen" and the index row's session key up to date."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session: nothing to read (no Vary: Cookie)
        if request.user.is_authenticated:
            self.check(request)
        key_before = request.session.session_key
        response = self.get_response(request)
        index = request.session.get(INDEX)
        if index is not None and request.session.session_key not in (key_before, None):
            # The view cycled the key (a password change keeps the session under a new key).
            UserSession.objects.filter(pk=index).update(session_key=request.session.session_key)
        return response

    def check(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        if session.get(STARTED) is None:
            # A session from before the index (or a login without the signal): starts now.
            start(request, request.user)
            return
        reason = expired(session, now)
        if reason:
            UserSession.objects.filter(pk=session.get(INDEX)).delete()
            logout(request)
            if reason == "idle":
                message = _("You were logged out after a long time without activity. "
                            "Please log in again.")
            else:
                message = _("Your session has reached its maximum length. Please log in again.")
            messages.info(request, message)
            return
        if now - session[SEEN] >= TOUCH_EVERY:
            touched = UserSession.objects.filter(pk=session.get(INDEX), user=request.user).update(
                last_seen=_moment(now), session_key=session.session_key
            )
            if not touched:
                # Its row was removed ("log out this session" raced with this request).
                logout(request)
                return
            session[SEEN] = now


def active_sessions(user) -> list[UserSession]:
    """The account's sessions that can still be used, most recently seen first; rows of
    sessions that have ended by themselves (timed out, gone from the store) are removed."""
    now = timezone.now()
    rows = list(UserSession.objects.filter(user=user))
    store = _store()
    alive, dead = [], []
    for row in rows:
        gone = (
            (now - row.created).total_seconds() > settings.SESSION_ABSOLUTE_TIMEOUT
            or (now - row.last_seen).total_seconds()
            > settings.SESSION_IDLE_TIMEOUT + TOUCH_EVERY
            or not store().exists(row.session_key)
        )
        (dead if gone else alive).append(row)
    if dead:
        UserSession.objects.filter(pk__in=[row.pk for row in dead]).delete()
    return alive


def current_index(request: HttpRequest) -> int | None:
    return request.session.get(INDEX) if hasattr(request, "session") else None


def end(rows) -> int:
    """Deletes the sessions of these index rows from the store, and the rows; how many."""
    store = _store()
    rows = list(rows)
    for row in rows:
        store(row.session_key).delete()
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def sweep() -> None:
    """Expired sessions out of the store, and index rows whose sessions cannot be used."""
    _store().clear_expired()
    now = timezone.now()
    UserSession.objects.filter(
        last_seen__lt=now - timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + TOUCH_EVERY)
    ).delete()
    UserSession.objects.filter(
        created__lt=now - timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
    ).delete()
