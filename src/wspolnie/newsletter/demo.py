"""Demo newsletter subscribers: confirmed, in various languages and with various topics, all at
example.org (reserved for examples: nothing ever reaches a real person). Idempotent: keyed on
the address; topics the directory demo did not create are skipped.

Plus one issue already sent, so that staff see a real history: composed and sent by the demo
staff account through the same services as a real issue (a delivery record per subscriber,
one bounce), but the mail goes to a backend that discards it — loading the demo sends nothing.
Idempotent: keyed on the Polish subject."""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.utils import timezone

from wspolnie.directory.models import Topic

from . import issues
from .fanout import Throttle, run_batch
from .models import ConsentRecord, Delivery, Issue, Subscriber

#: The demo staff account (wspolnie.core.demo.DEMO_ACCOUNTS) composes and sends the issue.
STAFF_EMAIL = "staff@demo.wspolnie.example"

DEMO_ISSUE = {
    "subject": {
        "pl": "Wspólnie: nowości z sieci",
        "en": "Wspólnie: news from the network",
        "uk": "Wspólnie: новини мережі",
    },
    "intro": {
        "pl": "Co słychać w sieci organizacji i społeczności Wrocławia: najbliższe spotkanie, "
              "szukani partnerzy i wiadomości.",
        "en": "What is new in the network of Wrocław's organisations and communities: the next "
              "meeting, partners wanted and news.",
        "uk": "Що нового в мережі організацій і спільнот Вроцлава: найближча зустріч, пошук "
              "партнерів і новини.",
    },
}
#: A mailbox that no longer exists: the history shows how a bounce looks.
BOUNCED_EMAIL = "student.office@example.org"

DEMO_SUBSCRIBERS = [
    ("anna.nowak@example.org", ["pl"], []),
    ("olena.k@example.org", ["uk", "pl"], ["legal-aid", "work", "children-youth"]),
    ("nino.g@example.org", ["en", "pl"], ["education", "language-learning"]),
    ("mariia.s@example.org", ["uk"], ["housing", "health"]),
    ("community.leader@example.org", ["pl", "en", "uk"], ["culture", "volunteering"]),
    ("student.office@example.org", ["en"], ["education", "culture"]),
]


def load(stdout: TextIO | None = None) -> None:
    now = timezone.now()
    for email, languages, topic_slugs in DEMO_SUBSCRIBERS:
        subscriber, created = Subscriber.objects.update_or_create(
            email=email,
            defaults={
                "languages": languages,
                "status": Subscriber.Status.CONFIRMED,
                "confirmed_at": now,
                "confirmation_sent_at": now,
                "unsubscribed_at": None,
            },
        )
        subscriber.topics.set(Topic.objects.filter(slug__in=topic_slugs))
        if created:
            # A demo subscriber has a consent log like a real one.
            for action in (ConsentRecord.Action.SIGN_UP, ConsentRecord.Action.CONFIRM):
                ConsentRecord.objects.create(
                    subscriber=subscriber, email=email, action=action, source="demo data",
                    language=languages[0],
                    details={"languages": languages, "topics": sorted(topic_slugs)},
                )
    issue = load_sent_issue()
    if stdout is not None:
        sent = f", issue #{issue.pk} sent" if issue is not None else ""
        stdout.write(f"Newsletter: {len(DEMO_SUBSCRIBERS)} demo subscribers{sent}.\n")


def load_sent_issue() -> Issue | None:
    """The demo's sent issue (created on the first load; None without the demo staff account
    or published announcements, e.g. when only this app's demo is loaded)."""
    existing = Issue.objects.filter(subject__pl=DEMO_ISSUE["subject"]["pl"]).first()
    if existing is not None:
        return existing
    staff = get_user_model().objects.filter(email=STAFF_EMAIL, is_staff=True).first()
    announcements = list(issues.eligible_announcements().order_by("-publish_at", "pk")[:3])
    if staff is None or not announcements:
        return None
    issue = issues.do_create_issue(staff, announcements, **DEMO_ISSUE)
    issues.start_sending(issue, staff, via="demo data", enqueue=False)
    # The real fan-out renders every mail and records each delivery; the dummy backend
    # discards the mail instead of sending it.
    discard = get_connection("django.core.mail.backends.dummy.EmailBackend")
    for _batch in range(1000):  # bounded: a demo load must end whatever happens
        if run_batch(
            issue.pk, via_tasks=False, mail_connection=discard, throttle=Throttle(0)
        ).finished:
            break
    bounced = issue.deliveries.filter(email=BOUNCED_EMAIL, status=Delivery.Status.SENT).first()
    if bounced is not None:
        issues.do_record_bounce(staff, bounced, "550 5.1.1 <student.office@example.org>: "
                                "mailbox unavailable (demo)")
    issue.refresh_from_db()
    return issue
