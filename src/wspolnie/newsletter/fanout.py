"""The newsletter fan-out: send an issue's queued deliveries in batches, crash-safe.

The invariant
-------------
While any delivery of an issue is unsent, at least one task that has NOT started yet exists
that will resume it. A worker killed at any instant therefore loses nothing:

1. A batch claims up to N due deliveries (queued and due, or "sending" under a claim older than
   NEWSLETTER_LEASE_SECONDS — a dead worker's) and, in the SAME transaction, enqueues a
   watchdog run of itself for when the claim expires, and records it on the issue
   (`Issue.watchdog_task_id`). With the database task backend the task row is written in that
   transaction; with Redis the watchdog is enqueued before the transaction commits (harmless
   if it never does). Either way there is no instant at which the claim exists without its
   watchdog.
2. It opens one SMTP connection for the batch and records "sent" for the accepted messages in
   groups: one UPDATE and commit at most RECORD_EVERY_SECONDS after the first of a group was
   accepted, and always before it waits for the throttle, after an error and at the end. A
   worker killed meanwhile leaves those deliveries "sending" under its claim, so the watchdog
   sends them again — with the same Message-ID, which mail clients collapse. That is at most
   a quarter of a second's worth of mails; throttled (the default rate) and with a server
   that keeps up, just the one message in flight, as the throttle's pauses are used to record.
   (The mails themselves are built by newsletter.mail.MailBuilder, which renders what a
   batch's mails share once.)
3. If more is claimable when it claims, it enqueues the next batch at once, in the same
   transaction, so that a second worker sends it meanwhile; at the end it enqueues the next
   batch if work is left and no successor of it is still waiting (the watchdog still covers
   the moment between this task ending and the next one claiming); otherwise it schedules a
   run for the next retry or marks the issue sent.

A watchdog that wakes up while a newer watchdog is still waiting knows that a later batch got
going (and is covered by that newer one), so it stops: normally every watchdog but the last is a
cheap no-op. Under the watchdogs, the worker's periodic `sweep` resumes any sending issue whose
work nobody has touched for a lease and a half. While sending, a batch renews its claim, and
the batch size is capped so a batch takes at most half a lease at the configured rate — a live
worker is not overtaken.

Errors: SMTP 4xx and lost connections are temporary (back to queued, retried after
base * 2^(attempts-1) seconds, capped at a day); 5xx are permanent (failed, with the reason);
after NEWSLETTER_MAX_ATTEMPTS attempts a delivery fails. A subscriber who unsubscribed after the
issue was queued is skipped, not mailed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .issues import issue_announcements
from .mail import MailBuilder, send_one
from .models import Delivery, Issue, Subscriber

MAX_BACKOFF_SECONDS = 24 * 3600

logger = logging.getLogger(__name__)


class Throttle:
    """At most `rate` messages per second (0: no limit). The clock and sleep are parameters
    so a test can count the waiting without waiting."""

    def __init__(
        self, rate: float, clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.clock = clock
        self.sleep = sleep
        self.next_slot = 0.0

    def would_wait(self) -> bool:
        """The next `wait()` would sleep."""
        return self.rate > 0 and self.next_slot > self.clock()

    def wait(self) -> None:
        if self.rate <= 0:
            return
        now = self.clock()
        if self.next_slot > now:
            self.sleep(self.next_slot - now)
            now = self.next_slot
        self.next_slot = now + 1.0 / self.rate


_throttles: dict[float, Throttle] = {}


def process_throttle() -> Throttle:
    """One throttle per process, so the rate also holds across consecutive batches."""
    rate = float(settings.NEWSLETTER_RATE_PER_SECOND)
    if rate not in _throttles:
        _throttles[rate] = Throttle(rate)
    return _throttles[rate]


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)


def batch_size() -> int:
    size = max(1, settings.NEWSLETTER_BATCH_SIZE)
    rate = settings.NEWSLETTER_RATE_PER_SECOND
    if rate > 0:
        # A batch must finish well within its lease, or a watchdog would take it over.
        size = min(size, max(1, int(rate * settings.NEWSLETTER_LEASE_SECONDS / 2)))
    return size


def backoff(attempts: int) -> dt.timedelta:
    seconds = settings.NEWSLETTER_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


def claimable(issue_id: int, now: dt.datetime):
    due = Q(status=Delivery.Status.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=Delivery.Status.SENDING, claimed_at__lt=now - lease())
    return Delivery.objects.filter(issue_id=issue_id).filter(due | abandoned)


def unsent(issue_id: int):
    return Delivery.objects.filter(
        issue_id=issue_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )


# Scheduling ---------------------------------------------------------------------------------


def _backend():
    from .tasks import send_issue_batch

    return send_issue_batch.get_backend()


def can_schedule() -> bool:
    """Watchdogs need a backend that runs tasks later (the database or Redis); the immediate
    backend (unit tests, TASKS_BACKEND=immediate) runs batches one after another instead."""
    return bool(_backend().supports_defer)


def enqueue_batch(issue_id: int, run_after: dt.datetime | None = None, watchdog: bool = False):
    """Enqueue a fan-out run. Returns the task id when known at once.

    With the database backend the task row is written inside the caller's transaction (atomic
    with the claim it covers). Other backends (Redis) cannot join the transaction: a watchdog
    is enqueued AT ONCE, before the claim commits — should the transaction never commit, the
    watchdog merely finds nothing to do, whereas enqueuing it on commit would leave an instant
    in which a committed claim has no watchdog. A plain batch must see what the transaction
    writes (the deliveries, the released claims), so it is enqueued on commit; losing that one
    is covered by the claim's watchdog or, before the first claim, by `sweep`."""
    from django_tasks_db.backend import DatabaseBackend

    from .tasks import send_issue_batch

    task = send_issue_batch
    if run_after is not None:
        task = task.using(run_after=run_after)
    if watchdog or isinstance(task.get_backend(), DatabaseBackend):
        return task.enqueue(issue_id, watchdog=watchdog).id
    transaction.on_commit(lambda: task.enqueue(issue_id, watchdog=watchdog))
    return None


