"""/api/announcements/{pk}/renderings/{language} and
/api/announcements/{pk}/translations/{language}/pretranslate (signed in)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Id

from . import renderings
from .machine_translation import (
    MachineTranslationError,
    MachineTranslationRefused,
    MachineTranslationUnavailable,
    do_pretranslate,
)
from .models import Announcement, AnnouncementTranslation
from .permissions import can_view_announcement
from .views_renderings import can_preview_renderings

router = Router()


class LinkOut(Schema):
    url: str
    label: str


class WebOut(Schema):
    title: str
    html: str
    links: list[LinkOut]
    url: str


class EmailOut(Schema):
    subject: str
    html: str
    text: str


class FeedItemOut(Schema):
    title: str
    link: str
    description: str


class PostOut(Schema):
    platform: str
    label: str
    text: str
    length: int
    limit: int


class RenderingsOut(Schema):
    language: str
    web: WebOut
    email: EmailOut
    feed_item: FeedItemOut
    posts: dict[str, PostOut]
    poster_url: str


class PretranslatedOut(Schema):
    language: str
    title: str
    body: str
    status: str
    machine_translated: bool
    source_revision: int


def _announcement(request: HttpRequest, pk: Id) -> Announcement:
    announcement = (
        Announcement.objects.select_related("organisation", "event")
        .prefetch_related("translations").filter(pk=pk).first()
    )
    if announcement is None or not can_view_announcement(request.user, announcement):
        raise HttpError(404, _("No such announcement."))
    return announcement


@router.get(
    "/{pk}/renderings/{language}", auth=REQUIRED,
    response={200: RenderingsOut, 403: ErrorOut, 404: ErrorOut},
    summary="Every text rendering of an approved version",
)
def get_renderings(request: HttpRequest, pk: Id, language: str):
    announcement = _announcement(request, pk)
    if not can_preview_renderings(request.user, announcement):
        raise HttpError(403, _("Only the announcement's managers can see its renderings."))
    version = announcement.version(language)
    if version is None:
        raise HttpError(404, _("There is no approved version in this language."))
    result = renderings.all_renderings(announcement, version)
    result["poster_url"] = settings.SITE_URL + reverse(
        "renderings:poster", kwargs={"pk": pk, "language": language}
    )
    return result


@router.post(
    "/{pk}/translations/{language}/pretranslate", auth=REQUIRED,
    response={200: PretranslatedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
              502: ErrorOut},
    summary="Fill an empty translation by machine (a draft to be corrected)",
)
def pretranslate(request: HttpRequest, pk: Id, language: str):
    announcement = _announcement(request, pk)
    if language == announcement.source_language or (
        language not in announcement.target_language_codes()
        and not announcement.translations.filter(language=language).exists()
    ):
        raise HttpError(404, _("This language is not a target language of the announcement."))
    item = announcement.translations.filter(language=language).first() or (
        AnnouncementTranslation(announcement=announcement, language=language)
    )
    try:
        item = do_pretranslate(request.user, item)
    except PermissionDenied:
        raise HttpError(403, _("You cannot edit this translation.")) from None
    except MachineTranslationUnavailable as error:
        raise HttpError(404, str(error)) from None
    except MachineTranslationRefused as error:
        raise HttpError(409, str(error)) from None
    except MachineTranslationError as error:
        raise HttpError(502, str(error)) from None
    return item
