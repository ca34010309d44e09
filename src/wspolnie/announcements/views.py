"""Pages for writing, translating, approving and publishing announcements. Thin: the rules are
in services.py and permissions.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.owned.views import show_service_errors
from wspolnie.meetings.forms import LocalDateTimeField
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Organisation

from . import services
from .forms import (
    AnnouncementForm,
    AssignTranslatorForm,
    FilterForm,
    TranslationForm,
)
from .models import Announcement, AnnouncementTranslation
from .permissions import (
    can_create_announcement,
    can_edit_translation,
    can_manage_announcement,
    can_view_announcement,
)
from .text import render_markdown


def _translations_prefetch() -> Prefetch:
    return Prefetch(
        "translations",
        queryset=AnnouncementTranslation.objects.select_related("translator", "approved_by"),
    )


def _visible(request: HttpRequest, pk: int) -> Announcement:
    """The announcement, if the user may work on it. Drafts of others are "not found" (their
    existence is not public); published ones the user may not manage are "forbidden"."""
    announcement = get_object_or_404(
        Announcement.objects.select_related("organisation", "event", "created_by")
        .prefetch_related(_translations_prefetch()),
        pk=pk,
    )
    if not can_view_announcement(request.user, announcement):
        raise Http404
    return announcement


def _managed(request: HttpRequest, pk: int) -> Announcement:
    announcement = _visible(request, pk)
    if not can_manage_announcement(request.user, announcement):
        raise PermissionDenied
    return announcement


def _translation(announcement: Announcement, language: str) -> AnnouncementTranslation:
    for row in announcement.translations.all():
        if row.language == language:
            return row
    raise Http404


def _url_or_none(name: str, **kwargs) -> str | None:
    """Pages of other parts of Outreach, linked only once they exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    """What the user manages (organisation admins, staff) or translates."""
    user = request.user
    announcements = Announcement.objects.filter(
        Q(pk__in=Announcement.objects.editable_by(user).values("pk"))
        | Q(translations__translator=user)
    ).distinct()
    organisations = Organisation.objects.filter(
        pk__in=announcements.values("organisation")
    ).order_by("name")
    form = FilterForm(request.GET or None, organisations=organisations)
    announcements = form.apply(announcements).select_related("organisation").prefetch_related(
        _translations_prefetch()
    ).order_by("-created", "-id")
    page = Paginator(announcements, 20).get_page(request.GET.get("page"))
    for item in page:
        item.mine = [t for t in item.translations.all() if t.translator_id == user.pk]
        item.can_manage = can_manage_announcement(user, item)
    return render(request, "announcements/list.html", {
        "page": page, "form": form, "can_create": can_create_announcement(user),
    })


def _form_page(request: HttpRequest, announcement: Announcement | None) -> HttpResponse:
    form = AnnouncementForm(request.POST or None, user=request.user, announcement=announcement)
    if request.method == "POST" and form.is_valid():
        try:
            if announcement is None:
                announcement = services.do_create_announcement(request.user, **form.values())
                messages.success(request, _("The announcement is saved as a draft. Assign "
                                            "translators for its other languages."))
            else:
                announcement = services.do_update_announcement(
                    request.user, announcement, **form.values()
                )
                messages.success(request, _("Changes saved."))
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect(announcement.get_manage_url())
    return render(request, "announcements/form.html", {
        "form": form, "announcement": announcement,
    }, status=422 if form.errors else 200)


@login_required
def announcement_create(request: HttpRequest) -> HttpResponse:
    if not can_create_announcement(request.user):
        raise PermissionDenied
    return _form_page(request, None)


@login_required
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, _managed(request, pk))


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _visible(request, pk)
    can_manage = can_manage_announcement(request.user, announcement)
    rows = []
    for row in announcement.translations.all():
        rows.append({
            "translation": row,
            "can_edit": can_edit_translation(request.user, row),
            "assign_form": AssignTranslatorForm(
                initial={"email": row.translator.email if row.translator else ""},
                auto_id=f"id_assign_{row.language}_%s",
            ) if can_manage else None,
        })
    if not can_manage and not any(r["can_edit"] for r in rows):
        # A published announcement is public, but this page is for the people working on it.
        raise PermissionDenied
    unapproved = [r["translation"].language for r in rows
                  if r["translation"].status != AnnouncementTranslation.Status.APPROVED]
    return render(request, "announcements/detail.html", {
        "announcement": announcement,
        "body_html": render_markdown(announcement.body),
        "rows": rows,
        "can_manage": can_manage,
        "unapproved": unapproved,
        "renderings_url": _url_or_none("renderings:index", pk=announcement.pk),
        "plan_url": _url_or_none("distribution:plan", pk=announcement.pk),
        "coverage_url": _url_or_none("distribution:coverage", pk=announcement.pk),
        "public_url": _url_or_none("news:detail", pk=announcement.pk,
                                   slug=announcement.slug or "-")
        if announcement.is_public else None,
        "publish_value": timezone.localtime(announcement.publish_at).strftime("%Y-%m-%dT%H:%M")
        if announcement.publish_at and announcement.publish_at > timezone.now() else "",
    })


