from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .fields import MultilingualField


class RenameTermForm(forms.Form):
    names = MultilingualField(
        label=_("Name in each language"),
        required_languages=[settings.LANGUAGE_CODE],
        max_length=100,
        textarea=False,
        completeness=True,
    )


class TermForm(RenameTermForm):
    """A new term: its names and the identifier, fixed from then on."""

    slug = forms.SlugField(
        label=_("Identifier (in addresses)"),
        required=False,
        max_length=64,
        help_text=_("Latin letters, digits and dashes; made from the Polish name if empty. It "
                    "cannot be changed later, so shared links keep working."),
    )


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.slug})"


class MergeTermForm(forms.Form):
    target = TermChoiceField(
        label=_("Merge into"), queryset=None, empty_label=_("— choose a term —"),
        error_messages={"invalid_choice": _("Choose one of the terms in the list.")},
    )

    def __init__(self, *args, term, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            type(term).objects.exclude(pk=term.pk).order_by("position", "slug"))
