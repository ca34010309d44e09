"""RSS and Atom of the news, one feed per language (optionally per topic: ?topic=<slug>).

A feed in a language carries only announcements that have an approved version in it (the
source or an approved translation): a Ukrainian reader's feed reader gets Ukrainian items, not a
mixture with fallbacks.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wspolnie.directory.models import Topic
from wspolnie.lib.languages import native_name

from .models import Announcement, AnnouncementTranslation, Version
from .renderings import feed_item
from .views_news import known_language

#: Items per feed (feed readers only need the recent ones).
FEED_SIZE = 50


class NewsContext:
    """What one feed is about: a language and, optionally, a topic."""

    def __init__(self, language: str, topic: Topic | None) -> None:
        self.language = language
        self.topic = topic


class NewsRssFeed(Feed):
    def get_object(self, request: HttpRequest, language: str) -> NewsContext:
        if not known_language(language):
            raise Http404
        topic = None
        slug = request.GET.get("topic")
        if slug:
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                raise Http404
        return NewsContext(language, topic)

    def title(self, obj: NewsContext) -> str:
        # The feed's own words in the feed's language (the reader chose it, not the UI).
        with translation.override(obj.language):
            if obj.topic is not None:
                return _("News: %(topic)s (%(language)s)") % {
                    "topic": obj.topic.name, "language": native_name(obj.language)}
            return _("News (%(language)s)") % {"language": native_name(obj.language)}

    def link(self, obj: NewsContext) -> str:
        query = f"?language={obj.language}"
        if obj.topic is not None:
            query += f"&topic={obj.topic.slug}"
        return reverse("news:list") + query

    def description(self, obj: NewsContext) -> str:
        with translation.override(obj.language):
            return _("Announcements of the city's intercultural community.")

    def get_feed(self, obj: NewsContext, request: HttpRequest):
        feed = super().get_feed(obj, request)
        # Feed.language is a class attribute (the UI language by default); this feed's language
        # is the one in the address.
        feed.feed["language"] = obj.language
        return feed

    def items(self, obj: NewsContext) -> list[tuple[Announcement, Version]]:
        # Candidates; version() below drops translations without a title.
        announcements = Announcement.objects.published().filter(
            Q(source_language=obj.language)
            | Q(translations__language=obj.language,
                translations__status=AnnouncementTranslation.Status.APPROVED)
        )
        if obj.topic is not None:
            announcements = announcements.filter(topics=obj.topic)
        announcements = announcements.distinct().select_related("organisation").prefetch_related(
            "translations", "topics"
        )[:FEED_SIZE]
        items = []
        for announcement in announcements:
            version = announcement.version(obj.language)
            if version is not None:
                items.append((announcement, version))
        return items

    def item_title(self, item: tuple[Announcement, Version]) -> str:
        return item[1].title

    def item_description(self, item: tuple[Announcement, Version]) -> str:
        return feed_item(*item).description

    def item_link(self, item: tuple[Announcement, Version]) -> str:
        return feed_item(*item).link

    def item_guid(self, item: tuple[Announcement, Version]) -> str:
        announcement, version = item
        return f"announcement-{announcement.pk}-{version.language}@wspolnie"

    item_guid_is_permalink = False

    def item_pubdate(self, item: tuple[Announcement, Version]):
        return item[0].publish_at

    def item_updateddate(self, item: tuple[Announcement, Version]):
        return item[0].updated

    def item_author_name(self, item: tuple[Announcement, Version]) -> str | None:
        organisation = item[0].organisation
        return organisation.name if organisation is not None else None

    def item_categories(self, item: tuple[Announcement, Version]) -> list[str]:
        with translation.override(item[1].language):
            return [topic.name for topic in item[0].topics.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: NewsContext) -> str:
        return self.description(obj)
