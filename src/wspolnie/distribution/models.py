"""Distribution plans: for one announcement, the channels (from the directory) that should
carry it, as a checklist with a status, who did it and when, a link to the published post, and
a deadline from the channel's submission rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanItem(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    announcement = models.ForeignKey(
        "announcements.Announcement", on_delete=models.CASCADE, related_name="plan_items"
    )
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        on_delete=models.CASCADE,
        related_name="plan_items",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.TODO, db_index=True
    )
    #: Rank when the plan was proposed (1 = best fit).
    position = models.PositiveSmallIntegerField(_("rank"), default=100)
    fit = models.PositiveSmallIntegerField(_("fit"), default=0)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("when"), null=True, blank=True)
    published_url = models.URLField(_("link to the published post"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by_hand = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "channel"], name="channel_once_per_plan"
            )
        ]
        verbose_name = _("distribution plan item")
        verbose_name_plural = _("distribution plan items")

    def __str__(self) -> str:
        return f"{self.announcement} → {self.channel}"
