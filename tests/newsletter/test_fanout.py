"""The fan-out against a real SMTP server on loopback: what arrives, in which language, with
which headers; one connection per batch; throttling; temporary and permanent SMTP errors; a
server that is down loses nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from tests.base import make_user
from tests.smtp import MailCatcher, SmtpServer, body_text, free_port
from wspolnie.newsletter import fanout, issues
from wspolnie.newsletter.models import Delivery, Issue, Subscriber

from .factories import make_subscriber
from .issue_factories import make_announcement


class PickyCatcher(MailCatcher):
    """Accepts mail, but answers RCPT for chosen addresses with a chosen reply, and remembers
    which SMTP session (connection) every message came through."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: dict[str, list[str]] = {}
        self.sessions: list[int] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        queue = self.replies.get(address)
        if queue:
            return queue.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.sessions.append(id(session))
        return await super().handle_DATA(server, session, envelope)


class PickySmtpServer(SmtpServer):
    def __init__(self) -> None:
        self.catcher = PickyCatcher()
        self.port = free_port()
        self.controller = Controller(self.catcher, hostname="127.0.0.1", port=self.port)


@pytest.fixture
def picky_smtp(settings):
    server = PickySmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.NEWSLETTER_RATE_PER_SECOND = 0
    yield server
    server.stop()


@pytest.fixture
def staff(db):
    return make_user("sender@example.org", "Sender Staff", is_staff=True)


def start(staff, *announcements, subject=None, intro=None) -> Issue:
    issue = issues.do_create_issue(
        staff, announcements or [make_announcement(
            "Dzień otwarty", "Zapraszamy do [biblioteki](https://example.org/b).",
            translations={"uk": ("День відкритих дверей", "Запрошуємо до бібліотеки.")},
        )],
        subject=subject or {"pl": "Wieści z Wrocławia"},
        intro=intro or {"pl": "Dzień dobry!", "uk": "Добрий день!"},
    )
    # Deliveries queued; the batches are run by the test itself (no task chain).
    issues.start_sending(issue, staff, enqueue=False)
    issue.refresh_from_db()
    return issue