def _waiting_result(task_id: str):
    """The task's result while it has not started yet, else None."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not task_id:
        return None
    try:
        result = _backend().get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):
        return None
    return result if result.status == TaskResultStatus.READY else None


def _is_waiting(task_id: str) -> bool:
    return _waiting_result(task_id) is not None


def _schedule_watchdog(issue: Issue, run_after: dt.datetime) -> None:
    task_id = enqueue_batch(issue.pk, run_after=run_after, watchdog=True)
    issue.watchdog_task_id = task_id or ""
    issue.save(update_fields=["watchdog_task_id"])


# One batch ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    #: True when the issue has nothing left to send.
    finished: bool = False
    #: Due work is left right now.
    more_now: bool = False
    #: When the next delivery becomes due (a retry, or a lease running out).
    next_at: dt.datetime | None = None
    errors: list[str] = field(default_factory=list)


def _settle(issue: Issue, outcome: Outcome, via_tasks: bool, watchdogs: bool,
            successor: str | None = None) -> None:
    """Called inside a transaction holding the issue's row, after a batch or when there was
    nothing to claim: go on now, come back later, or mark the issue sent. `successor`: the
    task id of the next batch this batch enqueued when it claimed (while it is still waiting,
    it will go on)."""
    now = timezone.now()
    if claimable(issue.pk, now).exists():
        outcome.more_now = True
        if via_tasks and not (successor and _is_waiting(successor)):
            enqueue_batch(issue.pk)
        return
    remaining = unsent(issue.pk).aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.QUEUED)),
        claim=Min("claimed_at", filter=Q(status=Delivery.Status.SENDING)),
        count=Count("id"),
    )
    if not remaining["count"]:
        issue.status = Issue.Status.SENT
        issue.finished_at = now
        issue.save(update_fields=["status", "finished_at"])
        outcome.finished = True
        return
    times = [t for t in (remaining["retry"],
                         remaining["claim"] + lease() if remaining["claim"] else None) if t]
    outcome.next_at = max(min(times), now) + dt.timedelta(milliseconds=200)
    # Someone must come back then — unless a watchdog is already waiting to.
    if watchdogs and not _is_waiting(issue.watchdog_task_id):
        _schedule_watchdog(issue, outcome.next_at)


def _claim(issue_id: int, size: int) -> tuple[str, list[int]]:
    now = timezone.now()
    rows = claimable(issue_id, now).order_by("id")
    if db_connection.features.has_select_for_update_skip_locked:
        # PostgreSQL: two workers claim disjoint rows without waiting for each other. (SQLite
        # serialises writers: every transaction starts with BEGIN IMMEDIATE, see settings.)
        rows = rows.select_for_update(skip_locked=True)
    ids = list(rows.values_list("pk", flat=True)[:size])
    token = secrets.token_hex(8)
    if ids:
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=now, claim_token=token
        )
    return token, ids


def _temporary(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    # Refused or lost connections, timeouts: the server may be back later.
    return isinstance(exc, smtplib.SMTPException | OSError)


def _connection_lost(exc: BaseException) -> bool:
    return isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError) or (
        isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for code, msg in exc.recipients.values()
        )[:2000]
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        if isinstance(message, bytes):
            message = message.decode(errors="replace")
        return f"{exc.smtp_code} {message}"[:2000]
    return f"{type(exc).__name__}: {exc}"[:2000]


def _finish(delivery: Delivery, token: str, **values) -> None:
    """Commit one delivery's result — only if this batch still holds it."""
    Delivery.objects.filter(
        pk=delivery.pk, claim_token=token, status=Delivery.Status.SENDING
    ).update(**values)


