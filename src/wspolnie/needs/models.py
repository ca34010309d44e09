"""Needs and offers: what an organisation is looking for (volunteers, a room, interpreters,
partners for a grant, …) and what it can give. Each one has an expiry date; the board shows the
open ones (not closed, not expired) of approved organisations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wspolnie.core.owned.models import vocabulary_field
from wspolnie.directory.models import District, Language
from wspolnie.organisations.models import Organisation, OrganisationOwnedQuerySet

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
CONTACT_NOTE_MAX_LENGTH = 1000


def today() -> datetime.date:
    """Today in the site's time zone (an item expiring "today" is open until midnight here)."""
    return timezone.localdate()


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def validate_expiry(value: datetime.date | None, previous: datetime.date | None = None) -> None:
    """A new expiry date is today or later and at most one year ahead. An unchanged date on
    an edit is accepted (an expired item can be corrected without moving its date)."""
    if value is None or (previous is not None and value == previous):
        return
    first, last = today(), one_year_after(today())
    if value < first:
        raise ValidationError(
            _("The expiry date cannot be in the past."), code="expiry_in_past"
        )
    if value > last:
        raise ValidationError(
            _("The expiry date can be at most one year ahead (%(date)s)."),
            params={"date": date_format(last, "SHORT_DATE_FORMAT")},
            code="expiry_too_far",
        )


class NeedOfferQuerySet(OrganisationOwnedQuerySet):
    def open(self) -> NeedOfferQuerySet:
        """Not closed and not expired (evaluated now, so expiry needs no job to take effect)."""
        return self.filter(closed_at__isnull=True, expires_on__gte=today())

    def expired(self) -> NeedOfferQuerySet:
        return self.filter(expires_on__lt=today())

    def public(self) -> NeedOfferQuerySet:
        """What the board, the API list and the search show: open ones of approved
        organisations."""
        return self.open().of_approved_organisations()

    def visible_to(self, user) -> NeedOfferQuerySet:
        """One item's page: any item of an organisation the user may see (closed and expired
        ones say so on the page)."""
        return self.filter(organisation__in=Organisation.objects.visible_to(user))


class NeedOffer(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")

    class Category(models.TextChoices):
        VOLUNTEERS = "volunteers", _("Volunteers")
        SPACE = "space", _("Room or space")
        INTERPRETING = "interpreting", _("Interpreting and translation")
        PARTNERS = "partners", _("Partners for a project or grant")
        EQUIPMENT = "equipment", _("Equipment")
        KNOWLEDGE = "knowledge", _("Knowledge and training")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="needs_offers",
    )
    kind = models.CharField(_("need or offer"), max_length=8, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Plain text: what, when, for how long, what you expect or give."),
    )
    languages = vocabulary_field(Language, _("languages"), "needs_offers")
    districts = vocabulary_field(District, _("districts"), "needs_offers")
    contact_note = models.TextField(
        _("how to get in touch"),
        max_length=CONTACT_NOTE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Shown to everyone: use the organisation's public contact, not a private phone "
            "number."
        ),
    )
    expires_on = models.DateField(
        _("expires on"),
        help_text=_("The last day it is shown on the board (at most one year ahead)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    #: When `expire_needs` last took it out of the search after it expired (None: not yet, or
    #: its expiry date moved since).
    expiry_processed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NeedOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        indexes = [models.Index(fields=["closed_at", "expires_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_on < today()

    @property
    def is_open(self) -> bool:
        return not self.is_closed and not self.is_expired

    @property
    def is_public(self) -> bool:
        return self.is_open and self.organisation.is_public
