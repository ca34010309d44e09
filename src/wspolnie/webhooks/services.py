"""Staff register webhook endpoints; the other apps' services tell this one what changed.

`notify_event`, `notify_announcement` and `notify_organisation` are called from the do_*
functions of meetings, announcements and organisations, inside their transactions: only
what the public may see is sent (a draft meeting, an unpublished announcement or an
organisation waiting for approval sends nothing)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit

from . import delivery as deliveries
from . import payloads
from .models import Delivery, Endpoint, Topic, new_secret
from .sending import Refused, check_literal

for _code, _label in {
    "webhooks.endpoint_created": gettext_lazy("Webhook endpoint registered"),
    "webhooks.endpoint_updated": gettext_lazy("Webhook endpoint changed"),
    "webhooks.endpoint_deleted": gettext_lazy("Webhook endpoint deleted"),
    "webhooks.secret_renewed": gettext_lazy("Webhook secret renewed"),
    "webhooks.test_sent": gettext_lazy("Webhook test sent"),
    "webhooks.delivery_retried": gettext_lazy("Webhook delivery retried"),
}.items():
    audit.register_action(_code, _label)

EDITABLE = ("name", "url", "topics", "active")


def can_manage_webhooks(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def _require_staff(actor) -> None:
    if not can_manage_webhooks(actor):
        raise PermissionDenied(_("Only the hub's staff manage webhooks."))


def _validate(endpoint: Endpoint) -> None:
    errors = {}
    try:
        endpoint.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if "url" not in errors:
        try:
            check_literal(endpoint.url)
        except Refused as refused:
            errors["url"] = [str(refused)]
    if errors:
        raise ValidationError(errors)


def do_create_endpoint(actor, **values) -> Endpoint:
    _require_staff(actor)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        endpoint = Endpoint(created_by=actor, **values)
        _validate(endpoint)
        endpoint.save()
        audit.record(actor, "webhooks.endpoint_created", endpoint,
                     audit.snapshot(endpoint, list(EDITABLE)))
        return endpoint


def do_update_endpoint(actor, endpoint: Endpoint, **values) -> Endpoint:
    _require_staff(actor)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
        before = audit.snapshot(endpoint, list(values))
        for name, value in values.items():
            setattr(endpoint, name, value)
        _validate(endpoint)
        endpoint.save()
        changes = audit.diff_fields(before, audit.snapshot(endpoint, list(values)))
        if changes:
            audit.record(actor, "webhooks.endpoint_updated", endpoint, changes)
        return endpoint


def do_renew_secret(actor, endpoint: Endpoint) -> Endpoint:
    _require_staff(actor)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated"])
    audit.record(actor, "webhooks.secret_renewed", endpoint)
    return endpoint


def do_delete_endpoint(actor, endpoint: Endpoint) -> None:
    _require_staff(actor)
    with transaction.atomic():
        audit.record(actor, "webhooks.endpoint_deleted", endpoint, {"name": [endpoint.name, None]})
        endpoint.delete()


def do_send_test(actor, endpoint: Endpoint) -> Delivery:
    """A "ping" to this endpoint alone, to try the receiver."""
    _require_staff(actor)
    with transaction.atomic():
        delivery = deliveries.new_delivery(endpoint, Topic.PING, {
            "message": "Test from Wspólnie", "endpoint": endpoint.name})
        audit.record(actor, "webhooks.test_sent", endpoint)
        return delivery


def do_retry_delivery(actor, delivery: Delivery) -> Delivery:
    """Try again now (a delivery that gave up gets one more attempt)."""
    _require_staff(actor)
    with transaction.atomic():
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED],
        ).update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now())
        if not updated:
            raise ValidationError(_("This delivery is being sent or has been delivered."))
        audit.record(actor, "webhooks.delivery_retried", delivery.endpoint,
                     {"delivery": [None, delivery.pk]})
        transaction.on_commit(lambda: deliveries.enqueue(delivery.pk))
    delivery.refresh_from_db()
    return delivery


# -- what the other apps call ------------------------------------------------------------------


def _listening() -> bool:
    """Whether any endpoint is active: without one, a change costs this one query."""
    return Endpoint.objects.filter(active=True).exists()


def notify_event(event, *, was_public: bool = True) -> list[Delivery]:
    """After a meeting was created or changed. `was_public`: whether the public could see it
    before the change (a draft that is published now is "created" for a mirror)."""
    if not _listening() or not _event_is_public(event):
        return []
    topic = Topic.EVENT_CHANGED if was_public else Topic.EVENT_CREATED
    return deliveries.queue(topic, payloads.event_data(event))


def _event_is_public(event) -> bool:
    from wspolnie.meetings.models import Event

    return event.pk is not None and Event.objects.public().filter(pk=event.pk).exists()


def event_is_public(event) -> bool:
    """Before a change: whether the public sees the meeting (asked only when somebody
    listens; otherwise the answer does not matter)."""
    return _listening() and _event_is_public(event)


def notify_announcement(announcement, *, published: bool = False) -> list[Delivery]:
    """After an announcement was published (`published`) or a published (or just withdrawn)
    one changed."""
    from wspolnie.announcements.models import Announcement

    if announcement.status == Announcement.Status.DRAFT or not _listening():
        return []
    topic = Topic.ANNOUNCEMENT_PUBLISHED if published else Topic.ANNOUNCEMENT_CHANGED
    return deliveries.queue(topic, payloads.announcement_data(announcement))


def notify_organisation(organisation, *, approved: bool = False) -> list[Delivery]:
    """After an organisation was approved (`approved`) or an approved one changed."""
    if not organisation.is_public or not _listening():
        return []
    topic = Topic.ORGANISATION_APPROVED if approved else Topic.ORGANISATION_CHANGED
    return deliveries.queue(topic, payloads.organisation_data(organisation))
