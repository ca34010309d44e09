"""Services an organisation offers, aligned with Open Referral HSDS 3 (`service`).

Field names follow HSDS where there is one: `name`, `description`, `eligibility_description`,
`application_process`, `fees_description`, `url`, `email`, `status`, `languages`; the HSDS
`cost_options` are reduced to `cost` (free / paid) plus the multilingual `fees_description`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from wspolnie.core.owned.models import vocabulary_field
from wspolnie.directory.models import Community, Language, Topic, validate_translations
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Location, Organisation, OrganisationOwnedQuerySet

NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000


def validate_some_translation(value) -> None:
    """At least one language must have a non-empty text."""
    if not isinstance(value, dict) or not any(
        isinstance(text, str) and text.strip() for text in value.values()
    ):
        raise ValidationError(
            _("Please fill in the text in at least one language."), code="required"
        )


@deconstructible
class TranslationsMaxLengthValidator:
    """Every translation is at most `limit` characters long."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value) -> None:
        if not isinstance(value, dict):
            return  # validate_translations reports the shape
        for code, text in value.items():
            if isinstance(text, str) and len(text) > self.limit:
                raise ValidationError(
                    _("The text in “%(code)s” is longer than %(limit)d characters."),
                    params={"code": code, "limit": self.limit},
                    code="max_length",
                )

    def __eq__(self, other) -> bool:
        return isinstance(other, TranslationsMaxLengthValidator) and other.limit == self.limit

    def __hash__(self) -> int:
        return hash(self.limit)


def _pick(values) -> str:
    return pick_translation(
        values, translation.get_language() or settings.LANGUAGE_CODE,
        [settings.LANGUAGE_CODE, "en"],
    )


class ServiceQuerySet(OrganisationOwnedQuerySet):
    def public(self) -> ServiceQuerySet:
        """Active services of approved organisations: what anyone may see."""
        return self.filter(status=Service.Status.ACTIVE).of_approved_organisations()

    def visible_to(self, user) -> ServiceQuerySet:
        """Public ones, plus every service of the user's own organisations; staff see all."""
        return self.visible_with_own(user, models.Q(status=Service.Status.ACTIVE))


class Service(models.Model):
    class Status(models.TextChoices):
        # HSDS service.status (the two of its four values that apply here).
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    class Cost(models.TextChoices):
        FREE = "free", _("Free of charge")
        PAID = "paid", _("Paid")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.JSONField(
        _("name"),
        default=dict,
        validators=[
            validate_translations,
            validate_some_translation,
            TranslationsMaxLengthValidator(NAME_MAX_LENGTH),
        ],
    )
    description = models.JSONField(
        _("description"),
        default=dict,
        blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(TEXT_MAX_LENGTH)],
    )
    eligibility_description = models.JSONField(
        _("who is eligible"),
        default=dict,
        blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Who the service is for, e.g. “people from Ukraine with a PESEL UKR”."),
    )
    application_process = models.JSONField(
        _("how to access it"),
        default=dict,
        blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("The steps: booking, documents to bring, walk-in hours, …"),
    )
    cost = models.CharField(
        _("cost"), max_length=8, choices=Cost.choices, default=Cost.FREE
    )
    fees_description = models.JSONField(
        _("what it costs"),
        default=dict,
        blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(TEXT_MAX_LENGTH)],
        help_text=_("Required for paid services: the price and any reductions."),
    )
    languages = vocabulary_field(Language, _("languages"), "services")
    topics = vocabulary_field(Topic, _("topics"), "services")
    communities = vocabulary_field(Community, _("communities"), "services")
    locations = vocabulary_field(Location, _("where"), "services")
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("public e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE,
        db_index=True,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "id"]
        # public() (active services of approved organisations) from the index alone: the
        # dashboard's counts at city scale would otherwise read every wide row.
        indexes = [models.Index(fields=["status", "organisation"],
                                name="service_status_organisation")]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.cost == self.Cost.PAID and not any(
            isinstance(text, str) and text.strip()
            for text in (self.fees_description or {}).values()
        ):
            raise ValidationError(
                {"fees_description": _("Please say what a paid service costs.")}
            )

    @property
    def display_name(self) -> str:
        return _pick(self.name) or f"#{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ACTIVE and self.organisation.is_public

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE
