"""Atom feed of the published meeting notes. A feed is read by anyone: contacts appear at the
public level only (contacts.privacy), like on the page an anonymous visitor sees."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .content import chosen_version, in_version, visible_contacts
from .models import Note


class NotesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Meeting notes")
    link = reverse_lazy("notes:list")
    subtitle = _("What the network's meetings produced: summaries, decisions, links and "
                 "contacts.")

    def items(self):
        return Note.objects.public().select_related("event", "organisation").order_by(
            "-published_at", "-id"
        )[:50]

    def item_title(self, item: Note) -> str:
        return item.event.title_text

    def item_description(self, item: Note) -> str:
        language = chosen_version(item, None, translation.get_language() or
                                  settings.LANGUAGE_CODE)
        return render_to_string("notes/feed_item.html", {
            "summary": in_version(item.summary, language),
            "contacts": visible_contacts(item, AnonymousUser()),
        })

    def item_link(self, item: Note) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Note):
        return item.published_at

    def item_updateddate(self, item: Note):
        return item.updated
