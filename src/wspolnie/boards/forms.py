from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolnie.lib.languages import native_name
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.picker import (
    OrganisationPickerField,
    meeting_organisations,
    own_organisations,
)

from .models import Board, Card, Comment

COLUMNS_MAX_LENGTH = 2000


class BoardForm(forms.ModelForm):
    columns = forms.CharField(
        label=_("Columns"), max_length=COLUMNS_MAX_LENGTH,
        help_text=_("One per line, in their order, e.g. the thematic tables of the meeting."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Board
        fields = ["title", "description", "event", "columns", "posting", "reading",
                  "needs_approval", "is_open"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "posting": forms.RadioSelect(attrs={"class": "choice-list"}),
            "reading": forms.RadioSelect(attrs={"class": "choice-list"}),
        }

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from wspolnie.meetings.models import Event

        events = Event.objects.filter(organisers=organisation) if organisation else Event.objects
        self.fields["event"].queryset = events.order_by("-starts_at")
        self.fields["event"].help_text = _("Leave empty for a board of its own.")
        self.fields["posting"].choices = Board.Posting.choices
        self.fields["reading"].choices = Board.Reading.choices
        if self.instance.pk:
            self.initial["columns"] = "\n".join(
                self.instance.columns.values_list("title", flat=True)
            )

    def clean_columns(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["columns"].splitlines()
                if line.strip()]


def language_choices() -> list[tuple[str, str]]:
    return [("", _("Not given"))] + [
        (code, native_name(code)) for code in settings.CONTENT_LANGUAGES
    ]


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def board_organisations(board: Board) -> list:
    """The shortlist's sources for a card on `board` (after the poster's own organisations):
    the organisations already on the board, then its meeting's organisers and speakers."""
    sources = [Organisation.objects.filter(board_cards__board=board)]
    if board.event_id:
        sources += meeting_organisations(board.event_id)
    return sources


class CardForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), required=False, choices=language_choices)
    # Not a select of the whole directory (issue #14): a shortlist, a name, suggestions.
    author_organisation = OrganisationPickerField(
        label=_("Organisation"), required=False,
        help_text=_("Optional: the organisation from the directory you write for."),
    )

    class Meta:
        model = Card
        fields = ["column", "text", "link", "link_title", "author_name", "author_organisation",
                  "tags", "language"]
        formfield_callback = _formfield
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, board: Board, signed_in: bool = False, user=None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = board.columns.all()
        self.fields["column"].empty_label = None
        self.fields["author_organisation"].sources = [own_organisations(user),
                                                      *board_organisations(board)]
        if signed_in:
            self.fields["author_name"].label = _("Name shown on the card")


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text", "author_name"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class MoveForm(forms.Form):
    column = forms.IntegerField(required=False)
    index = forms.IntegerField(required=False, min_value=0)
    direction = forms.ChoiceField(
        required=False, choices=[(d, d) for d in ("", "up", "down", "left", "right")]
    )


class PadletImportForm(forms.Form):
    file = forms.FileField(
        label=_("Padlet CSV export"),
        help_text=_("In Padlet: Share → Export → CSV. Sections become columns."),
    )
