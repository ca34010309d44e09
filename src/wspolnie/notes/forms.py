from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wspolnie.announcements.forms import LinksField
from wspolnie.contacts.models import ContactPerson
from wspolnie.contacts.privacy import contact_viewer_level, visible_fields
from wspolnie.directory.fields import MultilingualField
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.picker import OrganisationPickerField, meeting_organisations

from .models import (
    PRESENTATION_SUMMARY_MAX_LENGTH,
    PRESENTATION_TITLE_MAX_LENGTH,
    PRESENTATIONS_MAX,
    SECTION_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
)

MARKDOWN_HELP = _("Markdown: **bold**, *italics*, lists with “- ”, links as [text](https://…).")


def section_field(label) -> MultilingualField:
    return MultilingualField(
        label=label, required=False, max_length=SECTION_MAX_LENGTH, completeness=True,
        help_text=MARKDOWN_HELP,
    )


class ContactChoiceField(forms.ModelMultipleChoiceField):
    """Contact persons of approved organisations, each named as the note's writer may see it
    (a name hidden from them shows as the role)."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})

    def __init__(self, user, **kwargs) -> None:
        self.user = user
        queryset = ContactPerson.objects.active().filter(
            organisation__status=Organisation.Status.APPROVED
        ).select_related("organisation").order_by("organisation__name", "pk")
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, contact: ContactPerson) -> str:
        fields = visible_fields(contact, contact_viewer_level(self.user, contact.organisation))
        role = pick_translation(
            fields["role"] or {}, translation.get_language() or settings.LANGUAGE_CODE
        )
        who = fields["name"] or role or "—"
        return f"{who} ({contact.organisation.name})"


class NoteForm(forms.Form):
    summary = section_field(_("Summary"))
    discussion = section_field(_("Discussion"))
    decisions = section_field(_("Decisions and ideas"))
    next_steps = section_field(_("Next steps"))
    useful_links = LinksField(
        label=_("Useful links"), required=False, max_length=5000,
        help_text=_("One a line: “label | https://…”, or just the address."),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"] = ContactChoiceField(
            user, label=_("Contact persons"), required=False,
            help_text=_(
                "Each one is shown as its organisation set it: a phone number visible to "
                "staff only never appears in the public note."
            ),
        )


class PresentationForm(forms.Form):
    title = MultilingualField(
        label=_("Title"), required=False, max_length=PRESENTATION_TITLE_MAX_LENGTH,
        textarea=False,
    )
    speaker = forms.CharField(
        label=_("Speaker"), required=False, max_length=SPEAKER_MAX_LENGTH,
        help_text=_("Name a person only with their consent; the organisation is enough."),
    )
    # Any approved organisation, not a select of the whole directory (issue #14); the
    # shortlist: the meeting's organisers and the speakers' organisations of its agenda.
    organisation = OrganisationPickerField(label=_("Speaker's organisation"), required=False)
    summary = MultilingualField(
        label=_("What was presented"), required=False,
        max_length=PRESENTATION_SUMMARY_MAX_LENGTH, help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, event=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["organisation"].sources = meeting_organisations(event)

    def clean(self):
        data = super().clean()
        filled = data.get("speaker") or data.get("organisation") or data.get("summary")
        if filled and not data.get("title"):
            self.add_error("title", _("A presentation needs a title."))
        return data

    def value(self) -> dict | None:
        """The presentation as the note keeps it; None for an empty row."""
        data = self.cleaned_data
        if not data or not data.get("title"):
            return None
        organisation = data.get("organisation")
        return {
            "title": data["title"], "speaker": data.get("speaker", ""),
            "organisation": organisation.pk if organisation else None,
            "summary": data.get("summary") or {},
        }


PresentationFormSet = forms.formset_factory(
    PresentationForm, extra=2, max_num=PRESENTATIONS_MAX, validate_max=True
)


def presentation_initial(presentations: list[dict]) -> list[dict]:
    return [
        {"title": item.get("title") or {}, "speaker": item.get("speaker", ""),
         "organisation": item.get("organisation"), "summary": item.get("summary") or {}}
        for item in presentations
    ]


class NewNoteForm(forms.Form):
    """Which of the meeting's organisers publishes the note (when the writer may publish for
    several)."""

    organisation = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none(), empty_label=None,
        widget=forms.RadioSelect(attrs={"class": "choice-list"}),
    )

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[organisation.pk for organisation in organisations]
        ).order_by("name")