def test_mails_arrive_in_each_language_with_list_headers(staff, picky_smtp):
    make_subscriber("olena@example.org", ["uk"])
    polish = make_subscriber("jan@example.org", ["pl"])
    issue = start(staff)

    fanout.send_all_here(issue.pk)

    messages = {m["To"]: m for m in picky_smtp.wait_for(2)}
    assert set(messages) == {"olena@example.org", "jan@example.org"}
    uk = messages["olena@example.org"]
    pl = messages["jan@example.org"]
    # No uk subject was written: generated, in Ukrainian, from the uk title.
    assert "День відкритих дверей" in uk["Subject"]
    assert pl["Subject"] == "Wieści z Wrocławia"
    assert "Добрий день!" in body_text(uk)
    assert "Запрошуємо до бібліотеки." in body_text(uk)
    assert "biblioteki (https://example.org/b)" in body_text(pl)
    html = pl.get_body(preferencelist=("html",)).get_content()
    assert '<a href="https://example.org/b" rel="noopener noreferrer">biblioteki</a>' in html
    assert 'lang="pl"' in html
    # RFC 8058 one-click unsubscribe, and the preferences + unsubscribe links in the footer.
    assert pl["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = reverse("newsletter:one_click_unsubscribe", kwargs={"token": polish.token})
    assert pl["List-Unsubscribe"].strip() == f"<http://127.0.0.1:8000{one_click}>"
    assert pl["List-Id"].endswith("<newsletter.127.0.0.1>")
    assert polish.token in body_text(pl)
    delivery = Delivery.objects.get(email="jan@example.org")
    assert pl["Message-ID"] == delivery.message_id
    assert delivery.status == Delivery.Status.SENT and delivery.sent_at is not None
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.finished_at is not None


def test_a_batch_uses_one_smtp_connection(staff, picky_smtp, settings):
    settings.NEWSLETTER_BATCH_SIZE = 50
    for number in range(12):
        make_subscriber(f"r{number:02}@example.org", ["pl"])
    issue = start(staff)

    outcome = fanout.run_batch(issue.pk, via_tasks=False)

    assert outcome.sent == 12
    assert len(picky_smtp.wait_for(12)) == 12
    assert len(set(picky_smtp.catcher.sessions)) == 1


def test_batches_follow_the_batch_size(staff, picky_smtp, settings):
    settings.NEWSLETTER_BATCH_SIZE = 5
    for number in range(12):
        make_subscriber(f"r{number:02}@example.org", ["pl"])
    issue = start(staff)

    first = fanout.run_batch(issue.pk, via_tasks=False)
    assert (first.claimed, first.sent, first.more_now) == (5, 5, True)
    fanout.send_all_here(issue.pk)
    assert len(picky_smtp.wait_for(12)) == 12
    # One connection per batch: 5 + 5 + 2.
    assert len(set(picky_smtp.catcher.sessions)) == 3


def test_throttle_waits_between_messages(staff, picky_smtp, settings):
    settings.NEWSLETTER_RATE_PER_SECOND = 5
    for number in range(10):
        make_subscriber(f"r{number:02}@example.org", ["pl"])
    issue = start(staff)
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    throttle = fanout.Throttle(settings.NEWSLETTER_RATE_PER_SECOND, clock=lambda: now[0],
                               sleep=sleep)
    fanout.run_batch(issue.pk, via_tasks=False, throttle=throttle)

    # 10 messages at 5 per second: the first at once, then nine waits of 1/5 s.
    assert waits == [0.2] * 9
    assert len(picky_smtp.wait_for(10)) == 10


def test_no_throttle_when_the_rate_is_zero():
    waits: list[float] = []
    throttle = fanout.Throttle(0, clock=lambda: 0.0, sleep=waits.append)
    for _ in range(100):
        throttle.wait()
    assert waits == []


def test_batch_size_is_capped_to_finish_within_half_a_lease(settings):
    settings.NEWSLETTER_BATCH_SIZE = 500
    settings.NEWSLETTER_RATE_PER_SECOND = 10
    settings.NEWSLETTER_LEASE_SECONDS = 120
    assert fanout.batch_size() == 500  # 10 per second × 60 s is more than a batch
    settings.NEWSLETTER_LEASE_SECONDS = 2
    assert fanout.batch_size() == 10
    settings.NEWSLETTER_RATE_PER_SECOND = 0
    assert fanout.batch_size() == 500


def test_temporary_failure_is_retried_with_backoff_then_sent(staff, picky_smtp, settings):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60
    make_subscriber("busy@example.org", ["pl"])
    make_subscriber("fine@example.org", ["pl"])
    picky_smtp.catcher.replies["busy@example.org"] = [
        "450 4.2.1 Mailbox busy, try later", "451 4.3.0 Still busy"]
    issue = start(staff)

    before = timezone.now()
    outcome = fanout.run_batch(issue.pk, via_tasks=False)
    assert (outcome.sent, outcome.retried) == (1, 1)
    busy = Delivery.objects.get(email="busy@example.org")
    assert busy.status == Delivery.Status.QUEUED
    assert busy.attempts == 1
    assert "450" in busy.error and "Mailbox busy" in busy.error
    assert before + dt.timedelta(seconds=59) < busy.next_attempt_at
    assert busy.next_attempt_at < timezone.now() + dt.timedelta(seconds=61)
    # Not due yet: nothing to claim, and the issue waits for the retry.
    waiting = fanout.run_batch(issue.pk, via_tasks=False)
    assert waiting.claimed == 0 and not waiting.finished
    assert abs((waiting.next_at - busy.next_attempt_at).total_seconds()) < 1

    # Time passes (the retry is due): the second attempt fails again, the delay doubles.
    Delivery.objects.filter(pk=busy.pk).update(next_attempt_at=timezone.now())
    fanout.run_batch(issue.pk, via_tasks=False)
    busy.refresh_from_db()
    assert busy.attempts == 2 and "451" in busy.error
    assert busy.next_attempt_at > timezone.now() + dt.timedelta(seconds=119)

    Delivery.objects.filter(pk=busy.pk).update(next_attempt_at=timezone.now())
    fanout.run_batch(issue.pk, via_tasks=False)
    busy.refresh_from_db()
    assert busy.status == Delivery.Status.SENT and busy.attempts == 3 and busy.error == ""
    assert [m["To"] for m in picky_smtp.wait_for(2)] == ["fine@example.org", "busy@example.org"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_permanent_failure_is_recorded_with_the_reason(staff, picky_smtp):
    make_subscriber("nobody@example.org", ["pl"])
    make_subscriber("fine@example.org", ["pl"])
    picky_smtp.catcher.replies["nobody@example.org"] = ["550 5.1.1 No such user here"]
    issue = start(staff)

    fanout.send_all_here(issue.pk)

    failed = Delivery.objects.get(email="nobody@example.org")
    assert failed.status == Delivery.Status.FAILED
    assert failed.error == "550 5.1.1 No such user here"
    assert [m["To"] for m in picky_smtp.wait_for(1)] == ["fine@example.org"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issues.progress(issue)["failed"] == 1


def test_too_many_temporary_failures_give_up(staff, picky_smtp, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 0
    make_subscriber("busy@example.org", ["pl"])
    picky_smtp.catcher.replies["busy@example.org"] = ["450 busy"] * 5
    issue = start(staff)

    fanout.send_all_here(issue.pk)

    busy = Delivery.objects.get()
    assert busy.status == Delivery.Status.FAILED and busy.attempts == 2
    assert "450 busy" in busy.error


def test_a_server_that_is_down_loses_nothing(staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.NEWSLETTER_RATE_PER_SECOND = 0
    for number in range(4):
        make_subscriber(f"r{number}@example.org", ["pl"])
    issue = start(staff)

    outcome = fanout.run_batch(issue.pk, via_tasks=False)

    assert outcome.sent == 0
    deliveries = list(Delivery.objects.all())
    assert {d.status for d in deliveries} == {Delivery.Status.QUEUED}
    assert all("refused" in d.error.lower() for d in deliveries), [d.error for d in deliveries]
    assert all(d.next_attempt_at > timezone.now() for d in deliveries)

    # The server comes up; when the retry is due, everything goes.
    server = SmtpServer().start()
    try:
        settings.EMAIL_PORT = server.port
        Delivery.objects.update(next_attempt_at=timezone.now())
        fanout.send_all_here(issue.pk)
        assert sorted(m["To"] for m in server.wait_for(4)) == [
            f"r{number}@example.org" for number in range(4)]
    finally:
        server.stop()
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_unsubscribed_since_queued_is_skipped(staff, picky_smtp):
    leaving = make_subscriber("leaving@example.org", ["pl"])
    make_subscriber("staying@example.org", ["pl"])
    issue = start(staff)
    leaving.status = Subscriber.Status.UNSUBSCRIBED
    leaving.save()

    fanout.send_all_here(issue.pk)

    assert [m["To"] for m in picky_smtp.wait_for(1)] == ["staying@example.org"]
    assert Delivery.objects.get(email="leaving@example.org").status == Delivery.Status.SKIPPED


def test_resending_a_claimed_mail_after_a_crash_keeps_its_message_id(staff, picky_smtp, settings):
    """A worker died after SMTP accepted the mail but before "sent" was committed: once its
    claim has expired the mail goes again, with the same Message-ID."""
    settings.NEWSLETTER_LEASE_SECONDS = 60
    make_subscriber("r@example.org", ["pl"])
    issue = start(staff)
    fanout.run_batch(issue.pk, via_tasks=False)
    delivery = Delivery.objects.get()
    # Rewind to the moment before "sent" was recorded, by a worker that has since died.
    Delivery.objects.update(status=Delivery.Status.SENDING, claim_token="dead",
                            claimed_at=timezone.now() - dt.timedelta(seconds=30))
    Issue.objects.update(status=Issue.Status.SENDING)
    assert fanout.run_batch(issue.pk, via_tasks=False).claimed == 0  # the lease still holds

    Delivery.objects.update(claimed_at=timezone.now() - dt.timedelta(seconds=61))
    assert fanout.run_batch(issue.pk, via_tasks=False).sent == 1

    first, second = picky_smtp.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"] == delivery.message_id


@pytest.mark.django_db
def test_starting_an_issue_sends_it_through_the_task_queue(
    staff, picky_smtp, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for number in range(5):
        make_subscriber(f"r{number}@example.org", ["pl"])
    issue = issues.do_create_issue(staff, [make_announcement()])

    with django_capture_on_commit_callbacks(execute=True):
        assert issues.do_start_sending(staff, issue) == 5

    assert len(picky_smtp.wait_for(5)) == 5
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_every_claim_leaves_a_waiting_watchdog_and_old_watchdogs_stand_down(
    staff, picky_smtp, settings
):
    """The invariant of the crash-safe fan-out, step by step with the database task backend
    (tests/newsletter/test_crash_safety.py kills a real worker to prove it end to end)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_LEASE_SECONDS = 60
    for number in range(3):
        make_subscriber(f"r{number}@example.org", ["pl"])
    issue = issues.do_create_issue(staff, [make_announcement()])
    issues.do_start_sending(staff, issue)
    first = DBTaskResult.objects.get()  # queued with the deliveries, in their transaction

    def waiting():
        """(the next batch, the watchdog)"""
        return sorted(DBTaskResult.objects.filter(status="READY").exclude(pk=first.pk),
                      key=lambda task: task.args_kwargs["kwargs"]["watchdog"])

    outcome = fanout.run_batch(issue.pk, task_id=str(first.pk))
    assert outcome.sent == 2
    next_batch, watchdog = waiting()
    issue.refresh_from_db()
    assert issue.watchdog_task_id == str(watchdog.pk)
    assert watchdog.args_kwargs["kwargs"] == {"watchdog": True}
    lease_left = (watchdog.run_after - timezone.now()).total_seconds()
    assert 55 < lease_left <= 60
    assert next_batch.args_kwargs["kwargs"] == {"watchdog": False}

    # The next batch claims the last delivery and leaves a newer watchdog.
    fanout.run_batch(issue.pk, task_id=str(next_batch.pk))
    issue.refresh_from_db()
    newer = DBTaskResult.objects.get(pk=issue.watchdog_task_id)
    assert newer.pk != watchdog.pk and newer.status == "READY"
    assert issue.status == Issue.Status.SENT

    # The first watchdog wakes up: a newer one is waiting, so it does nothing.
    before = DBTaskResult.objects.count()
    assert fanout.run_batch(issue.pk, task_id=str(watchdog.pk), watchdog=True).claimed == 0
    assert DBTaskResult.objects.count() == before
    assert len(picky_smtp.wait_for(3)) == 3


def test_the_one_click_unsubscribe_header_of_a_received_mail_works(staff, picky_smtp, client):
    """What a mail client does with the List-Unsubscribe header (RFC 8058): POST to it."""
    from urllib.parse import urlsplit

    make_subscriber("olena@example.org", ["uk"])
    issue = start(staff)
    fanout.send_all_here(issue.pk)
    (message,) = picky_smtp.wait_for(1)

    url = urlsplit(message["List-Unsubscribe"].strip().strip("<>"))
    response = client.post(url.path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_the_next_batch_is_queued_at_the_claim_so_a_second_worker_sends_meanwhile(
    staff, picky_smtp, settings
):
    """With a real task backend a batch that leaves work enqueues the next batch when it
    claims: here that batch runs (as a second worker would) while the first is still sending.
    Their claims are disjoint; everybody gets one mail."""
    from django.core.mail.backends.smtp import EmailBackend
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 2
    for number in range(5):
        make_subscriber(f"r{number}@example.org", ["pl"])
    issue = issues.do_create_issue(staff, [make_announcement()])
    issues.do_start_sending(staff, issue)
    first = DBTaskResult.objects.get()
    meanwhile = []

    class SecondWorker(EmailBackend):
        """The first batch's SMTP connection; when it opens, before the first mail, the other
        worker runs the batch that is waiting."""

        def open(self):
            if not meanwhile:
                waiting = DBTaskResult.objects.filter(
                    status="READY", args_kwargs__kwargs__watchdog=False).exclude(pk=first.pk)
                task = waiting.get()
                meanwhile.append(fanout.run_batch(issue.pk, task_id=str(task.pk)))
            return super().open()

    outcome = fanout.run_batch(issue.pk, task_id=str(first.pk),
                               mail_connection=SecondWorker(fail_silently=False))
    assert (outcome.claimed, outcome.sent) == (2, 2)
    assert (meanwhile[0].claimed, meanwhile[0].sent) == (2, 2)
    # The last one by whichever batch comes next.
    while fanout.run_batch(issue.pk, via_tasks=False).more_now:
        pass
    received = [m["To"] for m in picky_smtp.wait_for(5)]
    assert sorted(received) == [f"r{number}@example.org" for number in range(5)]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
