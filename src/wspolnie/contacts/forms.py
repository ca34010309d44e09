from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.fields import MultilingualField
from wspolnie.directory.models import Visibility

from .models import PERSONAL_FIELDS, ContactPerson
from .phones import normalise_phone
from .services import CONSENT_TEXT, EraseReason, clean_language_codes


class PhoneNumberField(forms.CharField):
    """Any way of writing a number; cleans to E.164 (numbers without a country code are
    read as Polish ones)."""

    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})

    def to_python(self, value) -> str:
        return normalise_phone(super().to_python(value))


class LanguageCodesField(forms.CharField):
    """Language codes separated by commas or spaces ("uk, pl, ka"); cleans to a list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        codes = [code for code in re.split(r"[\s,;]+", text) if code]
        try:
            return clean_language_codes(codes)
        except ValidationError as error:
            raise ValidationError(error.message_dict["languages"]) from None


def _model_label(name: str):
    return capfirst(ContactPerson._meta.get_field(name).verbose_name)


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Person"), max_length=200,
        help_text=_("As the person wants to be addressed; a role-based name is fine."),
    )
    name_visibility = forms.ChoiceField(
        label=_model_label("name_visibility"), choices=Visibility.choices,
        initial=Visibility.PUBLIC,
    )
    role = MultilingualField(
        label=_("Role"), required=False, max_length=200, textarea=False,
        help_text=_("What the person does, e.g. “coordinator for intercultural dialogue”."),
    )
    role_visibility = forms.ChoiceField(
        label=_model_label("role_visibility"), choices=Visibility.choices,
        initial=Visibility.PUBLIC,
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    email_visibility = forms.ChoiceField(
        label=_model_label("email_visibility"), choices=Visibility.choices,
        initial=Visibility.MEMBERS,
    )
    phone = PhoneNumberField(
        label=_("Phone number"), required=False, max_length=40,
        help_text=_(
            "With the country code, e.g. +48 71 123 45 67 or +380 44 123 4567; a number "
            "without one is read as a Polish number."
        ),
    )
    phone_visibility = forms.ChoiceField(
        label=_model_label("phone_visibility"), choices=Visibility.choices,
        initial=Visibility.STAFF,
    )
    languages = LanguageCodesField(
        label=_("Languages spoken"), required=False, max_length=300,
        help_text=_("Language codes separated by commas, e.g. pl, uk, ka, en."),
    )
    languages_visibility = forms.ChoiceField(
        label=_model_label("languages_visibility"), choices=Visibility.choices,
        initial=Visibility.PUBLIC,
    )

    @classmethod
    def initial_for(cls, contact: ContactPerson) -> dict:
        """Initial values for editing (managers see everything: no level filter here)."""
        return {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "languages": sorted(language.code for language in contact.languages.all()),
            **{f"{field}_visibility": getattr(contact, f"{field}_visibility")
               for field in PERSONAL_FIELDS},
        }

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class AddContactForm(ContactForm):
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("A contact person can only be stored with their consent.")},
    )
    consent_purpose = forms.CharField(
        label=_("Purpose of the consent"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the contact details are for, e.g. “questions of families about school "
            "enrolment”. Do not write personal data here: this text is kept after an erasure."
        ),
        error_messages={"required": _("Say what the contact details will be used for.")},
    )

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["consent_given"] = values.pop("consent")
        return values


class EraseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[
            (EraseReason.REQUEST, _("The person asked for their data to be erased")),
            (EraseReason.WITHDRAWAL, _("The person withdrew their consent")),
        ],
    )
