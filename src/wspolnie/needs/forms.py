from __future__ import annotations

import datetime

from django import forms

from wspolnie.core.owned.forms import choice_widgets

from .models import NeedOffer, one_year_after, today, validate_expiry


class NeedOfferForm(forms.ModelForm):
    class Meta:
        model = NeedOffer
        fields = [
            "kind",
            "category",
            "title",
            "description",
            "languages",
            "districts",
            "contact_note",
            "expires_on",
        ]
        widgets = {
            **choice_widgets(radios=("kind",), checkboxes=("languages", "districts")),
            "description": forms.Textarea(attrs={"rows": 8}),
            "contact_note": forms.Textarea(attrs={"rows": 3}),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = NeedOffer.Kind.choices  # no empty "---------" radio
        expires_on = self.fields["expires_on"]
        expires_on.widget.attrs.update(
            min=today().isoformat(), max=one_year_after(today()).isoformat()
        )
        if not self.instance.pk:
            # A month is a sensible default; the board drops it on its own afterwards.
            self.initial.setdefault("expires_on", today() + datetime.timedelta(days=30))

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        validate_expiry(value, self.instance.expires_on if self.instance.pk else None)
        return value
