"""Forms of the announcement pages. They only parse and check the shape of the input; the
rules live in services.py, whose ValidationErrors the views put back on these forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Community, District, Topic
from wspolnie.lib.languages import native_name
from wspolnie.meetings.forms import LocalDateTimeField
from wspolnie.meetings.models import Event
from wspolnie.meetings.permissions import events_managed_by
from wspolnie.organisations.forms import LanguageChoiceField, TermChoiceField, VocabularyCheckboxes
from wspolnie.organisations.models import Organisation

from . import services
from .models import Announcement, AnnouncementTranslation
from .permissions import organisations_user_can_announce_for


class LinksField(forms.CharField):
    """Links as "label | https://…" lines (or just the address); errors name the line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value) -> list[dict[str, str]]:
        text = super().to_python(value) or ""
        links, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            label, _bar, url = line.rpartition("|") if "|" in line else ("", "", line)
            try:
                links.extend(services.clean_links([{"url": url.strip(), "label": label.strip()}]))
            except ValidationError as error:
                # clean_links() numbers links from 1; say which line of the box is wrong.
                message = error.messages[0].split(": ", 1)[-1]
                errors.append(ValidationError(
                    _("Line %(number)s: %(message)s"),
                    params={"number": number, "message": message}, code="link",
                ))
        if errors:
            raise ValidationError(errors)
        return links

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(
                f"{link.get('label')} | {link.get('url')}" if link.get("label") else link.get("url")
                for link in value
            )
        return value


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title_text} ({obj.local_start:%Y-%m-%d})"


class AnnouncementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none(),
        empty_label=_("The hub itself"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Announcement.Kind.choices)
    source_language = forms.ChoiceField(label=_("Written in"))
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    body = forms.CharField(
        label=_("Text"), required=False, max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italics*, [link text](https://…), lists with “- ”. "
                    "Keep sentences short: the text will be translated."),
    )
    languages = LanguageChoiceField(
        label=_("Target languages"), required=False,
        help_text=_("Each language gets a translation to assign and approve."),
    )
    other_languages = forms.CharField(
        label=_("Other target languages (codes)"), required=False, max_length=200,
        help_text=_("BCP-47 codes separated by commas or spaces, e.g. ka, vi, ru."),
    )
    topics = TermChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False,
        widget=VocabularyCheckboxes, to_field_name="slug",
    )
    communities = TermChoiceField(
        label=_("Target communities"), queryset=Community.objects.all(), required=False,
        widget=VocabularyCheckboxes, to_field_name="slug",
    )
    districts = TermChoiceField(
        label=_("Districts"), queryset=District.objects.all(), required=False,
        widget=VocabularyCheckboxes, to_field_name="slug",
    )
    links = LinksField(
        label=_("Links"), required=False,
        help_text=_("One link per line: a label, a vertical bar and the address, e.g. "
                    "“Registration | https://example.org/form”."),
    )
    event = EventChoiceField(
        label=_("Meeting"), queryset=Event.objects.none(), required=False,
        empty_label=_("None"),
    )
    publish_at = LocalDateTimeField(
        label=_("Publication date"), required=False,
        help_text=_("Empty: when you press “Publish”. Times are in Warsaw time."),
    )

    def __init__(self, *args, user, announcement: Announcement | None = None, **kwargs) -> None:
        if announcement is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(announcement)
        super().__init__(*args, **kwargs)
        organisations = organisations_user_can_announce_for(user)
        if announcement is not None and announcement.organisation_id:
            organisations = Organisation.objects.filter(
                pk__in=list(organisations.values_list("pk", flat=True))
                + [announcement.organisation_id]
            )
        self.fields["organisation"].queryset = organisations.order_by("name")
        # Only staff write for the hub as a whole.
        self.fields["organisation"].required = not user.is_staff
        if not user.is_staff:
            self.fields["organisation"].empty_label = None
        self.fields["source_language"].choices = [
            (code, native_name(code)) for code in settings.CONTENT_LANGUAGES
        ]
        events = events_managed_by(user)
        if announcement is not None and announcement.event_id:
            events = Event.objects.filter(
                pk__in=list(events.values_list("pk", flat=True)) + [announcement.event_id]
            )
        self.fields["event"].queryset = events.order_by("-starts_at")
        self.fields["event"].to_field_name = "slug"

    @staticmethod
    def initial_for(announcement: Announcement) -> dict[str, Any]:
        return {
            "organisation": announcement.organisation_id,
            "kind": announcement.kind,
            "source_language": announcement.source_language,
            "title": announcement.title,
            "body": announcement.body,
            "languages": list(announcement.languages.values_list("code", flat=True)),
            "topics": list(announcement.topics.values_list("slug", flat=True)),
            "communities": list(announcement.communities.values_list("slug", flat=True)),
            "districts": list(announcement.districts.values_list("slug", flat=True)),
            "links": announcement.links,
            "event": announcement.event.slug if announcement.event else None,
            "publish_at": announcement.publish_at,
        }

    def clean_other_languages(self) -> list[str]:
        codes = []
        for code in re.split(r"[\s,;]+", self.cleaned_data.get("other_languages") or ""):
            if code:
                codes.append(services.clean_language_code(code))
        return codes

    def values(self) -> dict[str, Any]:
        """Keyword arguments for do_create_announcement / do_update_announcement."""
        data = self.cleaned_data
        languages = list(data["languages"])
        languages += [c for c in data["other_languages"] if c not in languages]
        return {
            "organisation": data["organisation"], "kind": data["kind"],
            "source_language": data["source_language"], "title": data["title"],
            "body": data["body"], "languages": languages, "topics": list(data["topics"]),
            "communities": list(data["communities"]), "districts": list(data["districts"]),
            "links": data["links"], "event": data["event"], "publish_at": data["publish_at"],
        }


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    body = forms.CharField(
        label=_("Text"), required=False, max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown, like the original: keep the links and the formatting marks."),
    )

    def __init__(self, *args, translation_row: AnnouncementTranslation, **kwargs) -> None:
        kwargs.setdefault("initial", {"title": translation_row.title,
                                      "body": translation_row.body})
        super().__init__(*args, **kwargs)
        # The form is written in the target language: say so to browsers and screen readers.
        for name in ("title", "body"):
            self.fields[name].widget.attrs["lang"] = translation_row.language
        self.fields["body"].widget.attrs["dir"] = "auto"


class AssignTranslatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Translator's e-mail address"), required=False,
    )

    def clean_email(self):
        email = self.cleaned_data.get("email")
        if not email:
            return None
        return services.find_translator(email)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any"))] + list(Announcement.Status.choices),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none(),
        empty_label=_("Any"), to_field_name="slug",
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def apply(self, announcements):
        if not self.is_valid():
            return announcements
        if self.cleaned_data["status"]:
            announcements = announcements.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["organisation"]:
            announcements = announcements.filter(organisation=self.cleaned_data["organisation"])
        return announcements
