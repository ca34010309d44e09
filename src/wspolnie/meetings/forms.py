from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.fields import MultilingualField
from wspolnie.lib.languages import native_name
from wspolnie.organisations.models import Organisation
from wspolnie.organisations.picker import MultipleOrganisationPickerField, meeting_organisations

from .models import Event, Question, Registration, Series, pick
from .services import RegistrationData, RegistrationError

# Limits of texts the models keep without one (TextField, JSON {language: text}): long enough
# for any real meeting, short enough that nobody can post megabytes. Per language where the
# text is multilingual.
DESCRIPTION_MAX = 20000  # a meeting's or series' description, its report (like announcements)
CONSENT_MAX = 2000
ACCESSIBILITY_MAX = 2000
LINES_MAX = 5000  # links of a report, choices of a question, themes of a series


class RegistrationForm(forms.Form):
    """The built-in fields plus the meeting's own questions (fields q_<id>)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={"invalid": _("Please give a valid e-mail address, like name@example.org.")},
    )
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=200, required=False,
        help_text=_("The organisation or group you come from, if any."),
    )
    language = forms.ChoiceField(
        label=_("Language of the mails"),
        choices=[(code, native_name(code)) for code, _name in settings.LANGUAGES],
    )
    share_contact = forms.BooleanField(
        label=_("The organisers may pass my e-mail address on in the participant list, "
                "for networking."),
        required=False,
    )

    def __init__(self, *args, event: Event, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.editing = editing
        if editing:
            del self.fields["email"]
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[question.field_name] = self._field_for(question)
        if event.consent_text and not editing:
            self.fields["consent"] = forms.BooleanField(
                label=event.consent_text_in_language, required=True,
                error_messages={"required": _("Registration needs your consent.")},
            )

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        common = {
            "label": question.label_text,
            "required": question.required,
            "help_text": pick(question.help_text),
            "error_messages": {"required": _("Please answer this question.")},
        }
        if question.kind == Question.Kind.TEXT:
            return forms.CharField(
                max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), **common
            )
        if question.kind == Question.Kind.YES_NO:
            return forms.TypedChoiceField(
                choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
                coerce=lambda value: value == "yes", empty_value=None, **common,
            )
        if question.kind == Question.Kind.CHOICE:
            return forms.ChoiceField(
                choices=[("", "—"), *question.choice_pairs()], **common
            )
        return forms.MultipleChoiceField(
            choices=question.choice_pairs(), widget=forms.CheckboxSelectMultiple, **common
        )

    @classmethod
    def initial_for(cls, registration: Registration) -> dict:
        initial = {
            "name": registration.name,
            "organisation_name": registration.organisation_name,
            "language": registration.language,
            "share_contact": registration.share_contact,
        }
        for question in registration.event.questions.all():
            answer = registration.answers.get(str(question.pk))
            if question.kind == Question.Kind.YES_NO and answer is not None:
                answer = "yes" if answer else "no"
            initial[question.field_name] = answer
        return initial

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            name=data["name"],
            email=data.get("email", ""),
            organisation_name=data.get("organisation_name", ""),
            language=data["language"],
            answers={
                str(question.pk): data.get(question.field_name)
                for question in self.questions
            },
            consent=bool(data.get("consent")),
            share_contact=bool(data.get("share_contact")),
        )

    def add_service_error(self, error: RegistrationError) -> None:
        """Show a service's refusal on the form: on its fields, or above the form."""
        placed = False
        for name, message in error.field_errors.items():
            if name in self.fields:
                self.add_error(name, message)
                placed = True
        if not placed or error.code != "invalid":
            self.add_error(None, error.message)


def _json_contains() -> bool:
    from django.db import connection

    return connection.features.supports_json_field_contains


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)


