from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolnie.announcements.forms import LinksField
from wspolnie.core.owned.forms import choice_widgets
from wspolnie.directory.models import Language, Topic
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.picker import MultipleOrganisationPickerField

from .models import Entry

#: The GET or POST parameters the create page takes as its initial values (a board card
#: promoted to the library: /library/organisation/<slug>/new/?title=…&description=…).
PREFILL_TEXT = ("kind", "title", "description", "good_for", "cost", "cost_note", "source_url")


class EntryForm(forms.ModelForm):
    # Not a select of the whole directory (issue #14): the ones named so far to tick, any
    # other approved organisation by name.
    users = MultipleOrganisationPickerField(label=_("Organisations that use it"),
                                            required=False)
    links = LinksField(
        label=_("Links"), required=False, max_length=5000,
        help_text=_("One a line: “label | https://…”, or just the address."),
    )

    class Meta:
        model = Entry
        fields = [
            "kind", "title", "description", "good_for", "users", "languages", "topics",
            "cost", "cost_note", "links", "source_url",
        ]
        widgets = {
            **choice_widgets(radios=("kind", "cost"), checkboxes=("languages", "topics")),
            "description": forms.Textarea(attrs={"rows": 8}),
            "good_for": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Entry.Kind.choices
        self.fields["cost"].choices = Entry.Cost.choices
        if self.instance.pk:
            self.initial["links"] = self.instance.links


def initial_from(params: Mapping[str, Any], organisation: Organisation) -> dict[str, Any]:
    """The create form's initial values from request parameters: the texts of PREFILL_TEXT,
    `link` (addresses, or "label | address"), `language` (BCP-47 codes) and `tag` (topic
    slugs). Unknown values are left out; the form checks the rest when it is sent."""
    getlist = params.getlist if hasattr(params, "getlist") else (
        lambda name: [params[name]] if isinstance(params.get(name), str) else
        list(params.get(name) or []))
    initial: dict[str, Any] = {}
    for name in PREFILL_TEXT:
        value = params.get(name)
        if isinstance(value, str) and value.strip():
            initial[name] = value.strip()
    links = [line.strip() for line in getlist("link") if line.strip()]
    if links:
        initial["links"] = "\n".join(links)
    codes = []
    for code in getlist("language"):
        try:
            codes.append(normalise_language_tag(code))
        except ValueError:
            continue
    if codes:
        initial["languages"] = list(Language.objects.filter(code__in=codes))
    tags = getlist("tag")
    if tags:
        initial["topics"] = list(Topic.objects.filter(slug__in=tags))
    initial["users"] = [organisation] if organisation.is_public else []
    return initial
