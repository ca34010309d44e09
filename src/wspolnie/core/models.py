import contextlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what, when. Written only through wspolnie.core.audit.record()."""

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        from .audit import action_label

        return action_label(self.action)

    def changes_display(self) -> list[tuple[str, object, object]]:
        """[(field label, old, new)] with the model's translated field names where known."""
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            model = None
        changes = self.changes or {}
        rows = []
        for name, change in changes.items():
            label = name
            if name == "user_id":
                # People are logged by id and shown as who they are now ("deleted account #3"
                # once erased).
                label, change = str(_("person")), _people(change)
            elif model is not None:
                with contextlib.suppress(FieldDoesNotExist):
                    label = str(model._meta.get_field(name).verbose_name)
            old, new = change if isinstance(change, list | tuple) and len(change) == 2 else (
                None, change
            )
            rows.append((label, old, new))
        return rows


def _people(change) -> list:
    from django.contrib.auth import get_user_model

    values = list(change) if isinstance(change, list | tuple) else [None, change]
    ids = [value for value in values if isinstance(value, int)]
    users = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=ids)}
    return [users.get(value, value) if isinstance(value, int) else value for value in values]


class OutgoingMail(models.Model):
    """A mail waiting for the task that sends it (wspolnie.core.mail). The task is handed only
    this row's id, so the task queue (django_tasks_database_dbtaskresult, Redis) never holds an
    address, a text or a link with a token; the row is deleted as soon as the task has run,
    and erasing a person deletes the rows still waiting for them."""

    to = models.EmailField(_("recipient"), max_length=254)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    #: An iCalendar attachment (meetings), and its METHOD.
    ics = models.TextField(blank=True)
    ics_method = models.CharField(max_length=16, blank=True)
    #: Other files: [{"filename", "content_type", "content" (base64)}], e.g. a meeting ticket's
    #: QR code (wspolnie.core.mail.attachment).
    attachments = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    #: The same on every copy: a mail sent twice (its worker died after the SMTP server took
    #: it, before the row was deleted) is recognisably one mail.
    message_id = models.CharField(max_length=255, blank=True)
    #: When a task was last handed this row (queue_mail, then the sweep that re-queues it).
    enqueued_at = models.DateTimeField(null=True, blank=True, db_index=True)
    #: Set by the task that sends the mail: until then no other task may send it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    #: How many tasks have claimed it: a mail that kills its worker again and again is dropped.
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")

    def __str__(self) -> str:
        # By id: a mail is about a person.
        return f"outgoing mail #{self.pk}"


class DataVersion(models.Model):
    """A token that changes whenever the data behind a cached computation changes (see
    wspolnie.core.versions): the directory's facet counts are cached per token, in every
    process, and a new token makes every process compute them again at its next request."""

    scope = models.CharField(max_length=50, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.scope}: {self.token}"