@login_required
def translation_edit(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Side by side: the source on the left, the translation on the right."""
    announcement = _visible(request, pk)
    row = _translation(announcement, language)
    if not can_edit_translation(request.user, row):
        raise PermissionDenied
    form = TranslationForm(request.POST or None, translation_row=row)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.do_save_translation(request.user, row, form.cleaned_data["title"],
                                         form.cleaned_data["body"], submit_for_review=submit)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The translation is handed in for review.") if submit
                             else _("The translation is saved as a draft."))
            return redirect("announcements:translation", pk=announcement.pk, language=language)
    pretranslate_url = None
    if settings.MACHINE_TRANSLATION_URL:
        pretranslate_url = _url_or_none("renderings:pretranslate", pk=announcement.pk,
                                        language=language)
    return render(request, "announcements/translation.html", {
        "announcement": announcement,
        "translation": row,
        "form": form,
        "source_html": render_markdown(announcement.body),
        "can_manage": can_manage_announcement(request.user, announcement),
        "pretranslate_url": pretranslate_url,
    }, status=422 if form.errors else 200)


def _post_action(request: HttpRequest, pk: int, action, success: str,
                 language: str | None = None) -> HttpResponse:
    """Run a manager's button: a message on success, the service's reason otherwise."""
    announcement = _managed(request, pk)
    target = _translation(announcement, language) if language else announcement
    try:
        action(target)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(announcement.get_manage_url())


@login_required
@require_POST
def translation_assign(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    announcement = _managed(request, pk)
    row = _translation(announcement, language)
    form = AssignTranslatorForm(request.POST)
    if form.is_valid():
        try:
            services.do_assign_translator(request.user, row, form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
    if form.errors:
        for message in form.errors.get("email", []):
            messages.error(request, message)
    elif form.cleaned_data["email"] is None:
        messages.success(request, _("Nobody is assigned to this translation now."))
    else:
        messages.success(request, _("%(name)s is now translating it and has been told by "
                                    "e-mail.") % {"name": form.cleaned_data["email"].name})
    return redirect(announcement.get_manage_url())


@login_required
@require_POST
def translation_approve(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    return _post_action(
        request, pk, lambda row: services.do_approve_translation(request.user, row),
        _("Translation approved."), language,
    )


@login_required
@require_POST
def translation_reject(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    return _post_action(
        request, pk,
        lambda row: services.do_reject_translation(request.user, row,
                                                   request.POST.get("reason", "")),
        _("The translation went back to the translator as a draft."), language,
    )


@login_required
@require_POST
def announcement_publish(request: HttpRequest, pk: int) -> HttpResponse:
    field = LocalDateTimeField(required=False)
    try:
        publish_at = field.clean(request.POST.get("publish_at", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("announcements:detail", pk=pk)
    return _post_action(
        request, pk, lambda item: services.do_publish(request.user, item, publish_at),
        _("The announcement is published."),
    )


@login_required
@require_POST
def announcement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, lambda item: services.do_withdraw(request.user, item),
        _("The announcement is withdrawn: it no longer appears on the news page or in feeds."),
    )


@login_required
@require_POST
def announcement_from_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    if not services.can_announce_event(request.user, event):
        raise PermissionDenied
    announcement = services.do_create_from_event(request.user, event)
    messages.success(request, _("The invitation is written from the meeting's details. Check it, "
                                "then assign translators."))
    return redirect(announcement.get_manage_url())


@login_required
@require_POST
def announcement_from_report(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    if not services.can_announce_event(request.user, event):
        raise PermissionDenied
    try:
        announcement = services.do_create_from_report(request.user, event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:report", slug=event.slug)
    messages.success(request, _("The report is an announcement now, with its translations. "
                                "Check it, then publish it."))
    return redirect(announcement.get_manage_url())
