from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .fields import MultilingualField


class TermForm(forms.Form):
    names = MultilingualField(
        label=_("Name in each language"),
        required_languages=[settings.LANGUAGE_CODE],
        max_length=100,
        textarea=False,
        completeness=True,
    )
    slug = forms.SlugField(
        label=_("Identifier (in addresses)"),
        required=False,
        max_length=64,
        help_text=_("Latin letters, digits and dashes; made from the Polish name if empty. It "
                    "cannot be changed later, so shared links keep working."),
    )


class RenameTermForm(forms.Form):
    names = MultilingualField(
        label=_("Name in each language"),
        required_languages=[settings.LANGUAGE_CODE],
        max_length=100,
        textarea=False,
        completeness=True,
    )
