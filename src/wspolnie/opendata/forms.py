from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Topic
from wspolnie.lib.languages import native_name
from wspolnie.organisations.picker import OrganisationPickerField, own_organisations


def _content_languages() -> list[tuple[str, str]]:
    return [("", _("any language")),
            *((code, native_name(code)) for code in settings.CONTENT_LANGUAGES)]


class EmbedForm(forms.Form):
    """What the meetings widget shows (GET: the builder's address is shareable)."""

    # Any approved organisation, not a select of the whole directory (issue #14).
    organisation = OrganisationPickerField(
        label=_("Organisation"), required=False, to_field_name="slug",
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

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _content_languages()
        self.fields["organisation"].sources = [own_organisations(user)]
