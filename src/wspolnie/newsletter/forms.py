"""Forms of the public sign-up, preferences and unsubscribe pages and the staff filters."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Topic
from wspolnie.lib.languages import native_name

from .models import Subscriber
from .subscriptions import filter_subscribers, normalise_email

#: Shown next to the consent checkbox and stored, as shown (in the page's language), in the
#: consent log with every sign-up.
CONSENT_TEXT = _(
    "I agree that Wspólnie keeps my e-mail address and my chosen languages and topics to send "
    "me its newsletter. I can unsubscribe at any time with the link in every newsletter."
)


def language_choices() -> list[tuple[str, str]]:
    """Each content language in its own name ("українська", not "Ukrainian"): the person who
    reads only that language must recognise it."""
    return [(code, native_name(code)) for code in settings.CONTENT_LANGUAGES]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.name


class LanguageCheckboxes(forms.CheckboxSelectMultiple):
    """Each language's name marked with its `lang`, so that screen readers pronounce
    "Українська" as Ukrainian on a Polish page."""

    option_template_name = "newsletter/widgets/language_option.html"


class HoneypotInput(forms.TextInput):
    """A text input inside a hidden block: people never see it, form-filling robots fill it.
    Counted as a hidden field, so form_fields.html renders it without a visible wrapper."""

    template_name = "newsletter/widgets/honeypot.html"

    @property
    def is_hidden(self) -> bool:
        return True


class EmailAddressField(forms.CharField):
    """An e-mail address normalised as the subscriptions store it, with our own message."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("label", _("E-mail address"))
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_email(value) if value else value


class PreferencesFields(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        help_text=_("Announcements come in the first of your languages they are written in."),
        widget=LanguageCheckboxes,
        error_messages={"required": _("Choose at least one language.")},
    )
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        help_text=_("Choose none to receive every topic."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()


class SignupForm(PreferencesFields):
    field_order = ["email", "languages", "topics", "consent"]

    email = EmailAddressField()
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Please agree so that we may send you the newsletter.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(PreferencesFields):
    @classmethod
    def initial_for(cls, subscriber: Subscriber) -> dict:
        return {"languages": subscriber.languages, "topics": list(subscriber.topics.all())}


class UnsubscribeRequestForm(forms.Form):
    email = EmailAddressField()


class SubscriberFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any status")), *Subscriber.Status.choices],
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), to_field_name="slug",
        empty_label=_("Any topic"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *language_choices()]

    def filter(self, queryset):
        """The subscribers matching the valid filters (an invalid filter is ignored)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        return filter_subscribers(
            queryset, status=data.get("status") or "", language=data.get("language") or "",
            topic=data["topic"].slug if data.get("topic") else "",
        )
