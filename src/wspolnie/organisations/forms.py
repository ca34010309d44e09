from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.fields import MultilingualField
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.lib import registry_numbers
from wspolnie.lib.languages import native_name, normalise_language_tag
from wspolnie.lib.multilingual import completeness

from . import logos
from .models import (
    DESCRIPTION_MAX,
    SHORT_TEXT_MAX_LENGTH,
    Location,
    Organisation,
    OutdatedReport,
    validate_krs,
    validate_nip,
    validate_phone,
    validate_regon,
)
from .phones import normalise_phone
from .services import REJECTION_REASON_MAX


class VocabularyCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a grid of columns (topics, communities, districts, languages)."""

    template_name = "organisations/widgets/checkboxes.html"
    option_template_name = "organisations/widgets/checkbox_option.html"


class LanguageCheckboxes(VocabularyCheckboxes):
    """Each language's name is marked with its own code (lang), for screen readers."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["lang"] = str(value)
        return option


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class LanguageChoiceField(forms.MultipleChoiceField):
    """Known languages as checkboxes, each shown in itself ('Українська (uk)')."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=self.language_choices, widget=LanguageCheckboxes, **kwargs)

    @staticmethod
    def language_choices() -> list[tuple[str, str]]:
        codes = list(Language.objects.values_list("code", flat=True))
        first = list(settings.CONTENT_LANGUAGES)
        rest = sorted((c for c in codes if c not in first), key=lambda c: native_name(c).casefold())
        return [(code, f"{native_name(code)} ({code})") for code in first + rest]


class LogoField(forms.ImageField):
    """An image upload checked by its content (not its name), returned re-encoded without
    metadata under the extension of what it is (see logos.py)."""

    # The file name's extension says nothing: a PNG called logo.pdf is a PNG.
    default_validators: list = []

    def to_python(self, data):
        if data in self.empty_values:
            return None
        logos.check_logo_size(getattr(data, "size", 0) or 0)
        return logos.verified_logo(data)


class LogoInput(forms.ClearableFileInput):
    template_name = "organisations/widgets/logo.html"

    def __init__(self, attrs=None) -> None:
        super().__init__({"accept": "image/png,image/jpeg,image/gif,image/webp", **(attrs or {})})
        self.preview_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_url"] = self.preview_url
        return context


def _formfield(db_field, **kwargs):
    """Web addresses typed without a scheme get https:// (Django 6's default already)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def _split_lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


#: Texts in several languages and their longest version in one language.
SHORT_DESCRIPTION_MAX_LENGTH = SHORT_TEXT_MAX_LENGTH
DESCRIPTION_MAX_LENGTH = DESCRIPTION_MAX


def _text_languages(*texts) -> list[str]:
    """The content languages, then any other language one of the texts is already written in
    (so that nothing written is hidden from the form)."""
    languages = list(settings.CONTENT_LANGUAGES)
    for values in texts:
        for code in (values if isinstance(values, dict) else {}):
            if code not in languages:
                languages.append(code)
    return languages


