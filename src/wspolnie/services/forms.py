from __future__ import annotations

from django import forms
from django.db import models
from django.utils.text import capfirst

from wspolnie.core.owned.forms import choice_widgets
from wspolnie.directory.fields import MultilingualField
from wspolnie.organisations.models import Organisation

from .models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, Service


def _multilingual(name: str, **kwargs) -> MultilingualField:
    field = Service._meta.get_field(name)
    return MultilingualField(
        label=capfirst(field.verbose_name), help_text=field.help_text, **kwargs
    )


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class ServiceForm(forms.ModelForm):
    name = _multilingual("name", max_length=NAME_MAX_LENGTH, textarea=False, required=True)
    description = _multilingual("description", max_length=TEXT_MAX_LENGTH, required=False)
    eligibility_description = _multilingual(
        "eligibility_description", max_length=TEXT_MAX_LENGTH, required=False
    )
    application_process = _multilingual(
        "application_process", max_length=TEXT_MAX_LENGTH, required=False
    )
    fees_description = _multilingual(
        "fees_description", max_length=TEXT_MAX_LENGTH, required=False
    )

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            "name",
            "description",
            "eligibility_description",
            "application_process",
            "cost",
            "fees_description",
            "languages",
            "topics",
            "communities",
            "locations",
            "url",
            "email",
            "status",
        ]
        widgets = choice_widgets(
            radios=("cost", "status"),
            checkboxes=("languages", "topics", "communities", "locations"),
        )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        # Only this organisation's places can be picked (the service layer checks it again).
        self.fields["locations"].queryset = organisation.locations.all()
        if not organisation.locations.exists():
            del self.fields["locations"]
        self.fields["url"].widget.attrs["placeholder"] = "https://"

    def clean_name(self):
        # Only spaces count as empty, as in the other languages' fields.
        value = self.cleaned_data["name"]
        if not value:
            raise forms.ValidationError(self.fields["name"].error_messages["required"], "required")
        return value
