from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.fields import MultilingualField
from wspolnie.directory.models import Community, District, Language, Visibility
from wspolnie.lib.languages import name_in, native_name, normalise_language_tag

from .models import Channel, Format, Mode


def language_label(code: str) -> str:
    """'ka' → 'gruziński — ქართული' (the name in the page's language, then in itself)."""
    own = native_name(code)
    local = name_in(code, translation.get_language() or "pl")
    return own if local.casefold() == own.casefold() else f"{local} — {own}"


class LanguageChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Language) -> str:
        return language_label(obj.code)


class ChannelForm(forms.ModelForm):
    """Create or edit a channel. The view hands cleaned_data to the services."""

    organisation = forms.ModelChoiceField(
        queryset=None, label=_("Owner organisation"), empty_label=None
    )
    description = MultilingualField(label=_("Description"), max_length=3000, required=False)
    url = forms.URLField(label=_("Web address"), max_length=500, required=False,
                         assume_scheme="https")
    submission_url = forms.URLField(
        label=_("Web form for submissions"), max_length=500, required=False,
        assume_scheme="https",
    )
    languages = LanguageChoiceField(
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Languages"),
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=200,
        help_text=_("Language codes separated by commas, e.g. ka, vi, pt-BR."),
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Communities reached"),
    )
    districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Districts reached"),
        help_text=_("Only when the channel does not reach the whole city."),
    )
    submission_how = MultilingualField(
        label=_("How to submit content"), max_length=3000, required=False
    )
    accepted_formats = forms.MultipleChoiceField(
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Accepted formats"),
    )

    SECTIONS = [
        (_("About the channel"), ["organisation", "name", "kind", "description", "url",
                                  "mode_override"]),
        (_("Whom it reaches"), ["languages", "other_languages", "communities", "citywide",
                                "districts", "estimated_reach"]),
        (_("Submitting content"), ["submission_how", "submission_lead_days",
                                      "accepted_formats", "submission_email", "submission_url",
                                      "cost", "cost_note"]),
        (_("Contact"), ["contact_note", "contact_visibility"]),
    ]

    class Meta:
        model = Channel
        fields = [
            "organisation", "name", "kind", "description", "url", "mode_override",
            "languages", "communities", "citywide", "districts", "estimated_reach",
            "submission_how", "submission_lead_days", "accepted_formats", "submission_email",
            "submission_url", "cost", "cost_note", "contact_note", "contact_visibility",
        ]
        widgets = {"contact_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["mode_override"].choices = [
            ("", _("As usual for the kind of channel")), *Mode.choices
        ]
        self.fields["contact_visibility"].choices = [
            ("", _("Default: staff only for an opinion leader, members of the hub otherwise")),
            *Visibility.choices,
        ]
        self.fields["estimated_reach"].widget.attrs["min"] = 0
        self.fields["submission_lead_days"].widget.attrs.update({"min": 0, "max": 365})

    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def clean_other_languages(self) -> list[str]:
        codes, bad = [], []
        for raw in self.cleaned_data["other_languages"].replace(";", ",").split(","):
            raw = raw.strip()
            if not raw:
                continue
            try:
                codes.append(normalise_language_tag(raw))
            except ValueError:
                bad.append(raw)
        if bad:
            raise forms.ValidationError(
                _("Not a valid BCP-47 language code: %(codes)s."),
                params={"codes": ", ".join(bad)},
                code="invalid_language",
            )
        return codes

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("citywide") and not cleaned.get("districts") and (
            "districts" not in self.errors
        ):
            self.add_error(
                "districts",
                _("Choose the districts the channel reaches, or mark it as reaching the whole "
                  "city."),
            )
        return cleaned

    def service_values(self) -> dict:
        """cleaned_data as the services take it."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in self.Meta.fields
            if name in self.fields and name not in ("organisation", "languages")
        }
        values["languages"] = [la.code for la in data["languages"]] + data["other_languages"]
        if data.get("citywide"):
            values["districts"] = []
        return values


class ReachForm(forms.Form):
    """"Which channels reach…?": pick communities, languages and districts."""

    communities = forms.MultipleChoiceField(
        label=_("Communities"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    districts = forms.MultipleChoiceField(
        label=_("Districts"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communities"].choices = [(c.slug, c.name) for c in Community.objects.all()]
        self.fields["languages"].choices = sorted(
            ((la.code, language_label(la.code)) for la in Language.objects.all()),
            key=lambda choice: choice[1].casefold(),
        )
        self.fields["districts"].choices = [(d.slug, d.name) for d in District.objects.all()]

