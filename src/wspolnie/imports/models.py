"""An import job: one uploaded file, checked in the background, imported after confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Entity(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    SERVICES = "services", _("Services")
    CHANNELS = "channels", _("Information channels")


class ImportJob(models.Model):
    Entity = Entity

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, waiting to be checked")
        VALIDATING = "validating", _("Checking the rows")
        VALIDATED = "validated", _("Checked, waiting for your confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    #: The states in which a background task is (or should be) working on the job.
    RUNNING = (Status.UPLOADED, Status.VALIDATING, Status.IMPORTING)

    entity = models.CharField(_("what is imported"), max_length=16, choices=Entity.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UPLOADED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    #: The uploaded file itself: kept in the database, so that a worker on another machine
    #: (TASKS_BACKEND=rq) reads it without shared file storage.
    content = models.BinaryField(_("file"), editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    #: The uploader's language: row errors are written in it.
    language = models.CharField(_("language"), max_length=16, default="pl")
    approve_new = models.BooleanField(
        _("approve new organisations at once"), default=False,
        help_text=_("Otherwise new organisations wait for approval like any other."),
    )
    accept_valid = models.BooleanField(_("rows with errors skipped"), default=False)

    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    #: Rows done in the current phase (checking, then importing).
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    to_create = models.PositiveIntegerField(_("to create"), default=0)
    to_update = models.PositiveIntegerField(_("to update"), default=0)
    unchanged = models.PositiveIntegerField(_("without changes"), default=0)
    invalid_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    #: [{"row": 3, "column": "nip", "message": "…"}], sorted by row.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    #: {"created": n, "updated": n, "unchanged": n, "skipped": n, "errors": [...]}
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    failure = models.TextField(_("reason of the failure"), blank=True)

    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    validated_at = models.DateTimeField(_("checked"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_entity_display()}, #{self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", kwargs={"pk": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def valid_rows(self) -> int:
        return self.to_create + self.to_update + self.unchanged

    @property
    def has_errors(self) -> bool:
        return self.invalid_rows > 0

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.VALIDATED and self.to_create + self.to_update > 0
