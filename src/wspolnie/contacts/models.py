"""Contact persons of organisations, each field with its own audience, and the consent that
allows storing them.

Personal data lives only in ContactPerson (name, role, email, phone, languages) and in
ConsentRecord.subject_name. Nothing else (the audit log, the search index, object names)
holds a personal value, so that erasing a contact (services.do_erase_contact) really erases it.
Who sees what is decided in one place: wspolnie.contacts.privacy.visible_fields().
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import (
    Language,
    TranslationsMaxLengthValidator,
    Visibility,
    validate_translations,
)
from wspolnie.organisations.models import Organisation, OrganisationOwnedQuerySet

from .phones import validate_e164

#: What an erased contact's name becomes.
ERASED_NAME = "—"

#: The fields that hold personal data, each with its own visibility field "<name>_visibility".
PERSONAL_FIELDS = ["name", "role", "email", "phone", "languages"]


def _visibility_field(label, default: str) -> models.CharField:
    return models.CharField(
        label, max_length=16, choices=Visibility.choices, default=default
    )


class ContactPersonQuerySet(OrganisationOwnedQuerySet):
    def active(self) -> ContactPersonQuerySet:
        """Not erased: the only ones shown anywhere but in the GDPR export."""
        return self.filter(erased_at__isnull=True)

    def public(self) -> ContactPersonQuerySet:
        """Active contacts of approved organisations (each field still has its visibility)."""
        return self.active().of_approved_organisations()


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    #: What the person does, in several languages: {"pl": "...", "uk": "..."}.
    role = models.JSONField(
        _("role"), default=dict, blank=True,
        validators=[validate_translations, TranslationsMaxLengthValidator(200)],
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    #: E.164, e.g. "+48711234567"; shown as "+48 71 123 45 67".
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[validate_e164]
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    name_visibility = _visibility_field(_("who sees the name"), Visibility.PUBLIC)
    role_visibility = _visibility_field(_("who sees the role"), Visibility.PUBLIC)
    email_visibility = _visibility_field(_("who sees the e-mail address"), Visibility.MEMBERS)
    phone_visibility = _visibility_field(_("who sees the phone number"), Visibility.STAFF)
    languages_visibility = _visibility_field(
        _("who sees the languages spoken"), Visibility.PUBLIC
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "created", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        # Deliberately not the name: str() ends up in the audit log (object_repr), which
        # must keep no personal data after an erasure.
        return f"contact person #{self.pk}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ConsentRecord(models.Model):
    """Who agreed, when, to what, and who recorded it. Kept after an erasure, with the
    person's name removed, as the proof that the data was stored lawfully."""

    class Source(models.TextChoices):
        FORM = "form", _("Form on the website")
        API = "api", _("API")
        IMPORT = "import", _("Import")
        DEMO = "demo", _("Demo data")

    contact = models.ForeignKey(
        ContactPerson, on_delete=models.CASCADE, related_name="consents",
        verbose_name=_("contact person"),
    )
    #: The person who gave the consent, as named at the time ("" once erased).
    subject_name = models.CharField(_("person who agreed"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    purpose = models.TextField(_("purpose"), max_length=1000)
    consent_text = models.TextField(_("consent text shown"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"consent #{self.pk} for contact person #{self.contact_id}"
