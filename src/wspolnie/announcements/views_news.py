"""Public news: published announcements in the reader's language (list and page)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Community, Language, Topic
from wspolnie.lib.languages import native_name, normalise_language_tag

from .models import Announcement, Version
from .renderings import public_url, safe_links, truncate_words
from .text import markdown_to_text, render_markdown


def known_language(code: str) -> bool:
    """A content language of the site, or a language someone announces in."""
    try:
        if normalise_language_tag(code) != code:
            return False
    except ValueError:
        return False
    return code in settings.CONTENT_LANGUAGES or Language.objects.filter(code=code).exists()


def pick_version(announcement: Announcement, wanted: str | None) -> Version:
    """The version in `wanted`, else in the UI language, else the source (always approved)."""
    for code in (wanted, translation.get_language()):
        if code:
            version = announcement.version(code)
            if version is not None:
                return version
    return announcement.version(announcement.source_language)


class NewsFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Show in"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All topics"),
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.all(), to_field_name="slug",
        required=False, empty_label=_("All communities"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("My language"))] + [
            (code, native_name(code)) for code in settings.CONTENT_LANGUAGES
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *Announcement.Kind.choices]

    def apply(self, announcements):
        if not self.is_valid():
            return announcements
        data = self.cleaned_data
        if data.get("topic"):
            announcements = announcements.filter(topics=data["topic"])
        if data.get("community"):
            announcements = announcements.filter(communities=data["community"])
        if data.get("kind"):
            announcements = announcements.filter(kind=data["kind"])
        return announcements

    @property
    def wanted_language(self) -> str:
        return self.cleaned_data.get("language", "") if self.is_valid() else ""


@dataclass
class NewsItem:
    announcement: Announcement
    version: Version
    excerpt: str


def news_list(request: HttpRequest) -> HttpResponse:
    form = NewsFilterForm(request.GET or None)
    announcements = form.apply(Announcement.objects.published()).select_related(
        "organisation"
    ).prefetch_related("translations", "topics").distinct()
    page = Paginator(announcements, 20).get_page(request.GET.get("page"))
    wanted = form.wanted_language if request.GET else ""
    page.object_list = [
        NewsItem(item, version, truncate_words(markdown_to_text(version.body), 300))
        for item in page.object_list
        for version in [pick_version(item, wanted)]
    ]
    return render(request, "announcements/news/list.html", {
        "page": page, "form": form, "wanted_language": wanted,
        "ui_language": translation.get_language(),
    })


def news_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    announcement = get_object_or_404(
        Announcement.objects.published().select_related("organisation", "event")
        .prefetch_related("translations", "topics", "communities"),
        pk=pk,
    )
    wanted = request.GET.get("language") or ""
    if slug != announcement.slug:
        url = announcement.get_absolute_url()
        return redirect(f"{url}?language={wanted}" if wanted and known_language(wanted) else url,
                        permanent=True)
    if wanted and announcement.version(wanted) is None and not known_language(wanted):
        raise Http404
    version = pick_version(announcement, wanted)
    versions = announcement.approved_versions()
    event = announcement.event
    if event is not None and event.status == event.Status.DRAFT:
        event = None
    return render(request, "announcements/news/detail.html", {
        "announcement": announcement,
        "version": version,
        "body": render_markdown(version.body),
        "versions": versions,
        "alternates": [(v.language, public_url(announcement, v.language)) for v in versions],
        "canonical": public_url(announcement, version.language),
        "not_in_wanted": bool(wanted) and wanted != version.language,
        "wanted_language": wanted,
        "links": safe_links(announcement),
        "event": event,
        "publisher": announcement.organisation,
    })
