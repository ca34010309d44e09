"""Newsletter issues (staff only: the newsletter is the hub's): compose, pick each subscriber's
announcements and language, start the fan-out, record bounces.

Who gets what
-------------
- Only confirmed subscribers, and only those who get at least one announcement.
- Topics: a subscriber without topics gets every announcement; an announcement without topics
  goes to everybody; otherwise they must share a topic.
- Language of each announcement: the first approved version in the subscriber's languages (in
  their order), then settings.NEWSLETTER_LANGUAGE_FALLBACK, then the source text. The mail's
  own language (UI strings, subject) is the subscriber's first language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.announcements.models import Announcement, AnnouncementTranslation, Version
from wspolnie.core.audit import record, register_action
from wspolnie.directory.models import too_long_in_language

from .models import Delivery, Issue, IssueItem, Subscriber

register_action("newsletter.issue_created", gettext_lazy("Newsletter issue created"))
register_action("newsletter.issue_updated", gettext_lazy("Newsletter issue changed"))
register_action("newsletter.issue_sending", gettext_lazy("Newsletter issue sending started"))
register_action("newsletter.delivery_bounced", gettext_lazy("Newsletter bounce recorded"))


def can_manage_newsletter(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _require_staff(user) -> None:
    if not can_manage_newsletter(user):
        raise PermissionDenied


def eligible_announcements():
    """What an issue may bundle: published announcements (their source text is approved by
    publishing; translations count only once approved)."""
    return Announcement.objects.published().prefetch_related("topics", "translations")


#: Characters per language of an issue's subject and introduction (the form and the API).
SUBJECT_MAX = 200
INTRO_MAX = 2000


def _clean_texts(value: dict | None, field: str, limit: int) -> dict[str, str]:
    texts = {
        code: text.strip()
        for code, text in (value or {}).items()
        if isinstance(text, str) and text.strip()
    }
    # Refused, not cut: a subject is sent as written or not at all.
    for code, text in texts.items():
        if len(text) > limit:
            raise ValidationError({field: [too_long_in_language(code, limit, len(text))]})
    return texts


def _checked_announcements(announcements: Iterable[Announcement]) -> list[Announcement]:
    chosen = list(announcements)
    if not chosen:
        raise ValidationError(_("Choose at least one announcement."))
    allowed = set(eligible_announcements().filter(pk__in=[a.pk for a in chosen])
                  .values_list("pk", flat=True))
    refused = [a for a in chosen if a.pk not in allowed]
    if refused:
        raise ValidationError(
            _("Only published announcements can go into a newsletter: %(titles)s")
            % {"titles": ", ".join(a.title for a in refused)}
        )
    return chosen


def _set_items(issue: Issue, announcements: Sequence[Announcement]) -> None:
    issue.items.all().delete()
    IssueItem.objects.bulk_create(
        IssueItem(issue=issue, announcement=announcement, position=position)
        for position, announcement in enumerate(announcements)
    )


def do_create_issue(
    actor, announcements: Iterable[Announcement], subject: dict | None = None,
    intro: dict | None = None,
) -> Issue:
    _require_staff(actor)
    chosen = _checked_announcements(announcements)
    with transaction.atomic():
        issue = Issue.objects.create(
            subject=_clean_texts(subject, "subject", SUBJECT_MAX),
            intro=_clean_texts(intro, "intro", INTRO_MAX), created_by=actor,
        )
        _set_items(issue, chosen)
        record(actor, "newsletter.issue_created", issue,
               {"announcements": [a.pk for a in chosen]})
    return issue


def do_update_issue(
    actor, issue: Issue, announcements: Iterable[Announcement] | None = None,
    subject: dict | None = None, intro: dict | None = None,
) -> Issue:
    _require_staff(actor)
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("This issue is already being sent and can no longer change."))
    changes: dict = {}
    with transaction.atomic():
        if announcements is not None:
            chosen = _checked_announcements(announcements)
            _set_items(issue, chosen)
            changes["announcements"] = [a.pk for a in chosen]
        if subject is not None:
            issue.subject = changes["subject"] = _clean_texts(subject, "subject", SUBJECT_MAX)
        if intro is not None:
            issue.intro = changes["intro"] = _clean_texts(intro, "intro", INTRO_MAX)
        issue.save()
        record(actor, "newsletter.issue_updated", issue, changes)
    return issue


# Who gets what --------------------------------------------------------------------------


def issue_announcements(issue: Issue) -> list[Announcement]:
    """The issue's announcements in order, with what picking needs prefetched. An announcement
    withdrawn since it was added is left out of mail that has not gone yet."""
    items = (
        issue.items.select_related("announcement", "announcement__organisation")
        .prefetch_related(
            "announcement__topics",
            Prefetch(
                "announcement__translations",
                queryset=AnnouncementTranslation.objects.filter(
                    status=AnnouncementTranslation.Status.APPROVED
                ),
            ),
        )
    )
    return [item.announcement for item in items if item.announcement.is_public]


def pick_version(announcement: Announcement, languages: Sequence[str]) -> Version:
    for code in [*languages, *settings.NEWSLETTER_LANGUAGE_FALLBACK]:
        version = announcement.version(code)
        if version is not None:
            return version
    return announcement.version(announcement.source_language)


def mail_language(languages: Sequence[str]) -> str:
    """The language of the mail itself: the subscriber's first one, if the site speaks it."""
    spoken = {code for code, _name in settings.LANGUAGES}
    for code in languages:
        if code in spoken:
            return code
    return settings.LANGUAGE_CODE


