"""Members' calendar feeds: registering them (organisation admins), importing them (the
worker, `wspolnie import_calendars`), hiding an imported event (staff).

One import reads one feed (fetch.py, parse.py) and replaces that feed's events with what it
holds now, keeping what staff hid. An event is left out as a duplicate when the hub has the
same meeting (same UID, or same title and start) or an earlier-registered feed has it (same
UID, or same title, start and place). Whatever goes wrong with one feed is recorded on it with
a reason, its owners get one mail per new failure, and nothing is raised: the other feeds are
imported as usual.
"""

from __future__ import annotations

import datetime as dt
import html
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.announcements.text import sanitise_html
from wspolnie.core import audit
from wspolnie.core.mail import queue_templated_mail
from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Membership, Organisation
from wspolnie.organisations.permissions import can_edit_organisation

from . import fetch, parse
from .models import Feed, ImportedEvent, match_key, uid_hash

logger = logging.getLogger(__name__)

audit.register_action("calendar_feed.created", gettext_lazy("Calendar feed added"))
audit.register_action("calendar_feed.updated", gettext_lazy("Calendar feed changed"))
audit.register_action("calendar_feed.deleted", gettext_lazy("Calendar feed removed"))
audit.register_action("imported_event.hidden", gettext_lazy("Imported event hidden"))
audit.register_action("imported_event.shown", gettext_lazy("Imported event shown again"))

#: An enqueued import not done after this long is taken as lost and enqueued again.
LOST_AFTER = dt.timedelta(hours=1)