class OrganisationForm(forms.ModelForm):
    """The whole profile: used by "Edit profile" and by "Add your organisation"."""

    short_description = MultilingualField(
        label=capfirst(_("short description")),
        required=False,
        max_length=SHORT_DESCRIPTION_MAX_LENGTH,
        completeness=True,
        help_text=_("Who you are and what you do, in a few sentences."),
    )
    description = MultilingualField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX,
        completeness=True,
        help_text=_(
            "A longer description, in as many languages as you can. To write it in another "
            "language, tick that language below (or add its code) and save: a box for it "
            "appears here."
        ),
    )
    social_profiles = forms.CharField(
        label=_("Social media profiles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line, e.g. https://www.facebook.com/yourpage"),
    )
    logo = LogoField(
        label=_("Logo"),
        required=False,
        widget=LogoInput,
        help_text=_("A PNG, JPEG, GIF or WebP image of at most 2 MB."),
    )
    topics = TermChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False,
        widget=VocabularyCheckboxes, to_field_name="slug",
    )
    communities = TermChoiceField(
        label=_("Communities served"), queryset=Community.objects.all(), required=False,
        widget=VocabularyCheckboxes, to_field_name="slug",
    )
    districts = TermChoiceField(
        label=_("Districts you work in"), queryset=District.objects.all(), required=False,
        widget=VocabularyCheckboxes, to_field_name="slug",
    )
    languages = LanguageChoiceField(label=_("Languages you work in"), required=False)
    # Longer than the stored numbers: people type them with spaces, dashes or "PL".
    krs = forms.CharField(label=capfirst(_("KRS number")), required=False, max_length=24)
    nip = forms.CharField(label=capfirst(_("NIP number")), required=False, max_length=24)
    regon = forms.CharField(label=capfirst(_("REGON number")), required=False, max_length=24)
    other_languages = forms.CharField(
        label=_("Other languages (codes)"),
        required=False,
        max_length=200,
        help_text=_(
            "Languages not in the list above, as BCP-47 codes separated by commas or spaces, "
            "e.g. ka, vi, pt-BR."
        ),
    )

    class Meta:
        model = Organisation
        formfield_callback = _formfield
        fields = [
            "name", "kind", "short_description", "description", "legal_form", "krs", "nip",
            "regon", "founding_year", "size", "website", "email", "phone", "social_profiles",
            "logo",
        ]
        widgets = {
            "founding_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
        }
        help_texts = {
            "krs": _("10 digits, from the National Court Register (if you are registered)."),
            "nip": _("10 digits; dashes and spaces are fine."),
            "regon": _("9 or 14 digits."),
            "phone": _("A Polish number, or an international one starting with +."),
            "legal_form": _("E.g. foundation, association, informal group."),
        }

    #: Fields shown in the form's groups, in order (see organisations/edit.html).
    GROUPS = [
        (_("Basic information"), ["name", "kind", "short_description"]),
        (_("Description in several languages"), ["description"]),
        (_("Topics, communities, languages and districts"),
         ["topics", "communities", "languages", "other_languages", "districts"]),
        (_("Contact and online"), ["website", "email", "phone", "social_profiles", "logo"]),
        (_("Legal form and registry numbers"),
         ["legal_form", "krs", "nip", "regon", "founding_year", "size"]),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.instance
        if isinstance(self.initial.get("social_profiles"), list):
            self.initial["social_profiles"] = "\n".join(self.initial["social_profiles"])
        if organisation.pk:
            self.initial.setdefault(
                "topics", list(organisation.topics.values_list("slug", flat=True))
            )
            self.initial.setdefault(
                "communities", list(organisation.communities.values_list("slug", flat=True))
            )
            self.initial.setdefault(
                "districts", list(organisation.districts.values_list("slug", flat=True))
            )
            self.initial.setdefault(
                "languages", list(organisation.languages.values_list("code", flat=True))
            )
            self.fields["logo"].widget.preview_url = (
                organisation.logo and organisation.get_logo_url()
            ) or ""
        # The short description and the description have a box for each content language,
        # each language one of them is already written in, and each language the
        # organisation works in.
        description_languages = _text_languages(
            organisation.short_description, organisation.description,
            dict.fromkeys(self.initial.get("languages") or [], ""),
        )
        for name, max_length in (("short_description", SHORT_DESCRIPTION_MAX_LENGTH),
                                 ("description", DESCRIPTION_MAX_LENGTH)):
            self.fields[name] = MultilingualField(
                label=self.fields[name].label,
                help_text=self.fields[name].help_text,
                required=False,
                max_length=max_length,
                completeness=True,
                languages=description_languages,
            )

    # -- per-field cleaning --------------------------------------------------------------

    def _registry(self, name: str, validator, normalise) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return ""
        validator(value)
        return normalise(value)

    def clean_krs(self) -> str:
        return self._registry("krs", validate_krs, registry_numbers.normalise_krs)

    def clean_nip(self) -> str:
        return self._registry("nip", validate_nip, registry_numbers.normalise_nip)

    def clean_regon(self) -> str:
        return self._registry("regon", validate_regon, registry_numbers.normalise_regon)

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        validate_phone(value)
        return normalise_phone(value)

    def clean_social_profiles(self) -> list[str]:
        urls = _split_lines(self.cleaned_data.get("social_profiles", ""))
        check = URLValidator(schemes=["http", "https"])
        errors = []
        for url in urls:
            try:
                check(url)
            except ValidationError:
                errors.append(
                    ValidationError(
                        _("“%(url)s” is not a valid web address (it must start with https://)."),
                        params={"url": url},
                        code="invalid",
                    )
                )
        if errors:
            raise ValidationError(errors)
        return urls

    def clean_other_languages(self) -> list[str]:
        text = self.cleaned_data.get("other_languages") or ""
        codes, errors = [], []
        for code in [part for part in re.split(r"[\s,;]+", text) if part]:
            try:
                codes.append(normalise_language_tag(code))
            except ValueError:
                errors.append(
                    ValidationError(
                        _("“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR)."),
                        params={"code": code},
                        code="invalid",
                    )
                )
        if errors:
            raise ValidationError(errors)
        return codes

    def service_values(self) -> dict:
        """The cleaned data as do_update_organisation / do_register_organisation take it."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields if name in data}
        if values.get("logo") is None:
            values.pop("logo", None)  # nothing uploaded, nothing cleared: keep the logo
        elif values["logo"] is False:
            values["logo"] = ""
        values["topics"] = list(data.get("topics") or [])
        values["communities"] = list(data.get("communities") or [])
        values["districts"] = list(data.get("districts") or [])
        values["languages"] = list(
            dict.fromkeys([*(data.get("languages") or []), *(data.get("other_languages") or [])])
        )
        return values

    def completeness(self) -> list[dict]:
        """For each description language: its name and whether the profile is complete in
        it — the short description and the description both written — as the form shows
        them now (typed values after a failed submit, saved ones otherwise)."""
        languages = self.fields["description"].languages
        filled = dict.fromkeys(languages, True)
        for name in ("short_description", "description"):
            if self.is_bound:
                raw = self[name].value() or []
                texts = dict(zip(self.fields[name].languages, raw, strict=False))
            else:
                texts = self.initial.get(name) or getattr(self.instance, name) or {}
            for code, done in completeness(texts, languages).items():
                filled[code] = filled[code] and done
        return [
            {"code": code, "name": native_name(code), "complete": filled[code]}
            for code in languages
        ]


class LocationForm(forms.ModelForm):
    """One place. Opening hours and accessibility are written in several languages, side by
    side, like the description."""

    opening_hours = MultilingualField(
        label=capfirst(_("opening hours")),
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        completeness=True,
        help_text=_("E.g. Mon–Fri 9:00–17:00, Sat 10:00–14:00."),
    )
    accessibility = MultilingualField(
        label=capfirst(_("accessibility")),
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        completeness=True,
        help_text=_("Step-free entrance, lift, toilet, induction loop, … "),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opening_hours", "accessibility"):
            field = self.fields[name]
            self.fields[name] = MultilingualField(
                label=field.label,
                help_text=field.help_text,
                required=False,
                max_length=SHORT_TEXT_MAX_LENGTH,
                completeness=True,
                languages=_text_languages(getattr(self.instance, name)),
            )

    class Meta:
        model = Location
        fields = [
            "name", "street_address", "postal_code", "city", "district", "opening_hours",
            "accessibility", "latitude", "longitude",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }
        help_texts = {
            "latitude": _("Optional, e.g. 51.107883 (for the map link)."),
            "longitude": _("Optional, e.g. 17.038538."),
            "postal_code": _("E.g. 50-159."),
        }

    def clean_postal_code(self) -> str:
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if value and not re.fullmatch(r"\d{2}-\d{3}", value):
            if re.fullmatch(r"\d{5}", value):
                return f"{value[:2]}-{value[2:]}"
            raise ValidationError(
                _("Write the postal code as two digits, a dash and three digits, e.g. 50-159."),
                code="invalid",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        coordinate_errors = "latitude" in self.errors or "longitude" in self.errors
        if (latitude is None) != (longitude is None) and not coordinate_errors:
            raise ValidationError(
                _("Give both the latitude and the longitude, or neither."), code="coordinates"
            )
        return cleaned


LocationFormSet = forms.modelformset_factory(
    Location, form=LocationForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class OutdatedReportForm(forms.ModelForm):
    class Meta:
        model = OutdatedReport
        fields = ["message", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}

    def clean_message(self) -> str:
        message = (self.cleaned_data.get("message") or "").strip()
        if not message:
            raise ValidationError(_("Please tell us what is out of date."), code="required")
        return message


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=REJECTION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organisation's admins receive it by e-mail."),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the admins (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, who you are and what you do in the organisation."),
    )
