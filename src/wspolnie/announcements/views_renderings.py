"""Previews of every rendering (for the people who manage or translate an announcement), the
printable poster, and the machine pre-translation button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.decorators import mail_preview_styles

from . import renderings
from .machine_translation import (
    MachineTranslationError,
    MachineTranslationRefused,
    MachineTranslationUnavailable,
    do_pretranslate,
)
from .models import Announcement, AnnouncementTranslation, Version
from .permissions import can_manage_announcement, can_view_announcement


def can_preview_renderings(user, announcement: Announcement) -> bool:
    """Drafts: whoever may see the draft (managers, translators). Published: its managers
    (anybody can read a published one, but the previews are working tools)."""
    if announcement.is_public:
        return can_manage_announcement(user, announcement)
    return can_view_announcement(user, announcement)


def _announcement(pk: int) -> Announcement:
    return get_object_or_404(
        Announcement.objects.select_related("organisation", "event").prefetch_related(
            "translations"
        ),
        pk=pk,
    )


def _previewable(request: HttpRequest, pk: int) -> Announcement:
    announcement = _announcement(pk)
    if not can_view_announcement(request.user, announcement):
        # A draft stays invisible to those who may not see it.
        raise Http404
    if not can_preview_renderings(request.user, announcement):
        raise PermissionDenied
    return announcement


def _version(announcement: Announcement, language: str | None) -> Version:
    """The approved version asked for, else the UI language's, else the source."""
    if language:
        version = announcement.version(language)
        if version is None:
            raise Http404
        return version
    return announcement.version(translation.get_language() or "") or announcement.version(
        announcement.source_language
    )


@login_required
@mail_preview_styles
def index(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _previewable(request, pk)
    version = _version(announcement, request.GET.get("language"))
    result = renderings.all_renderings(announcement, version)
    poster_url = reverse("renderings:poster", kwargs={"pk": pk, "language": version.language})
    waiting = [
        t for t in announcement.translations.all()
        if t.status != AnnouncementTranslation.Status.APPROVED
    ]
    return render(request, "announcements/renderings/index.html", {
        "announcement": announcement,
        "version": version,
        "versions": announcement.approved_versions(),
        "waiting": waiting,
        "r": result,
        "poster_url": poster_url,
    })


def poster(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Printable by anybody once published; a draft's poster only for its managers and
    translators."""
    announcement = _announcement(pk)
    if not can_view_announcement(request.user, announcement):
        raise Http404
    version = announcement.version(language)
    if version is None:
        raise Http404
    return render(request, "announcements/renderings/poster.html", {
        "announcement": announcement,
        "poster": renderings.poster(announcement, version),
        "is_draft": not announcement.is_public,
        "can_preview": can_preview_renderings(request.user, announcement),
    })


def _translation_page(announcement: Announcement, language: str) -> str:
    """Back to the translation editor (or, before it exists, the announcement)."""
    for name, kwargs in [
        ("announcements:translation", {"pk": announcement.pk, "language": language}),
        ("announcements:detail", {"pk": announcement.pk}),
    ]:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse("renderings:index", kwargs={"pk": announcement.pk})


@login_required
@require_POST
def pretranslate(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    announcement = _announcement(pk)
    if not can_view_announcement(request.user, announcement):
        raise Http404
    if language == announcement.source_language or (
        language not in announcement.target_language_codes()
        and not announcement.translations.filter(language=language).exists()
    ):
        raise Http404
    item = announcement.translations.filter(language=language).first() or (
        AnnouncementTranslation(announcement=announcement, language=language)
    )
    try:
        do_pretranslate(request.user, item)
    except MachineTranslationUnavailable as error:
        messages.error(request, str(error))
    except MachineTranslationRefused as error:
        messages.warning(request, str(error))
    except MachineTranslationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _(
            "Machine pre-translation done. Please read and correct it: it is saved as a draft."
        ))
    return redirect(_translation_page(announcement, language))
