"""RSS and Atom of the upcoming public meetings (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from .models import Event


class UpcomingRssFeed(Feed):
    title = _("Upcoming meetings")
    link = reverse_lazy("meetings:list")
    description = _("Networking meetings of the city's intercultural community.")

    def items(self):
        return Event.objects.public().upcoming().exclude(
            status=Event.Status.CANCELLED
        ).prefetch_related("organisers")[:50]

    def item_title(self, item: Event) -> str:
        when = formats.date_format(timezone.localtime(item.starts_at, item.zone),
                                   "DATETIME_FORMAT")
        return f"{item.title_text} — {when}"

    def item_description(self, item: Event) -> str:
        parts = [item.description_text if item.details_public else ""]
        if item.details_public and item.location_text():
            parts.append(item.location_text())
        text = "\n\n".join(part for part in parts if part)
        return linebreaks(text, autoescape=True) if text else ""

    def item_link(self, item: Event) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Event) -> str:
        return item.uid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event):
        return item.created

    def item_updateddate(self, item: Event):
        return item.updated


class UpcomingAtomFeed(UpcomingRssFeed):
    feed_type = Atom1Feed
    subtitle = UpcomingRssFeed.description