class EventForm(forms.ModelForm):
    """What organisers edit. Times are entered in the meeting's own time zone."""

    title = MultilingualField(
        label=_("Title"), required_languages=[settings.LANGUAGE_CODE], max_length=200,
        textarea=False,
    )
    description = MultilingualField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX
    )
    consent_text = MultilingualField(
        label=_("Consent text"), required=False, max_length=CONSENT_MAX,
        help_text=_("Registrants must agree to it to register (leave empty for none)."),
    )
    online_link = forms.URLField(
        label=_("Link to the video call"), required=False, assume_scheme="https",
        help_text=_("Only registered participants see it."),
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "title", "series", "number", "theme", "description", "format", "venue_name",
            "venue_address", "latitude", "longitude", "accessibility_notes", "online_link",
            "starts_at", "ends_at",
            "timezone", "moderators", "languages", "capacity", "waitlist", "consent_text",
            "reminder_hours",
        ]
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }
        help_texts = {
            "latitude": _("Optional, e.g. 51.107883: the meeting's page shows the venue on a "
                          "map."),
            "longitude": _("Optional, e.g. 17.038538."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [
            (code, native_name(code)) for code in settings.CONTENT_LANGUAGES
        ]
        notes = self.fields["accessibility_notes"]
        notes.max_length = ACCESSIBILITY_MAX
        notes.validators.append(MaxLengthValidator(ACCESSIBILITY_MAX))
        zone = self._zone()
        for name in ("starts_at", "ends_at"):
            value = getattr(self.instance, name, None)
            if value is not None and not self.is_bound:
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def _zone(self) -> zoneinfo.ZoneInfo:
        name = (self.data.get("timezone") if self.is_bound else None) or self.instance.timezone
        try:
            return zoneinfo.ZoneInfo(name or "Europe/Warsaw")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
            return zoneinfo.ZoneInfo("Europe/Warsaw")

    def clean(self):
        cleaned = super().clean()
        zone = self._zone()
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None:
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                cleaned[name] = naive.replace(tzinfo=zone)
        if cleaned.get("starts_at") and cleaned.get("ends_at") and \
                cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        coordinates = (cleaned.get("latitude"), cleaned.get("longitude"))
        if (coordinates[0] is None) != (coordinates[1] is None) \
                and "latitude" not in self.errors and "longitude" not in self.errors:
            self.add_error(None, _("Give both the latitude and the longitude, or neither."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReportForm(forms.Form):
    report = MultilingualField(label=_("Report"), required_languages=[settings.LANGUAGE_CODE],
                               max_length=DESCRIPTION_MAX)
    links = forms.CharField(
        label=_("Links to notes and boards"), required=False, max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line."),
    )

    def clean_links(self) -> list[str]:
        from django.core.validators import URLValidator

        check = URLValidator(schemes=["http", "https"])
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for link in links:
            try:
                check(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(url)s” is not a valid web address."), params={"url": link}
                ) from None
        return links


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=10000)
    statuses = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=[(status, label) for status, label in Registration.Status.choices
                 if status in Registration.ACTIVE],
        initial=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        widget=forms.CheckboxSelectMultiple,
    )


class AgendaItemForm(forms.Form):
    time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"},
                                                                  format="%H:%M"),
    )
    title = MultilingualField(label=_("Title"), required_languages=[settings.LANGUAGE_CODE],
                              max_length=300, textarea=False)
    speakers = forms.CharField(label=_("Speakers"), max_length=300, required=False)
    # Not a select of the whole directory (issue #14): the meeting's organisers and its
    # agenda's speakers' organisations to tick, any other one by name.
    speaker_organisations = MultipleOrganisationPickerField(
        label=_("Speakers' organisations"), required=False,
    )

    def __init__(self, *args, event=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["speaker_organisations"].sources = meeting_organisations(event)


class QuestionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = MultilingualField(label=_("Question"), required_languages=[settings.LANGUAGE_CODE],
                              max_length=300, textarea=False)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    choices_text = forms.CharField(
        label=_("Choices"), required=False, max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For one or multiple choice: one choice per line, its names in the "
                    "languages separated by “|”, e.g. wegańska | vegan | веганська."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        lines = [line.strip() for line in (cleaned.get("choices_text") or "").splitlines()
                 if line.strip()]
        if kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE) and len(lines) < 2:
            self.add_error("choices_text", _("Give at least two choices, one per line."))
        cleaned["choice_lines"] = lines if kind in (Question.Kind.CHOICE,
                                                     Question.Kind.MULTIPLE) else []
        return cleaned

    @staticmethod
    def initial_for(question: Question) -> dict:
        languages = list(settings.CONTENT_LANGUAGES)
        return {
            "id": question.pk, "label": question.label, "kind": question.kind,
            "required": question.required,
            "choices_text": "\n".join(
                " | ".join(choice.get("label", {}).get(code, "") for code in languages).rstrip(
                    " |")
                for choice in question.choices
            ),
        }


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=2, can_delete=True, max_num=50)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, can_delete=True, max_num=30)


class SeriesForm(forms.Form):
    title = MultilingualField(label=_("Title"), required_languages=[settings.LANGUAGE_CODE],
                              max_length=200, textarea=False)
    description = MultilingualField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX
    )
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    # Not a select of the whole directory (issue #14): the current co-organisers and those
    # who organised meetings with one's organisations to tick, any other one by name.
    co_organisers = MultipleOrganisationPickerField(
        label=_("Co-organisers"), required=False,
        help_text=_("Each organisation named here is asked first: it becomes a co-organiser "
                    "once its admins confirm."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, native_name(code)) for code in settings.CONTENT_LANGUAGES],
    )
    themes = forms.CharField(
        label=_("Themes"), required=False, max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One theme per line, its names in the languages separated by “|”, "
                    "e.g. Wsparcie | Support | Підтримка."),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations
        if organisations is not None:
            self.fields["co_organisers"].sources = [Organisation.objects.filter(
                organised_events__organisers__in=organisations).exclude(pk__in=organisations)]

    @staticmethod
    def initial_for(series: Series) -> dict:
        languages = list(settings.CONTENT_LANGUAGES)
        return {
            "title": series.title, "description": series.description,
            "organiser": series.organiser, "co_organisers": list(series.co_organisers.all()),
            "languages": series.languages,
            "themes": "\n".join(
                " | ".join(theme.names.get(code, "") for code in languages).rstrip(" |")
                for theme in series.themes.all()
            ),
        }

    def theme_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["themes"].splitlines()
                if line.strip()]
