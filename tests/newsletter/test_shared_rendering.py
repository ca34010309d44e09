"""A batch renders what its mails share once (per mail language and announcement versions) and
builds each mail's MIME itself: every mail must still be the subscriber's own — their links,
language and topics, nobody else's address or token — and the same bytes Django would have made
of it, mail by mail. Sent through the real SMTP sink: one session for the batch."""

from __future__ import annotations

import re

import pytest

from tests.base import make_user
from tests.smtp import body_text
from wspolnie.newsletter import fanout, issues
from wspolnie.newsletter.mail import (
    MailBuilder,
    PrebuiltMail,
    _django_message,
    links_for,
    render_issue,
)
from wspolnie.newsletter.models import Delivery, Subscriber

from .factories import make_subscriber
from .issue_factories import make_announcement, make_topic

pytestmark = pytest.mark.django_db

BOUNDARY = re.compile(rb"===============\d+==")
DATE = re.compile(rb"^Date: .*$", re.MULTILINE)


def per_mail(delivery: Delivery, announcements) -> bytes:
    """The mail as it was built before batches shared anything: rendered for this subscriber
    alone, MIME by Django."""
    subscriber = delivery.subscriber
    entries = issues.entries_for(announcements, subscriber.languages,
                                 {t.pk for t in subscriber.topics.all()})
    links = links_for(subscriber)
    rendered = render_issue(delivery.issue, delivery.language, entries, links)
    return _django_message(delivery, rendered, links).message().as_bytes(linesep="\r\n")


def normalised(data: bytes) -> bytes:
    return DATE.sub(b"Date: -", BOUNDARY.sub(b"BOUNDARY", data))


@pytest.fixture
def sent_issue():
    staff = make_user("sender@example.org", "Sender Staff", is_staff=True)
    housing, schools = make_topic("housing"), make_topic("schools")
    first = make_announcement(
        "Mieszkania", "Porady **mieszkaniowe** w [ratuszu](https://example.org/r?a=1&b=2).",
        translations={"uk": ("Житло", "Поради щодо житла."), "en": ("Housing", "Advice.")},
        topics=[housing])
    second = make_announcement(
        "Szkoły", "Zapisy do szkół. " + "Długi akapit bez końca. " * 60,  # > 998 bytes a line
        translations={"uk": ("Школи", "Запис до шкіл.")}, topics=[schools])
    third = make_announcement("Dla wszystkich", "Bez tematu.")
    people = {
        "pl-all@example.org": (["pl"], []),
        "pl-housing@example.org": (["pl"], [housing]),
        "uk-housing@example.org": (["uk"], [housing]),
        "uk-pl-schools@example.org": (["uk", "pl"], [schools]),
        "en-all@example.org": (["en"], []),
        "en-housing@example.org": (["en"], [housing]),
        "pl-housing-2@example.org": (["pl"], [housing]),
    }
    for address, (languages, topics) in people.items():
        make_subscriber(address, languages, topics)
    issue = issues.do_create_issue(staff, [first, second, third],
                                   subject={"pl": "Wieści z Wrocławia"},
                                   intro={"pl": "Dzień dobry!", "uk": "Добрий день!"})
    issues.start_sending(issue, staff, enqueue=False)
    issue.refresh_from_db()
    return issue


def test_each_mail_is_the_bytes_django_would_make_for_that_subscriber(sent_issue):
    announcements = issues.issue_announcements(sent_issue)
    builder = MailBuilder(sent_issue, announcements)
    deliveries = list(sent_issue.deliveries.select_related("subscriber", "issue")
                      .order_by("email"))
    prebuilt = 0
    for delivery in deliveries:
        message = builder.build(delivery)
        data = message.message().as_bytes(linesep="\r\n")
        assert normalised(data) == normalised(per_mail(delivery, announcements)), delivery.email
        prebuilt += isinstance(message, PrebuiltMail)
    # Shared: fewer renderings than mails. The Polish mails with the schools announcement have
    # a line too long for 8bit: those are left to Django (quoted-printable), the rest not.
    assert len(builder.variants) < len(deliveries)
    assert 0 < prebuilt < len(deliveries)


def test_a_batch_sends_each_subscriber_their_own_mail_over_one_session(sent_issue, smtp_server,
                                                                      settings):
    settings.NEWSLETTER_RATE_PER_SECOND = 0
    outcome = fanout.run_batch(sent_issue.pk, via_tasks=False)
    deliveries = {d.email: d for d in sent_issue.deliveries.select_related("subscriber")}
    assert outcome.sent == len(deliveries) == 7

    received = smtp_server.wait_for(7)
    assert len(received) == 7
    tokens = {email: d.subscriber.token for email, d in deliveries.items()}
    for message in received:
        to = message["To"]
        whole = message.as_string()
        text = body_text(message)
        html = message.get_body(preferencelist=("html",)).get_content()
        own = tokens[to]
        assert own in text and own in html and own in message["List-Unsubscribe"]
        assert message["Message-ID"] == deliveries[to].message_id
        # Nobody else's address or token anywhere in the mail.
        for other, token in tokens.items():
            if other != to:
                assert token not in whole and other not in whole, (to, other)
        language = deliveries[to].language
        assert message["Content-Language"] == language
        assert f'lang="{language}"' in html
        if to.startswith("uk-"):
            assert "Добрий день!" in text
        if to.startswith("pl-"):
            assert "Dzień dobry!" in text
        # Topics: the housing people get no schools announcement, and the reverse.
        if "housing" in to:
            assert ("Mieszkania" in text or "Житло" in text or "Housing" in text)
            assert "Szkoły" not in text and "Школи" not in text
        if "schools" in to:
            assert "Школи" in text and "Житло" not in text
        assert ("Dla wszystkich" in text)
    # The HTML escapes what the text does not.
    pl = next(m for m in received if m["To"] == "pl-housing@example.org")
    assert "?a=1&amp;b=2" in pl.get_body(preferencelist=("html",)).get_content()
    assert "?a=1&b=2" in body_text(pl)
    assert len({id(r) for r in smtp_server.catcher.received}) == 7


def test_a_batch_costs_the_same_queries_for_6_or_12_mails(smtp_server, settings, monkeypatch):
    """Sent deliveries are recorded together (here, with no throttle and a long recording
    interval, in one UPDATE for the batch), not one UPDATE and commit per mail."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.NEWSLETTER_RATE_PER_SECOND = 0
    monkeypatch.setattr(fanout, "RECORD_EVERY_SECONDS", 3600)
    staff = make_user("sender@example.org", "Sender Staff", is_staff=True)
    counts = []
    for size in (6, 12):
        for number in range(size):
            make_subscriber(f"s{size}-{number}@example.org", ["uk"] if number % 2 else ["pl"])
        issue = issues.do_create_issue(staff, [make_announcement()])
        issues.start_sending(issue, staff, enqueue=False)
        with CaptureQueriesContext(connection) as queries:
            assert fanout.run_batch(issue.pk, via_tasks=False).sent == size
        counts.append(len(queries))
        Delivery.objects.filter(issue=issue).update(status=Delivery.Status.SENT)
        Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    assert counts[0] == counts[1], counts
    assert len(smtp_server.wait_for(18)) == 18
