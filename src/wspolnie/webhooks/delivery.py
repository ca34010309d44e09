"""Queueing, attempting and retrying deliveries.

- `queue(topic, data)`: one Delivery per active endpoint that wants `topic`, written in the
  caller's transaction; the task (a delivery's pk) is enqueued on commit.
- `attempt(pk)`: claims the delivery (pending and due → sending, one UPDATE: a second task for
  the same delivery finds nothing to do), POSTs it, records an Attempt, and either finishes it
  or schedules the next try WEBHOOK_RETRY_BASE_SECONDS × 2^(n-1) later: with a backend that
  can defer (the database backend, Redis) as a task with run_after; the worker's sweep covers
  backends that cannot and tasks that were lost, and releases claims of workers that died.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Attempt, Delivery, Endpoint
from .sending import DELIVERY_HEADER, EVENT_HEADER, post

#: How long after its time a due delivery waits for its own deferred task before the sweep
#: enqueues it again (with a backend that defers).
SWEEP_GRACE = dt.timedelta(seconds=60)


def body_bytes(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def backoff(attempt_number: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt_number - 1))


def _task():
    from .tasks import deliver_webhook

    return deliver_webhook


def enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    task = _task()
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the sweep enqueues it when it is due
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def new_delivery(endpoint: Endpoint, topic: str, data: dict) -> Delivery:
    delivery = Delivery(endpoint=endpoint, topic=topic, next_attempt_at=timezone.now())
    delivery.payload = {"id": str(delivery.uuid), "event": topic,
                        "created": delivery.next_attempt_at.isoformat(), "data": data}
    delivery.save()
    transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))
    return delivery


def queue(topic: str, data: dict) -> list[Delivery]:
    """A delivery of `topic` with `data` to every active endpoint that wants it."""
    endpoints = [endpoint for endpoint in Endpoint.objects.filter(active=True)
                 if topic in (endpoint.topics or [])]
    return [new_delivery(endpoint, topic, data) for endpoint in endpoints]


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    return bool(Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now,
    ).update(status=Delivery.Status.SENDING, claimed_at=now))


def attempt(delivery_id: int) -> str:
    """One try of one delivery; returns its status afterwards ("" if there was nothing to
    do: already delivered, given up, not due yet, or claimed by another worker)."""
    started = timezone.now()
    if not _claim(delivery_id, started):
        return ""
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    answer = post(endpoint.url, body_bytes(delivery), endpoint.secret, {
        EVENT_HEADER: delivery.topic, DELIVERY_HEADER: str(delivery.uuid),
    })
    number = delivery.attempts + 1
    retry_at = None
    if answer.ok:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, timezone.now()
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS or not endpoint.active:
        delivery.status = Delivery.Status.FAILED
    else:
        retry_at = timezone.now() + backoff(number)
        delivery.status = Delivery.Status.PENDING
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery, number=number, started_at=started,
            duration_ms=answer.duration_ms, status_code=answer.status_code,
            error=answer.error[:500], retry_at=retry_at,
        )
        delivery.attempts = number
        delivery.next_attempt_at = retry_at
        delivery.claimed_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at",
                                     "delivered_at"])
    if retry_at is not None:
        enqueue(delivery.pk, run_after=retry_at)
    return delivery.status


def sweep(now: dt.datetime | None = None) -> list[int]:
    """Release claims older than a lease (the worker died while sending) and enqueue the
    deliveries that are due and whose task did not come. Returns the enqueued pks."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT + 60)
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - lease).update(
        status=Delivery.Status.PENDING, next_attempt_at=now, claimed_at=None)
    grace = SWEEP_GRACE if _task().get_backend().supports_defer else dt.timedelta(0)
    due = list(Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now - grace,
    ).order_by("next_attempt_at").values_list("pk", flat=True)[:500])
    for pk in due:
        enqueue(pk)
    return due
