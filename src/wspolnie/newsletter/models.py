"""Newsletter: subscribers with double opt-in and a consent log, issues that bundle approved
announcements, and one delivery record per recipient for a crash-safe fan-out.

Delivery lifecycle: queued → sending (claimed by a worker, `claimed_at` set) → sent, or back to
queued with `next_attempt_at` after a temporary SMTP error, or failed (permanent error / too many
attempts), or bounced (reported afterwards). A row left in "sending" by a worker that died is
taken over once its claim is older than NEWSLETTER_LEASE_SECONDS and re-sent with the same
`message_id`, so a possible duplicate collapses in mail clients.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Topic


def new_subscriber_token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    #: Stored lower-cased (newsletter.services normalises).
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    #: Preferred languages, most preferred first (BCP-47 codes).
    languages = models.JSONField(_("languages"), default=list)
    #: No topics chosen = every topic.
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="subscribers"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    #: Secret in the confirmation, preferences and unsubscribe links of this subscriber's mail.
    token = models.CharField(
        max_length=64, unique=True, default=new_subscriber_token, editable=False
    )
    created = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounce_count = models.PositiveIntegerField(_("bounces"), default=0)

    #: Personal data: the audit log names a row by id and never logs these values.
    AUDIT_PERSONAL_FIELDS = frozenset({"email"})

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class ConsentRecord(models.Model):
    """What somebody agreed to (or withdrew), when, through which form, having seen which text.
    Kept when a subscriber is erased (the address is then blanked, the hash stays)."""

    class Action(models.TextChoices):
        SIGN_UP = "sign_up", _("Signed up")
        CONFIRM = "confirm", _("Confirmed")
        CHANGE = "change", _("Changed preferences")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribed")
        EXPIRE = "expire", _("Sign-up expired unconfirmed")
        ERASE = "erase", _("Erased")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    #: Which form or channel: "sign-up page", "API", "one-click unsubscribe", …
    source = models.CharField(_("through"), max_length=100)
    #: The consent text exactly as shown, in the language shown.
    text = models.TextField(_("text shown"), blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True)
    #: {"languages": [...], "topics": [...]} at that moment.
    details = models.JSONField(default=dict, blank=True)

    #: Personal data: the audit log names a row by id and never logs these values.
    AUDIT_PERSONAL_FIELDS = frozenset({"email"})

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.email} {self.action} {self.at:%Y-%m-%d}"


class SignupAttempt(models.Model):
    """One sign-up attempt, for the rate limit (kept in the database so every web worker
    shares it). `key` is a hash of the client address or of the e-mail address."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    #: {"pl": "…", "en": "…"}; empty languages fall back to a generated subject.
    subject = models.JSONField(_("subject"), default=dict, blank=True)
    #: {"pl": "…", …}: a short introduction (plain text).
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    announcements = models.ManyToManyField(
        "announcements.Announcement",
        through="IssueItem",
        verbose_name=_("announcements"),
        related_name="newsletter_issues",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    #: The task id of the newest fan-out watchdog (see newsletter.fanout): an older watchdog
    #: that finds this one still waiting to run knows the fan-out is covered and stops.
    watchdog_task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return f"#{self.pk}"


class IssueItem(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    announcement = models.ForeignKey(
        "announcements.Announcement", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "announcement"], name="announcement_once_per_issue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.announcement}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        SKIPPED = "skipped", _("Skipped")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    email = models.CharField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=35)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    #: Fixed when the delivery is created; every (re-)send uses it.
    message_id = models.CharField(max_length=255, unique=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    #: Random id of the batch that claimed this row: a batch only ever marks its own rows, so a
    #: row taken over from a stalled worker is not reported twice.
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("reason"), blank=True)

    #: Personal data: the audit log names a row by id and never logs these values.
    #: ("reason": the bounce entry's name for `error`, which may quote the address.)
    AUDIT_PERSONAL_FIELDS = frozenset({"email", "error", "reason", "subscriber"})

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="one_delivery_per_subscriber_and_issue"
            )
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"
