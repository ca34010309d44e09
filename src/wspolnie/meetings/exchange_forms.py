"""Forms of the contact exchange: the participant-list choice, a message to a participant,
the feedback after the meeting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .exchange import SHARE_MONTHS, SharingChoice
from .models import SHAREABLE_FIELDS, SHARED_TEXT_LIMIT, Registration, ShareAudience

#: Worded apart from the registration form's own labels ("E-mail address"), beside which it
#: sits: one label, one control.
FIELD_CHOICES = [
    ("name", _("my name")),
    ("organisation_name", _("my organisation")),
    ("role", _("my role")),
    ("email", _("my e-mail address")),
    ("phone", _("my phone number")),
    ("spoken_languages", _("the languages I speak")),
    ("can_help_with", _("what I can help with")),
    ("looking_for", _("what I am looking for")),
]
assert [name for name, _label in FIELD_CHOICES] == list(SHAREABLE_FIELDS)


class SharingForm(forms.Form):
    """Prefixed "sharing", so that it sits beside the registration form."""

    prefix = "sharing"

    on_list = forms.BooleanField(label=_("Put me on the participant list"), required=False)
    fields_shared = forms.MultipleChoiceField(
        label=_("What I share"), choices=FIELD_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these appear next to you on the list; nothing ticked: the others "
                    "do not see you at all."),
    )
    audience = forms.ChoiceField(
        label=_("Shown to"), choices=ShareAudience.choices, initial=ShareAudience.PARTICIPANTS,
        widget=forms.RadioSelect, required=False,
    )
    months = forms.TypedChoiceField(
        label=_("For how long"), coerce=int, initial=6, choices=[], required=False,
        empty_value=6,
        help_text=_("Then your entry disappears from the list by itself."),
    )
    role = forms.CharField(label=_("Role"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    spoken_languages = forms.CharField(label=_("Languages I speak"), max_length=200,
                                       required=False)
    can_help_with = forms.CharField(label=_("I can help with…"), max_length=SHARED_TEXT_LIMIT,
                                    required=False, widget=forms.Textarea(attrs={"rows": 2}))
    looking_for = forms.CharField(label=_("I am looking for…"), max_length=SHARED_TEXT_LIMIT,
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # In the language of the request (a lazy plural would be fixed at import time).
        self.fields["months"].choices = [
            (months, ngettext("%(count)d month", "%(count)d months", months)
             % {"count": months}) for months in SHARE_MONTHS
        ]

    @classmethod
    def initial_for(cls, registration: Registration) -> dict:
        return {
            "on_list": registration.on_participant_list,
            "fields_shared": registration.shared_fields,
            "audience": registration.share_audience,
            "role": registration.role, "phone": registration.phone,
            "spoken_languages": registration.spoken_languages,
            "can_help_with": registration.can_help_with, "looking_for": registration.looking_for,
        }

    def choice(self) -> SharingChoice:
        data = self.cleaned_data
        return SharingChoice(
            # Not asked for when the person does not tick the list (registration form).
            on_list=data["on_list"], fields=data["fields_shared"],
            audience=data["audience"] or ShareAudience.PARTICIPANTS,
            months=data["months"], role=data["role"], phone=data["phone"],
            spoken_languages=data["spoken_languages"], can_help_with=data["can_help_with"],
            looking_for=data["looking_for"],
        )

    def add_service_errors(self, error) -> None:
        renames = {"fields": "fields_shared"}
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                name = renames.get(name, name)
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ParticipantMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 8}))


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("Was the meeting useful to you?"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 – very useful")), (4, "4"), (3, "3"), (2, "2"),
                 (1, _("1 – not at all"))],
    )
    next_topics = forms.CharField(
        label=_("What should the next meeting cover?"), max_length=SHARED_TEXT_LIMIT,
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )
