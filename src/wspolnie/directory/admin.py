from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wspolnie.core.admin import AuditedModelAdmin

from .fields import MultilingualField
from .models import Community, District, Language, Topic


class VocabularyForm(forms.ModelForm):
    """The names as one input per language (not raw JSON). The staff pages at
    /directory/vocabularies/ do the same and write the audit log too."""

    names = MultilingualField(
        label=_("Name in each language"),
        required_languages=[settings.LANGUAGE_CODE],
        max_length=100,
        textarea=False,
    )

    class Meta:
        fields = ["slug", "names", "position"]


@admin.register(Topic, Community, District)
class VocabularyAdmin(AuditedModelAdmin):
    form = VocabularyForm
    list_display = ["slug", "__str__", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "names"]


@admin.register(Language)
class LanguageAdmin(AuditedModelAdmin):
    list_display = ["code", "native_name"]
    search_fields = ["code"]