def _record_failure(delivery: Delivery, token: str, exc: BaseException, outcome: Outcome) -> None:
    attempts = delivery.attempts + 1
    reason = _reason(exc)
    outcome.errors.append(f"{delivery.email}: {reason}")
    if _temporary(exc) and attempts < settings.NEWSLETTER_MAX_ATTEMPTS:
        _finish(delivery, token, status=Delivery.Status.QUEUED, attempts=attempts,
                next_attempt_at=timezone.now() + backoff(attempts), error=reason)
        outcome.retried += 1
    else:
        if _temporary(exc):
            reason = _("Gave up after %(count)d attempts: %(reason)s") % {
                "count": attempts, "reason": reason}
        _finish(delivery, token, status=Delivery.Status.FAILED, attempts=attempts, error=reason)
        outcome.failed += 1


def run_batch(
    issue_id: int, *, task_id: str = "", watchdog: bool = False, via_tasks: bool = True,
    mail_connection=None, throttle: Throttle | None = None,
) -> Outcome:
    """Claim and send one batch of the issue. `via_tasks`: the fan-out goes on through the
    task queue (successors, and watchdogs when the backend can run tasks later); False: the
    caller loops (`send_all_here`)."""
    outcome = Outcome()
    watchdogs = via_tasks and can_schedule()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status != Issue.Status.SENDING:
            outcome.finished = True
            return outcome
        if (watchdog and issue.watchdog_task_id and issue.watchdog_task_id != task_id
                and _is_waiting(issue.watchdog_task_id)):
            # A batch claimed work after this watchdog was set and left a newer one waiting.
            return outcome
        token, ids = _claim(issue_id, batch_size())
        outcome.claimed = len(ids)
        if not ids:
            _settle(issue, outcome, via_tasks, watchdogs)
            return outcome
        successor = None
        if watchdogs:
            _schedule_watchdog(issue, timezone.now() + lease())
            if claimable(issue_id, timezone.now()).exists():
                # The next batch is queued now, not when this one is done: another worker
                # sends it meanwhile (one worker takes it next, as before).
                successor = enqueue_batch(issue_id) or ""

    _send(issue, token, ids, outcome, mail_connection, throttle or process_throttle())

    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        _settle(issue, outcome, via_tasks, watchdogs, successor)
    return outcome


#: Accepted mails are recorded as sent in one UPDATE and commit at most this long after the
#: first of them was accepted (and before the sender waits for the throttle or gives up): a
#: worker killed in between re-sends at most this much — with the same Message-IDs.
RECORD_EVERY_SECONDS = 0.25


class _SentRecorder:
    """Records accepted deliveries as sent, several per UPDATE (one commit per group rather
    than per mail). The claim protects the unrecorded ones: killed before they are recorded,
    they are still "sending" under this batch's claim, which a watchdog takes over when the
    lease runs out — their mails go again, with their Message-IDs (see the module's docstring)."""

    def __init__(self, token: str, outcome: Outcome) -> None:
        self.token = token
        self.outcome = outcome
        self.pending: list[int] = []
        self.since = 0.0

    def add(self, delivery: Delivery) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(delivery.pk)
        self.outcome.sent += 1

    def due(self) -> bool:
        return bool(self.pending) and time.monotonic() - self.since >= RECORD_EVERY_SECONDS

    def flush(self) -> None:
        if not self.pending:
            return
        Delivery.objects.filter(
            pk__in=self.pending, claim_token=self.token, status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.SENT, sent_at=timezone.now(),
                 attempts=F("attempts") + 1, error="")
        self.pending = []


