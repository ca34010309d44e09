"""Announcements: one piece of news written once, translated into every target language, and
rendered for every kind of channel (web, newsletter, feeds, social posts, posters).

The source version (title/body in `source_language`) lives on the announcement; every other
target language has an `AnnouncementTranslation`. `source_revision` goes up whenever the source
title or body changes; a translation remembers the revision it was made from, so "the source
changed since this translation" is `translation.source_revision < announcement.source_revision`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.lib.slugs import ascii_slug
from wspolnie.organisations.models import Organisation, OrganisationOwnedQuerySet


class AnnouncementQuerySet(OrganisationOwnedQuerySet):
    ownerless_public = True  # the hub's own announcements

    def published(self) -> AnnouncementQuerySet:
        """Published, publish date reached, publisher (if any) approved: what anyone may see."""
        return self.filter(
            status=Announcement.Status.PUBLISHED, publish_at__lte=timezone.now()
        ).of_approved_organisations()

    def editable_by(self, user) -> AnnouncementQuerySet:
        """Staff: all. Organisation admins: their organisations' announcements. Others: none."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            organisation__memberships__user=user, organisation__memberships__role="admin"
        ).distinct()


class Announcement(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        SAVE_THE_DATE = "save_the_date", _("Save the date")
        CALL_FOR_PARTNERS = "call_for_partners", _("Call for partners")
        EVENT_INVITATION = "event_invitation", _("Event invitation")
        MEETING_REPORT = "meeting_report", _("Meeting report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("published by"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        help_text=_("Empty: the hub itself."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.NEWS)
    source_language = models.CharField(
        _("written in"), max_length=35, default=settings.LANGUAGE_CODE
    )
    title = models.CharField(_("title"), max_length=200)
    #: Markdown; rendered through markdown-it and sanitised with nh3 (announcements.text).
    body = models.TextField(_("text"), max_length=20000, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, blank=True)

    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="announcements"
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("target communities"), blank=True, related_name="announcements"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("target languages"), blank=True, related_name="announcements"
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), blank=True, related_name="announcements"
    )
    #: [{"url": "https://…", "label": "…"}, …]
    links = models.JSONField(_("links"), default=list, blank=True)
    event = models.ForeignKey(
        "meetings.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
    )
    publish_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source_revision = models.PositiveIntegerField(default=1, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = ascii_slug(self.title) or "announcement"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The public page (news)."""
        return reverse("news:detail", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    def get_manage_url(self) -> str:
        return reverse("announcements:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
            and (self.organisation_id is None or self.organisation.is_public)
        )

    def target_language_codes(self) -> list[str]:
        """The source language first, then the other target languages."""
        codes = [self.source_language]
        # (Sorted here rather than by the database: a prefetched list is used as it is.)
        for code in sorted(language.code for language in self.languages.all()):
            if code not in codes:
                codes.append(code)
        return codes

    def version(self, language: str, *, approved_only: bool = True) -> Version | None:
        """The title and body in `language`: the source, or a translation (approved only,
        unless asked otherwise). None when there is none."""
        if language == self.source_language:
            return Version(language, self.title, self.body, is_source=True, approved=True)
        found = next(
            (t for t in self.translations.all() if t.language == language), None
        )
        if found is None or not found.title:
            return None
        approved = found.status == AnnouncementTranslation.Status.APPROVED
        if approved_only and not approved:
            return None
        return Version(language, found.title, found.body, is_source=False, approved=approved)

    def approved_versions(self) -> list[Version]:
        """The source and every approved translation, source first."""
        versions = [Version(self.source_language, self.title, self.body, True, True)]
        for item in self.translations.all():
            if item.status == AnnouncementTranslation.Status.APPROVED and item.title:
                versions.append(Version(item.language, item.title, item.body, False, True))
        return versions


@dataclass(frozen=True)
class Version:
    """One language's text of an announcement."""

    language: str
    title: str
    body: str
    is_source: bool = False
    approved: bool = True


class AnnouncementTranslation(models.Model):
    class Status(models.TextChoices):
        # A context of their own: Polish and Ukrainian agree the words with "translation"
        # (an organisation's "Approved" has another gender).
        MISSING = "missing", pgettext_lazy("translation status", "Missing")
        DRAFT = "draft", pgettext_lazy("translation status", "Draft")
        NEEDS_REVIEW = "needs_review", pgettext_lazy("translation status", "Needs review")
        APPROVED = "approved", pgettext_lazy("translation status", "Approved")

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=35)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MISSING
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcement_translations",
    )
    #: The announcement's source_revision this text was translated from (0: not yet).
    source_revision = models.PositiveIntegerField(default=0, editable=False)
    machine_translated = models.BooleanField(
        _("machine pre-translation, not yet edited"), default=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"], name="one_translation_per_language"
            )
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.announcement} [{self.language}]"

    @property
    def source_changed(self) -> bool:
        """The source title or text changed after this translation was last saved."""
        return bool(self.title) and self.source_revision < self.announcement.source_revision
