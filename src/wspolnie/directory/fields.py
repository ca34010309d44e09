"""Form fields for text kept in several languages ({code: text} in a JSONField)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wspolnie.lib.languages import native_name


class MultilingualWidget(forms.MultiWidget):
    template_name = "directory/widgets/multilingual.html"

    def __init__(
        self, languages: list[str], textarea: bool = True, attrs=None, completeness: bool = False
    ) -> None:
        self.languages = languages
        #: Show "filled in" / "missing" under each language (updated as one types, by
        #: directory/multilingual.js when the page includes it).
        self.completeness = completeness
        inner = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
        super().__init__({code: inner for code in languages}, attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["completeness"] = self.completeness
        for code, subwidget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            subwidget["language_code"] = code
            subwidget["language_name"] = native_name(code)
            subwidget["attrs"]["lang"] = code
            subwidget["complete"] = bool(str(subwidget.get("value") or "").strip())
            if self.completeness and subwidget["attrs"].get("id"):
                status_id = f"{subwidget['attrs']['id']}_status"
                subwidget["status_id"] = status_id
                described = subwidget["attrs"].get("aria-describedby", "")
                subwidget["attrs"]["aria-describedby"] = f"{described} {status_id}".strip()
        return context


class MultilingualField(forms.MultiValueField):
    """One input per content language, side by side; cleans to {code: text} without empties.

    `required_languages` must be filled in (the others are optional).
    """

    def __init__(
        self,
        *,
        languages: list[str] | None = None,
        required_languages: list[str] | None = None,
        max_length: int | None = None,
        textarea: bool = True,
        completeness: bool = False,
        **kwargs,
    ) -> None:
        self.languages = list(languages or settings.CONTENT_LANGUAGES)
        self.required_languages = list(required_languages or [])
        fields = [
            forms.CharField(required=False, max_length=max_length) for _code in self.languages
        ]
        kwargs.setdefault("required", bool(self.required_languages))
        super().__init__(
            fields,
            widget=MultilingualWidget(
                self.languages, textarea=textarea, completeness=completeness
            ),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list) -> dict[str, str]:
        values = dict(zip(self.languages, data_list or [], strict=False))
        return {code: text.strip() for code, text in values.items() if text and text.strip()}

    def clean(self, value):
        cleaned = super().clean(value)
        missing = [code for code in self.required_languages if not cleaned.get(code)]
        if missing:
            raise forms.ValidationError(
                _("Please fill in the text in: %(languages)s."),
                params={"languages": ", ".join(native_name(code) for code in missing)},
                code="required_language",
            )
        return cleaned
