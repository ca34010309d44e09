"""Public news: published announcements in the reader's language (list and page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Community, Language, Topic
from wspolnie.lib.languages import native_name, normalise_language_tag
from wspolnie.search.facets import FacetedList, choice_facet, vocabulary_facet

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


#: The news page's facets and text box (wspolnie.search.facets). "language" is not a filter
#: but the language to show the news in: kept across clicks.
NEWS = FacetedList(
    facets=[
        vocabulary_facet("topic", _("Topic"), "topics", Topic),
        vocabulary_facet("community", _("Community"), "communities", Community),
        choice_facet("kind", _("Kind"), "kind", Announcement.Kind.choices),
    ],
    text_kinds=["news"],
    kept=("language",),
)


@dataclass
class NewsItem:
    announcement: Announcement
    version: Version
    excerpt: str


def news_list(request: HttpRequest) -> HttpResponse:
    query = NEWS.from_params(request.GET)
    wanted = query.kept.get("language", "")
    if wanted and wanted not in settings.CONTENT_LANGUAGES:
        query.kept.pop("language")
        wanted = ""
    base = Announcement.objects.published()
    announcements = query.ordered(query.apply(base)).select_related(
        "organisation"
    ).prefetch_related("translations", "topics")
    page = Paginator(announcements, 20).get_page(request.GET.get("page"))
    page.object_list = [
        NewsItem(item, version, truncate_words(markdown_to_text(version.body), 300))
        for item in page.object_list
        for version in [pick_version(item, wanted)]
    ]
    topics = query.filters.get("topic", [])
    return render(request, "announcements/news/list.html", {
        "page": page, "query": query, "wanted_language": wanted,
        "ui_language": translation.get_language(),
        "feed_topic": topics[0] if len(topics) == 1 else "",
        "show_in": [(code, native_name(code), query.query_string(language=code or None))
                    for code in ["", *settings.CONTENT_LANGUAGES]],
        **query.context(base, text_label=_("Search the news")),
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
