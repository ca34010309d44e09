from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feed


class FeedForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address of the feed"), max_length=500, assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("The address of your organisation's calendar in iCalendar format (often "
                    "ending in .ics), or of an RSS or Atom feed of your events."))

    class Meta:
        model = Feed
        fields = ["url", "kind", "enabled"]
        help_texts = {
            "enabled": _("Untick to stop importing for a while without removing the feed."),
        }
