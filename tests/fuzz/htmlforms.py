"""What a page's forms ask for: every field with its kind, the values the page shows and the
options it offers (for generating submissions; tests/forms.py fills a form as shown)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "select", "select-multiple" or "textarea"
    values: list[str] = field(default_factory=list)  # as the page shows them
    options: list[str] = field(default_factory=list)  # of selects, checkboxes and radios


@dataclass
class Form:
    attrs: dict[str, str]
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return (self.attrs.get("method") or "get").lower()

    def shown(self) -> dict[str, list[str]]:
        """The submission the page would send unchanged."""
        return {name: list(spec.values) for name, spec in self.fields.items() if spec.values}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self._select: Field | None = None
        self._first_option: str | None = None
        self._textarea: Field | None = None
        self._text: list[str] = []

    def _field(self, name: str, kind: str) -> Field:
        return self.form.fields.setdefault(name, Field(name, kind))

    def handle_starttag(self, tag, attrs):
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = Form(attr)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attr.get("name")
        if tag == "input" and name and "disabled" not in attr:
            kind = attr.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            spec = self._field(name, kind)
            value = attr.get("value", "on" if kind in {"checkbox", "radio"} else "")
            if kind in {"checkbox", "radio"}:
                spec.options.append(value)
                if "checked" in attr:
                    spec.values.append(value)
            elif kind != "file":
                spec.values.append(value)
        elif tag == "select" and name:
            self._select = self._field(name, "select-multiple" if "multiple" in attr else "select")
            self._first_option = None
        elif tag == "option" and self._select:
            value = attr.get("value", "")
            self._select.options.append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in attr:
                self._select.values.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = self._field(name, "textarea"), []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self._select:
            spec = self._select
            if not spec.values and spec.kind == "select" and self._first_option is not None:
                spec.values.append(self._first_option)
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._textarea.values.append(text[1:] if text.startswith("\n") else text)
            self._textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
