"""Calendar feeds that member organisations publish (ICS, RSS/Atom) and the events imported
from them (issue #13). An imported event is public when its organisation is approved, its feed
is enabled and staff did not hide it."""

from __future__ import annotations

import hashlib

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Organisation, OrganisationOwnedQuerySet


class Feed(models.Model):
    class Kind(models.TextChoices):
        ICS = "ics", _("iCalendar (.ics)")
        FEED = "feed", _("RSS or Atom")

    class Status(models.TextChoices):
        NEW = "new", _("Not imported yet")
        OK = "ok", _("Imported")
        NOT_MODIFIED = "not_modified", _("Unchanged since the last import")
        FAILED = "failed", _("Failed")

    class Reason(models.TextChoices):
        BAD_URL = "bad_url", _("The address is not a web address (http or https).")
        PRIVATE_ADDRESS = "private_address", _(
            "The address points to a private or local network, which the hub does not visit.")
        CONNECTION = "connection", _("The server could not be reached.")
        TIMEOUT = "timeout", _("The server answered too slowly.")
        TOO_LARGE = "too_large", _("The feed is too large.")
        REDIRECT_LOOP = "redirect_loop", _("The address redirects in a loop.")
        TOO_MANY_REDIRECTS = "too_many_redirects", _("The address redirects too many times.")
        HTTP_ERROR = "http_error", _("The server answered with an error.")
        MALFORMED = "malformed", _("The feed cannot be read: it is not a valid calendar or feed.")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="calendar_feeds")
    url = models.URLField(_("address of the feed"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ICS)
    enabled = models.BooleanField(_("import it"), default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_checked = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_success = models.DateTimeField(_("last imported"), null=True, blank=True)
    last_status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    last_error = models.CharField(
        _("reason"), max_length=30, choices=Reason.choices, blank=True)
    last_error_detail = models.CharField(_("details"), max_length=300, blank=True)
    #: The failure (reason) the owners were last told about; cleared by a successful import.
    reported_error = models.CharField(max_length=30, blank=True)
    imported_count = models.PositiveIntegerField(_("events"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped entries"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates left out"), default=0)
    #: Set when the worker's sweep enqueues an import, cleared by the import.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["organisation__name", "url"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "url"], name="calendars_feed_unique_url")]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("calendars:feeds", args=[self.organisation.slug])

    @property
    def failed(self) -> bool:
        return self.last_status == self.Status.FAILED


class ImportedEventQuerySet(OrganisationOwnedQuerySet):
    owner_field = "feed__organisation"

    def _owned_by(self, organisations):
        return models.Q(feed__organisation__in=organisations)

    def public(self) -> ImportedEventQuerySet:
        return self.filter(hidden_by_staff=False, feed__enabled=True).of_approved_organisations()


class ImportedEvent(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="events")
    #: The feed's UID; "UID/start" for one occurrence of a recurring event.
    uid = models.CharField(max_length=500)
    uid_hash = models.CharField(max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(_("all day"), default=False)
    location = models.CharField(_("place"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    #: Sanitised HTML (nh3) from the feed.
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    #: title|start|place, normalised: the same event listed in two feeds.
    match_key = models.CharField(max_length=64, db_index=True)
    hidden_by_staff = models.BooleanField(_("hidden by staff"), default=False)
    imported = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ImportedEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported event")
        verbose_name_plural = _("imported events")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["feed", "uid_hash"], name="calendars_event_unique_uid")]

    is_imported = True

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calendars:event", args=[self.pk])

    @property
    def title_text(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.feed.organisation

    @property
    def calendar_uid(self) -> str:
        return f"imported-{self.feed_id}-{self.uid_hash[:24]}@wspolnie"


def uid_hash(uid: str) -> str:
    return hashlib.sha256(uid.encode()).hexdigest()


def match_key(title: str, starts_at, location: str) -> str:
    normalised = "|".join([
        " ".join(title.casefold().split()),
        starts_at.strftime("%Y%m%dT%H%M"),
        " ".join(location.casefold().split()),
    ])
    return hashlib.sha256(normalised.encode()).hexdigest()
