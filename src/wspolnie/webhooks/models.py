"""Outgoing webhooks: endpoints registered by staff, one delivery per (change, endpoint), one
attempt row per try (the delivery log)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What an endpoint can be told about (the "event" field of the body)."""

    EVENT_CREATED = "event.created", _("Meeting published")
    EVENT_CHANGED = "event.changed", _("Meeting changed")
    ANNOUNCEMENT_PUBLISHED = "announcement.published", _("Announcement published")
    ANNOUNCEMENT_CHANGED = "announcement.changed", _("Announcement changed")
    ORGANISATION_APPROVED = "organisation.approved", _("Organisation approved")
    ORGANISATION_CHANGED = "organisation.changed", _("Organisation changed")
    #: A test sent from the endpoint's page; nobody subscribes to it.
    PING = "ping", _("Test")


#: What an endpoint can choose.
SUBSCRIBABLE = [topic for topic in Topic if topic != Topic.PING]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def validate_topics(value) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not value or any(t not in SUBSCRIBABLE for t in value):
        raise ValidationError(_("Choose at least one kind of change."))


class Endpoint(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address (URL)"), max_length=500,
                          help_text=_("The receiver's address; it gets a POST with JSON."))
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    topics = models.JSONField(_("changes to send"), default=list, validators=[validate_topics])
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("registered by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", kwargs={"pk": self.pk})

    def topic_labels(self) -> list[str]:
        return [str(Topic(code).label) for code in self.topics if code in Topic.values]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    #: The body's "id": the receiver's key for de-duplicating retries.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("change"), max_length=40, choices=Topic.choices)
    payload = models.JSONField(_("body"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True,
                                           db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.topic} → {self.endpoint}"

    def get_absolute_url(self) -> str:
        return reverse("webhooks:delivery", kwargs={"pk": self.pk})


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("answer (HTTP status)"), null=True,
                                                   blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    #: When the next try was scheduled after this one (None: delivered or given up).
    retry_at = models.DateTimeField(_("next try"), null=True, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