def _send(issue: Issue, token: str, ids: list[int], outcome: Outcome, mail_connection,
          throttle: Throttle) -> None:
    deliveries = list(
        Delivery.objects.filter(pk__in=ids, claim_token=token)
        .select_related("issue", "subscriber").prefetch_related("subscriber__topics")
        .order_by("id")
    )
    connection = mail_connection or get_connection(fail_silently=False)
    # What the batch's mails share is rendered once (see newsletter.mail.MailBuilder).
    builder = MailBuilder(issue, issue_announcements(issue), connection)
    sent = _SentRecorder(token, outcome)
    is_open = False
    last_renewal = time.monotonic()
    quarter_lease = settings.NEWSLETTER_LEASE_SECONDS / 4
    try:
        for position, delivery in enumerate(deliveries):
            subscriber = delivery.subscriber
            if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
                _finish(delivery, token, status=Delivery.Status.SKIPPED,
                        error=_("Unsubscribed before the mail went out."))
                outcome.skipped += 1
                continue
            message = builder.build(delivery)
            if message is None:
                _finish(delivery, token, status=Delivery.Status.SKIPPED,
                        error=_("None of the announcements matches the subscriber's topics."))
                outcome.skipped += 1
                continue
            if sent.due() or throttle.would_wait():
                # Record what went out before waiting (free time), or every RECORD_EVERY_SECONDS.
                sent.flush()
            throttle.wait()
            if time.monotonic() - last_renewal > quarter_lease:
                # Keep the claim fresh, and make sure nobody took this row over meanwhile.
                sent.flush()
                Delivery.objects.filter(
                    claim_token=token, status=Delivery.Status.SENDING
                ).update(claimed_at=timezone.now())
                last_renewal = time.monotonic()
                if not Delivery.objects.filter(
                    pk=delivery.pk, claim_token=token, status=Delivery.Status.SENDING
                ).exists():
                    continue
            try:
                if not is_open:
                    connection.open()
                    is_open = True
                send_one(connection, message)
            except (smtplib.SMTPException, OSError) as exc:
                sent.flush()
                _record_failure(delivery, token, exc, outcome)
                if _connection_lost(exc):
                    # The server is gone: hand the rest back untouched (not an attempt of
                    # theirs), due when this one is retried.
                    _release(deliveries[position + 1:], token, exc)
                    return
                continue
            sent.add(delivery)
    finally:
        # Also when something unexpected goes wrong: what the server accepted is recorded.
        sent.flush()
        if is_open:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()


def _release(deliveries: list[Delivery], token: str, exc: BaseException) -> None:
    if not deliveries:
        return
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], claim_token=token, status=Delivery.Status.SENDING
    ).update(status=Delivery.Status.QUEUED, next_attempt_at=timezone.now() + backoff(1),
             error=_reason(exc))


# The sweep -----------------------------------------------------------------------------------


def _stalled(issue: Issue, now: dt.datetime) -> bool:
    """Nobody is doing this issue's work: some of it has been claimable for half a lease, nothing
    was claimed (or a claim renewed) for a lease and a half — a live batch does both at least
    every half lease — and no watchdog is still to come. The margins keep a sweep from racing
    a watchdog that is merely on time."""
    grace = lease() / 2
    if not claimable(issue.pk, now - grace).exists():
        return False
    last_claim = issue.deliveries.aggregate(last=Max("claimed_at"))["last"]
    last_activity = max(t for t in (last_claim, issue.started_at, issue.created) if t)
    if last_activity > now - lease() - grace:
        return False
    watchdog = _waiting_result(issue.watchdog_task_id)
    if watchdog is not None:
        run_after = watchdog.task.run_after
        # A watchdog far behind its time is not coming (e.g. Redis's scheduler died with the
        # worker that ran it); one that is queued or due soon is.
        if run_after is None or run_after > now - grace:
            return False
    return True


def sweep() -> list[int]:
    """Resume every sending issue whose work nobody is doing, by enqueueing a batch for it now.

    The worker (`wspolnie worker`) runs this at start and every WORKER_SWEEP_SECONDS, so no cron
    is needed. It is the safety net under the watchdogs for what they cannot cover: a batch
    enqueued on commit that never reached Redis, a worker killed between taking a task and
    committing its claim, a Redis restarted without its data, scheduled jobs held up while a
    dead worker's scheduler lock expires. Idempotent: a resumed issue has a fresh watchdog, so
    the next sweep leaves it alone. Returns the ids of the issues it resumed."""
    if not can_schedule():
        return []
    resumed = []
    for issue_id in Issue.objects.filter(status=Issue.Status.SENDING).values_list("pk", flat=True):
        with transaction.atomic():
            issue = (Issue.objects.select_for_update()
                     .filter(pk=issue_id, status=Issue.Status.SENDING).first())
            if issue is None or not _stalled(issue, timezone.now()):
                continue
            # As a watchdog, recorded: the batch runs even if an older watchdog is still
            # (uselessly) waiting, and the next sweep sees the issue covered.
            issue.watchdog_task_id = enqueue_batch(issue.pk, watchdog=True) or ""
            issue.save(update_fields=["watchdog_task_id"])
        logger.warning("Newsletter issue %s had stalled; its sending was resumed.", issue_id)
        resumed.append(issue_id)
    return resumed


def send_all_here(issue_id: int, on_progress: Callable[[], None] | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> None:
    """Run the whole fan-out in this process (`wspolnie send-newsletter --here`), waiting for
    retries as they come due."""
    while True:
        outcome = run_batch(issue_id, via_tasks=False)
        if on_progress:
            on_progress()
        if outcome.finished:
            return
        if not outcome.claimed and outcome.next_at is not None:
            sleep(max(0.0, (outcome.next_at - timezone.now()).total_seconds()))
