from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Community, Topic
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.picker import OrganisationPickerField

from .models import PARTNERSHIP_DESCRIPTION_MAX_LENGTH, Tie
from .selectors import Filters


class FilterForm(forms.Form):
    """The graph's and the tables' filters (GET; an invalid value is shown and ignored)."""

    kind = forms.ChoiceField(label=_("Kind of tie"), required=False,
                             choices=[("", _("All kinds"))] + list(Tie.Kind.choices))
    since = forms.DateField(label=_("Active since"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Active until"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    community = forms.ModelChoiceField(
        label=_("Community"), required=False, queryset=Community.objects.all(),
        to_field_name="slug", empty_label=_("All communities"))
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), to_field_name="slug",
        empty_label=_("All topics"))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period must not be before its start."))
        return data

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind") or "", since=data.get("since"), until=data.get("until"),
            community=data["community"].slug if data.get("community") else "",
            topic=data["topic"].slug if data.get("topic") else "",
        )


class PartnershipForm(forms.Form):
    proposer = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=Organisation.objects.none())
    # Any approved organisation, not a select of the whole directory (issue #14).
    partner = OrganisationPickerField(label=_("Partner organisation"), to_field_name="slug")
    description = forms.CharField(
        label=_("What the partnership is about"), required=False,
        max_length=PARTNERSHIP_DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Since"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, administered=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = administered if administered is not None else (
            Organisation.objects.none())
        self.fields["proposer"].to_field_name = "slug"
        if administered is not None:
            # The shortlist: organisations that already organised a meeting with one's own.
            self.fields["partner"].sources = [Organisation.objects.filter(
                organised_events__organisers__in=administered).exclude(pk__in=administered)]
