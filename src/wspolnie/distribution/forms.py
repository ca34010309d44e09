from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolnie.channels.models import Channel

from .models import PlanItem
from .selectors import OVERVIEW_DEFAULT, OVERVIEW_MAX


class ItemStatusForm(forms.Form):
    """One checklist line: its status, the link to the published post and a note. The service
    checks the rules that depend on the channel (a link for online channels)."""

    status = forms.ChoiceField(label=_("Status"), choices=PlanItem.Status.choices)
    published_url = forms.URLField(
        label=_("Link to the published post"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Required for online channels when published."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class AddChannelForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Add a channel by hand"),
        queryset=Channel.objects.none(),
        empty_label=_("— choose a channel —"),
    )

    def __init__(self, *args, announcement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = (
            Channel.objects.public()
            .exclude(pk__in=announcement.plan_items.values("channel_id"))
            .order_by("name", "pk")
        )


class OverviewForm(forms.Form):
    n = forms.IntegerField(
        label=_("Number of recent announcements"),
        min_value=1,
        max_value=OVERVIEW_MAX,
        initial=OVERVIEW_DEFAULT,
    )
