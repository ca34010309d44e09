from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .query import indexed_kinds, kind_label
from .text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Words in any language; accents and Polish letters are optional."),
    )
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("Everything")), *((kind, kind_label(kind)) for kind in indexed_kinds())
        ]
        # Live results while typing (htmx, its data-hx-* form: valid HTML); without JavaScript
        # the form works as it is.
        # Pressing Enter submits the form as usual, giving the results an address.
        live = {
            "data-hx-get": reverse("search:search"),
            "data-hx-include": "closest form",
            "data-hx-target": "#search-results",
            "data-hx-select": "#search-results",
            "data-hx-swap": "outerHTML",
        }
        self.fields["q"].widget.attrs.update(
            live, **{"data-hx-trigger": "input changed delay:400ms"}
        )
        self.fields["kind"].widget.attrs.update(live, **{"data-hx-trigger": "change"})
