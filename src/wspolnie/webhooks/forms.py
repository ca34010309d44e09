from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SUBSCRIBABLE, Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address (URL)"), max_length=500, assume_scheme="https",
        help_text=_("The receiver's address; it gets a POST with JSON."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Changes to send"), widget=forms.CheckboxSelectMultiple,
        choices=[(topic.value, topic.label) for topic in SUBSCRIBABLE],
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "topics", "active"]
