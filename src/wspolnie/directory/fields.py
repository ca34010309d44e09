"""Form fields for text kept in several languages ({code: text} in a JSONField)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property, lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wspolnie.directory.models import too_long_in_language
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


def _too_long_text(code: str, limit: int) -> str:
    # The length is only known when the text is checked: MaxLengthValidator fills it in.
    return too_long_in_language(code, limit, "%(show_value)d")


#: The message for a text too long in one language: it says which language. Lazy, because
#: fields are made when the module loads and the message must be in the request's language.
_too_long_in = lazy(_too_long_text, str)


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
        #: Per language (each language's text may be this long).
        self.max_length = max_length
        fields = [
            forms.CharField(
                required=False, max_length=max_length,
                error_messages={"max_length": _too_long_in(code, max_length or 0)},
            )
            for code in self.languages
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


# -- length limits -----------------------------------------------------------------------------
#
# A browser cuts text typed or pasted into an input with `maxlength` at that length without a
# word: a 10,000-character title pasted into a 200-character field was saved as its first 200
# characters. So no input gets `maxlength`; every text field with a limit says it under its label
# ("At most 200 characters."), a small script (directory/limits.js) says so again as soon as the
# text is too long, and the server refuses longer text with the field's own message, keeping what
# was typed. This applies to every form through the form renderer (settings.FORM_RENDERER), so
# no form has to opt in.


def length_limit(field: forms.Field) -> int | None:
    """The most characters `field` accepts, or None (no text field, or no limit)."""
    limit = getattr(field, "max_length", None)
    return limit if isinstance(limit, int) and limit > 0 else None


def length_hint(field: forms.Field) -> str:
    """"At most N characters." in the current language; empty for fields without a limit."""
    limit = length_limit(field)
    if limit is None:
        return ""
    if isinstance(field, MultilingualField) and len(field.languages) > 1:
        return ngettext(
            "At most %(limit)s character in each language.",
            "At most %(limit)s characters in each language.", limit,
        ) % {"limit": limit}
    return ngettext(
        "At most %(limit)s character.", "At most %(limit)s characters.", limit
    ) % {"limit": limit}


class LengthLimitBoundField(BoundField):
    """A field that shows its length limit instead of letting the browser cut the text."""

    def __init__(self, form, field, name) -> None:
        super().__init__(form, field, name)
        if self.shows_limit:
            hint = format_html('<span class="length-limit">{}</span>', length_hint(field))
            # Joined to the help text, so every template that shows help text shows the
            # limit too, and the input's aria-describedby already points at it.
            self.help_text = format_html("{} {}", self.help_text, hint) if self.help_text else hint

    @cached_property
    def shows_limit(self) -> bool:
        widget = self.field.widget
        if widget.is_hidden or length_limit(self.field) is None:
            return False
        if not getattr(self.form, "length_hints", True):
            return False
        # An e-mail address (at most 254 characters by the standard) or a search box needs no
        # hint; the server still refuses longer ones.
        kinds = {getattr(widget, "input_type", None), widget.attrs.get("type")}
        return not isinstance(self.field, forms.EmailField) and not kinds & {"email", "search"}

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        limit = length_limit(self.field)
        if limit is not None:
            # False leaves the attribute out (Django's attrs.html), even if the field put it
            # into the widget's own attrs.
            attrs["maxlength"] = False
            attrs["data-maxlength"] = limit
            attrs["data-too-long"] = _("Too long: %(count)s (at most %(limit)s).") % {
                "count": "{count}", "limit": limit,
            }
        return attrs


class FormRenderer(DjangoTemplates):
    """Django's renderer, with fields that show their length limit (settings.FORM_RENDERER)."""

    bound_field_class = LengthLimitBoundField