def wants(announcement: Announcement, topic_ids: set[int]) -> bool:
    if not topic_ids:
        return True
    announcement_topics = {topic.pk for topic in announcement.topics.all()}
    return not announcement_topics or bool(announcement_topics & topic_ids)


@dataclass(frozen=True)
class Entry:
    announcement: Announcement
    version: Version


def entries_for(
    announcements: Sequence[Announcement], languages: Sequence[str], topic_ids: set[int]
) -> list[Entry]:
    return [
        Entry(announcement, pick_version(announcement, languages))
        for announcement in announcements
        if wants(announcement, topic_ids)
    ]


def recipients(issue: Issue) -> list[tuple[Subscriber, list[Entry]]]:
    """Every confirmed subscriber who gets at least one announcement, with what they get."""
    announcements = issue_announcements(issue)
    found = []
    subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).prefetch_related(
        "topics"
    )
    for subscriber in subscribers:
        entries = entries_for(
            announcements, subscriber.languages, {t.pk for t in subscriber.topics.all()}
        )
        if entries:
            found.append((subscriber, entries))
    return found


def recipient_counts(issue: Issue) -> dict[str, int]:
    """How many mails would go out per mail language, before sending."""
    counts = Counter(mail_language(s.languages) for s, _entries in recipients(issue))
    return dict(sorted(counts.items()))


def new_message_id() -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return make_msgid(idstring="newsletter", domain=host)


def do_start_sending(actor, issue: Issue) -> int:
    """Queue one delivery per recipient and start the fan-out. Returns how many were queued."""
    _require_staff(actor)
    return start_sending(issue, actor)


def start_sending(issue: Issue, actor=None, *, via: str = "web", enqueue: bool = True) -> int:
    """The unchecked part of do_start_sending, also used by `wspolnie send-newsletter` (whoever
    may run commands on the server may send; the audit log says it came from there)."""
    from .fanout import enqueue_batch

    with transaction.atomic():
        # Locked (and re-read) so that two clicks on "Send" cannot queue the issue twice.
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Issue.Status.DRAFT:
            raise ValidationError(_("This issue has already been sent."))
        found = recipients(issue)
        if not found:
            raise ValidationError(_("Nobody would receive this issue: no confirmed subscriber "
                                    "is interested in its announcements."))
        Delivery.objects.bulk_create(
            Delivery(
                issue=issue, subscriber=subscriber, email=subscriber.email,
                language=mail_language(subscriber.languages), message_id=new_message_id(),
            )
            for subscriber, _entries in found
        )
        issue.status = Issue.Status.SENDING
        issue.started_at = timezone.now()
        issue.save(update_fields=["status", "started_at"])
        record(actor, "newsletter.issue_sending", issue, {"deliveries": len(found), "via": via})
        # In this transaction (database task backend): the deliveries never exist without a
        # task that will send them. (enqueue=False: the caller sends them itself, --here.)
        if enqueue:
            enqueue_batch(issue.pk)
    return len(found)


def do_record_bounce(actor, delivery: Delivery, reason: str) -> Delivery:
    """A mail came back (reported by the mail server's bounce processing or by hand)."""
    _require_staff(actor)
    with transaction.atomic():
        delivery.status = Delivery.Status.BOUNCED
        delivery.error = reason.strip()[:2000]
        delivery.save(update_fields=["status", "error"])
        if delivery.subscriber_id:
            Subscriber.objects.filter(pk=delivery.subscriber_id).update(
                bounce_count=F("bounce_count") + 1
            )
        record(actor, "newsletter.delivery_bounced", delivery, {"reason": delivery.error})
    return delivery


def progress(issue: Issue) -> dict[str, int]:
    """Deliveries per status (every status present, zeros included), and the total."""
    counts = dict.fromkeys(Delivery.Status.values, 0)
    for row in issue.deliveries.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in Delivery.Status.values)
    return counts
