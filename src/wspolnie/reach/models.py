"""Measured reach: a tracked link (`/r/<code>`) for every item of a distribution plan (one
announcement × one channel; an opinion leader is a channel of the leader kind), the counts of
the visits it brought and of what those visitors did next, and opinion leaders' private pages.

Counts only. A count row is one (link, day, language, kind) bucket with a number: no person,
no address, no IP, no user agent is stored. The visitor's session remembers which link brought
them (for the conversions that follow); nothing else does.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: Random bytes of a link code: 9 bytes = 72 bits, 12 URL-safe characters; nobody finds
#: another plan's link by trying codes.
CODE_BYTES = 9


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def new_leader_token() -> str:
    return secrets.token_urlsafe(24)


class TrackedLink(models.Model):
    item = models.OneToOneField(
        "distribution.PlanItem",
        verbose_name=_("distribution plan item"),
        on_delete=models.CASCADE,
        related_name="tracked_link",
    )
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_code,
                            editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("tracked:go", kwargs={"code": self.code})

    def public_url(self, language: str = "") -> str:
        """The absolute short address (with `?lang=` for one language's version)."""
        url = f"{settings.SITE_URL}{self.get_absolute_url()}"
        return f"{url}?lang={language}" if language else url


class Kind(models.TextChoices):
    VISIT = "visit", _("Visits")
    REGISTRATION = "registration", _("Registrations for a meeting")
    SUBSCRIPTION = "subscription", _("Newsletter subscriptions")
    BOARD_POST = "board_post", _("Board posts")


#: What counts as a conversion (everything but the visit itself).
CONVERSIONS = [Kind.REGISTRATION, Kind.SUBSCRIPTION, Kind.BOARD_POST]


class Count(models.Model):
    """How many visits (or conversions) one link brought on one day in one language."""

    Kind = Kind

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="counts")
    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=35)
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["link", "day", "language", "kind"],
                                    name="one_count_per_bucket")
        ]
        verbose_name = _("count")
        verbose_name_plural = _("counts")

    def __str__(self) -> str:
        return f"{self.link} {self.day} {self.language} {self.kind}: {self.count}"


class LeaderPage(models.Model):
    """An opinion leader's private page (`/reach/leader/<token>/`): no account needed;
    whoever has the link sees it, so a new token replaces a leaked one."""

    channel = models.OneToOneField(
        "channels.Channel",
        verbose_name=_("information channel"),
        on_delete=models.CASCADE,
        related_name="leader_page",
    )
    token = models.CharField(max_length=64, unique=True, default=new_leader_token,
                             editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("opinion leader's page")
        verbose_name_plural = _("opinion leaders' pages")

    def __str__(self) -> str:
        return str(self.channel)

    def get_absolute_url(self) -> str:
        return reverse("reach:leader", kwargs={"token": self.token})
