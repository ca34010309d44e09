"""The library of practices and tools: what the network has learnt works — a good practice (an
outreach method such as working through community opinion leaders) or a tool (a newsletter, a
city cultural portal, a messenger group, a pool of interpreters) — with what it is good for,
which organisations use it, its languages, its cost and links.

An entry belongs to the organisation that added it (it may change it); `users` are the
organisations that use it. Only entries of approved organisations are public. An entry made
from a board card remembers where it came from in `source_url`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wspolnie.announcements.text import markdown_to_text, render_markdown
from wspolnie.core.owned.models import vocabulary_field
from wspolnie.directory.models import Language, Topic
from wspolnie.organisations.models import Organisation

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 20000
GOOD_FOR_MAX_LENGTH = 2000
COST_NOTE_MAX_LENGTH = 200


def validate_source(value: str) -> None:
    """A page of this site ("/boards/…") or a web address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class EntryQuerySet(models.QuerySet):
    def public(self) -> EntryQuerySet:
        """What the library, the API list and the search show: entries of approved
        organisations."""
        return self.filter(organisation__status=Organisation.Status.APPROVED)

    def visible_to(self, user) -> EntryQuerySet:
        """One entry's page: an entry of an organisation the user may see."""
        return self.filter(organisation__in=Organisation.objects.visible_to(user))


class Entry(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Good practice")
        TOOL = "tool", _("Tool")

    class Cost(models.TextChoices):
        # A context of their own: other catalogues say "Free"/"Paid" of other things.
        FREE = "free", pgettext_lazy("cost", "Free")
        LOW = "low", pgettext_lazy("cost", "Low cost")
        PAID = "paid", pgettext_lazy("cost", "Paid")
        UNKNOWN = "unknown", pgettext_lazy("cost", "Not known")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("added by"), on_delete=models.CASCADE,
        related_name="library_entries",
    )
    kind = models.CharField(_("practice or tool"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    #: Markdown, rendered through markdown-it and sanitised with nh3 (announcements.text).
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Markdown: what it is and how it works. No private phone numbers."),
    )
    good_for = models.TextField(
        _("what it is good for"), max_length=GOOD_FOR_MAX_LENGTH, blank=True,
        help_text=_("For example: reaching parents who do not read Polish."),
    )
    users = models.ManyToManyField(
        Organisation, verbose_name=_("organisations that use it"), blank=True,
        related_name="library_entries_used",
    )
    languages = vocabulary_field(Language, _("languages"), "library_entries")
    topics = vocabulary_field(Topic, _("tags"), "library_entries")
    cost = models.CharField(
        _("cost"), max_length=16, choices=Cost.choices, default=Cost.UNKNOWN
    )
    cost_note = models.CharField(
        _("about the cost"), max_length=COST_NOTE_MAX_LENGTH, blank=True,
        help_text=_("For example: free up to 500 subscribers."),
    )
    #: [{"url": "https://…", "label": "…"}, …] (announcements.services.clean_links).
    links = models.JSONField(_("links"), default=list, blank=True)
    source_url = models.CharField(
        _("made from"), max_length=500, blank=True, validators=[validate_source],
        help_text=_("The board card or page this entry was made from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created = models.DateTimeField(_("added"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", kwargs={"pk": self.pk})

    @property
    def description_html(self) -> SafeString:
        return render_markdown(self.description)

    @property
    def description_text(self) -> str:
        return markdown_to_text(self.description)

    @property
    def is_public(self) -> bool:
        return self.organisation.is_public

    def public_users(self) -> list[Organisation]:
        return [org for org in self.users.all() if org.is_public]
