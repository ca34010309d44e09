from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Topic
from wspolnie.lib.languages import native_name
from wspolnie.organisations.models import Organisation


def _content_languages() -> list[tuple[str, str]]:
    return [("", _("any language")),
            *((code, native_name(code)) for code in settings.CONTENT_LANGUAGES)]


class EmbedForm(forms.Form):
    """What the meetings widget shows (GET: the builder's address is shareable)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, to_field_name="slug",
        queryset=Organisation.objects.public().order_by("name"),
        empty_label=_("all organisations"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, to_field_name="slug",
        queryset=Topic.objects.all(), empty_label=_("all topics"),
    )
    language = forms.ChoiceField(label=_("Meetings held in"), required=False, choices=())
    widget_language = forms.ChoiceField(
        label=_("Language of the widget"), required=False, choices=settings.LANGUAGES,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _content_languages()