def can_manage_feeds(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


# --- the owners' changes ---------------------------------------------------------------------


def _validate(feed: Feed) -> None:
    feed.full_clean()
    try:
        fetch.check_url(feed.url)
    except fetch.FetchError:
        raise ValidationError({"url": _("Enter a web address starting with http:// or "
                                        "https://, without a user name or password.")}) from None


def do_add_feed(actor, organisation: Organisation, *, url: str, kind: str,
                enabled: bool = True) -> Feed:
    if not can_manage_feeds(actor, organisation):
        raise PermissionDenied
    feed = Feed(organisation=organisation, url=url.strip(), kind=kind, enabled=enabled)
    if Feed.objects.filter(organisation=organisation, url=feed.url).exists():
        raise ValidationError({"url": _("This feed is registered already.")})
    _validate(feed)
    with transaction.atomic():
        feed.save()
        audit.record(actor, "calendar_feed.created", feed,
                     {"url": [None, feed.url], "kind": [None, feed.kind]})
    return feed


def do_update_feed(actor, feed: Feed, *, url: str, kind: str, enabled: bool) -> Feed:
    if not can_manage_feeds(actor, feed.organisation):
        raise PermissionDenied
    before = {"url": feed.url, "kind": feed.kind, "enabled": feed.enabled}
    feed.url, feed.kind, feed.enabled = url.strip(), kind, enabled
    if Feed.objects.filter(organisation=feed.organisation, url=feed.url).exclude(
            pk=feed.pk).exists():
        raise ValidationError({"url": _("This feed is registered already.")})
    _validate(feed)
    changes = {name: [old, getattr(feed, name)] for name, old in before.items()
               if getattr(feed, name) != old}
    if changes.keys() & {"url", "kind"}:
        # Another address or format: the next import starts afresh.
        feed.etag = feed.last_modified = ""
        feed.last_checked = None
    with transaction.atomic():
        feed.save()
        if changes:
            audit.record(actor, "calendar_feed.updated", feed, changes)
    return feed


def do_delete_feed(actor, feed: Feed) -> None:
    if not can_manage_feeds(actor, feed.organisation):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(actor, "calendar_feed.deleted", feed, {"url": [feed.url, None]})
        feed.delete()


def do_set_hidden(actor, event: ImportedEvent, hidden: bool) -> ImportedEvent:
    """Staff hide an imported event from every public view (and show it again)."""
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied
    if event.hidden_by_staff != hidden:
        event.hidden_by_staff = hidden
        with transaction.atomic():
            event.save(update_fields=["hidden_by_staff", "updated"])
            audit.record(actor, "imported_event.hidden" if hidden else "imported_event.shown",
                         event, {"hidden_by_staff": [not hidden, hidden]})
    return event


# --- importing -------------------------------------------------------------------------------


def _description(item: parse.Item, kind: str) -> str:
    text = item.description or ""
    if kind == Feed.Kind.ICS or "<" not in text:
        paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
        text = "".join(
            "<p>" + html.escape(part).replace("\n", "<br>") + "</p>"
            for part in paragraphs if part)
    return str(sanitise_html(text))


def _topic_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for topic in Topic.objects.all():
        lookup[topic.slug.casefold()] = topic.pk
        for name in (topic.names or {}).values():
            if name:
                lookup.setdefault(" ".join(str(name).casefold().split()), topic.pk)
    return lookup


def _hub_duplicates(items: list[parse.Item]) -> set[str]:
    """UIDs of the items that are the hub's own meetings (same UID, or same title and start)."""
    from wspolnie.meetings.models import Event

    if not items:
        return set()
    starts = {item.starts_at.replace(second=0, microsecond=0) for item in items}
    hub: dict[dt.datetime, list[set[str]]] = {}
    for event in Event.objects.public().filter(starts_at__in=starts).only("title", "starts_at"):
        titles = {" ".join(str(value).casefold().split()) for value in event.title.values()}
        hub.setdefault(event.starts_at, []).append(titles)
    uids = set(Event.objects.public().filter(
        pk__in=[_meeting_pk(item.uid) for item in items if _meeting_pk(item.uid)]
    ).values_list("pk", flat=True))
    found = set()
    for item in items:
        title = " ".join(item.title.casefold().split())
        start = item.starts_at.replace(second=0, microsecond=0)
        if any(title in titles for titles in hub.get(start, [])) or _meeting_pk(item.uid) in uids:
            found.add(item.uid)
    return found


def _meeting_pk(uid: str) -> int | None:
    """The hub's own meeting a UID names ("meeting-12@wspolnie", our feed's UIDs)."""
    if uid.startswith("meeting-") and uid.endswith("@wspolnie"):
        number = uid.removeprefix("meeting-").removesuffix("@wspolnie")
        return int(number) if number.isdigit() else None
    return None


def _store(feed: Feed, items: list[parse.Item]) -> tuple[int, int]:
    """Replace the feed's events by `items` (minus duplicates); (kept, duplicates)."""
    keyed = [(item, uid_hash(item.uid), match_key(item.title, item.starts_at, item.location))
             for item in items]
    earlier = ImportedEvent.objects.filter(feed__pk__lt=feed.pk, feed__enabled=True)
    taken_uids = set(earlier.filter(uid_hash__in=[key for _i, key, _m in keyed])
                     .values_list("uid_hash", flat=True))
    taken_matches = set(earlier.filter(match_key__in=[match for _i, _k, match in keyed])
                        .values_list("match_key", flat=True))
    hub = _hub_duplicates(items)
    topics = _topic_lookup()
    existing = {event.uid_hash: event for event in feed.events.all()}
    kept: dict[str, ImportedEvent] = {}
    wanted_topics: dict[str, set[int]] = {}
    duplicates = 0
    for item, key, match in keyed:
        if key in taken_uids or match in taken_matches or item.uid in hub:
            duplicates += 1
            continue
        values = {
            "uid": item.uid, "title": item.title, "starts_at": item.starts_at,
            "ends_at": item.ends_at, "all_day": item.all_day, "location": item.location,
            "url": item.url if item.url.startswith(("http://", "https://")) else "",
            "description": _description(item, feed.kind), "languages": item.languages,
            "match_key": match,
        }
        event = existing.get(key)
        if event is None:
            event = ImportedEvent(feed=feed, uid_hash=key, **values)
            event.save()
        elif any(getattr(event, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(event, name, value)
            event.save()
        kept[key] = event
        wanted_topics[key] = {topics[name] for name in (
            " ".join(category.casefold().split()) for category in item.categories)
            if name in topics}
    feed.events.exclude(uid_hash__in=list(kept)).delete()
    through = ImportedEvent.topics.through
    current: dict[int, set[int]] = {}
    for event_id, topic_id in through.objects.filter(
            importedevent__feed=feed).values_list("importedevent_id", "topic_id"):
        current.setdefault(event_id, set()).add(topic_id)
    for key, event in kept.items():
        if current.get(event.pk, set()) != wanted_topics[key]:
            event.topics.set(wanted_topics[key])
    return len(kept), duplicates


def _fail(feed: Feed, reason: str, detail: str, now: dt.datetime) -> None:
    feed.last_status = Feed.Status.FAILED
    feed.last_error, feed.last_error_detail = reason, detail[:300]
    new_failure = feed.reported_error != reason
    feed.reported_error = reason
    feed.save()
    if new_failure:
        _report_failure(feed)


def _report_failure(feed: Feed) -> None:
    """Tell the organisation's admins, each in their language, that its feed cannot be read."""
    recipients = feed.organisation.memberships.filter(
        role=Membership.Role.ADMIN, user__is_active=True
    ).values_list("user__email", "user__preferred_language")
    link = settings.SITE_URL + reverse("calendars:feeds", args=[feed.organisation.slug])
    for email, language in recipients:
        queue_templated_mail("calendars/mail/feed_failed", to=email, language=language or None,
                             context={"feed": feed, "organisation": feed.organisation,
                                      "link": link})


def import_feed(feed_id: int, now: dt.datetime | None = None) -> Feed | None:
    """Import one feed now; returns it with its new status (None when it is gone)."""
    feed = Feed.objects.select_related("organisation").filter(pk=feed_id).first()
    if feed is None:
        return None
    now = now or timezone.now()
    feed.last_checked, feed.enqueued_at = now, None
    try:
        result = fetch.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if result.not_modified:
            feed.last_status = Feed.Status.NOT_MODIFIED
        else:
            parsed = parse.parse(feed.kind, result.body, now)
            with transaction.atomic():
                kept, duplicates = _store(feed, parsed.items)
            feed.imported_count, feed.duplicate_count = kept, duplicates
            feed.skipped_count = parsed.skipped
            feed.last_status = Feed.Status.OK
        feed.etag, feed.last_modified = result.etag[:300], result.last_modified[:100]
    except fetch.FetchError as error:
        _fail(feed, error.reason, error.detail, now)
        return feed
    except parse.ParseError as error:
        _fail(feed, Feed.Reason.MALFORMED, str(error), now)
        return feed
    except Exception as error:  # never let one feed stop the others
        logger.exception("Importing calendar feed %s failed", feed_id)
        _fail(feed, Feed.Reason.MALFORMED, type(error).__name__, now)
        return feed
    feed.last_success = now
    feed.last_error = feed.last_error_detail = feed.reported_error = ""
    feed.save()
    return feed


def due_feeds(now: dt.datetime | None = None):
    """Enabled feeds not checked within CALENDAR_FEEDS_INTERVAL_MINUTES and not waiting for an
    import already."""
    from django.db.models import Q

    now = now or timezone.now()
    interval = dt.timedelta(minutes=settings.CALENDAR_FEEDS_INTERVAL_MINUTES)
    return Feed.objects.filter(enabled=True).filter(
        Q(last_checked__isnull=True) | Q(last_checked__lt=now - interval)
    ).filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - LOST_AFTER))
