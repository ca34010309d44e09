from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import Id

from . import sessions
from .models import UserSession
from .services import do_end_other_sessions, do_end_sessions, my_registrations

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    name: str
    preferred_language: str
    is_staff: bool
    organisations: list[dict]


@router.get("/me", response=MeOut, auth=REQUIRED, summary="The caller's own account")
def me(request):
    user = request.user
    return {
        "email": user.email,
        "name": user.name,
        "preferred_language": user.preferred_language,
        "is_staff": user.is_staff,
        "organisations": [
            {"slug": m.organisation.slug, "name": m.organisation.name, "role": m.role}
            for m in user.memberships.select_related("organisation")
        ],
    }


class MyRegistrationOut(Schema):
    id: int
    event: str
    event_title: str
    event_url: str
    starts_at: datetime
    ends_at: datetime
    event_cancelled: bool
    status: str
    management_url: str
    upcoming: bool

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_event_title(obj) -> str:
        return obj.event.title_text

    @staticmethod
    def resolve_event_url(obj) -> str:
        return settings.SITE_URL + obj.event.get_absolute_url()

    @staticmethod
    def resolve_starts_at(obj) -> datetime:
        return obj.event.starts_at

    @staticmethod
    def resolve_ends_at(obj) -> datetime:
        return obj.event.ends_at

    @staticmethod
    def resolve_event_cancelled(obj) -> bool:
        return obj.event.is_cancelled

    @staticmethod
    def resolve_management_url(obj) -> str:
        return obj.management_url()

    @staticmethod
    def resolve_upcoming(obj) -> bool:
        return not obj.event.is_past


@router.get(
    "/me/registrations", response=list[MyRegistrationOut], auth=REQUIRED,
    summary="The caller's meeting registrations: upcoming (soonest first), then past",
)
def list_my_registrations(request):
    upcoming, past = my_registrations(request.user)
    return [*upcoming, *past]


class SessionOut(Schema):
    id: int
    browser: str
    system: str
    created: datetime
    last_seen: datetime
    current: bool


class SessionsEndedOut(Schema):
    ended: int


@router.get(
    "/me/sessions", response=list[SessionOut], auth=REQUIRED,
    summary="The caller's signed-in browser sessions, most recently seen first",
)
def list_my_sessions(request):
    current = sessions.current_index(request)
    return [
        {"id": row.pk, "browser": row.browser, "system": row.system, "created": row.created,
         "last_seen": row.last_seen, "current": row.pk == current}
        for row in sessions.active_sessions(request.user)
    ]


@router.delete(
    "/me/sessions/{pk}", response={204: None}, auth=REQUIRED,
    summary="Log out one of the caller's browser sessions",
)
def end_my_session(request, pk: Id):
    row = get_object_or_404(UserSession, pk=pk, user=request.user)
    do_end_sessions(request.user, [row])
    if row.pk == sessions.current_index(request):
        logout(request)
    return Status(204, None)


@router.delete(
    "/me/sessions", response=SessionsEndedOut, auth=REQUIRED,
    summary="Log out every browser session of the caller (API tokens stay valid)",
)
def end_my_sessions(request):
    ended = do_end_other_sessions(request.user, None)
    if sessions.current_index(request) is not None:
        logout(request)
    return {"ended": ended}
