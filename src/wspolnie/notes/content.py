"""What a note shows: its sections in one version (language), its presentations, its contacts
as the viewer may see them, and the links collected from all of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from wspolnie.announcements.text import markdown_to_text, render_markdown
from wspolnie.contacts.privacy import contact_viewer_level, has_something_to_show, visible_fields
from wspolnie.lib.multilingual import pick_translation
from wspolnie.organisations.models import Organisation

from .models import SECTIONS, Note

SECTION_LABELS = {
    "summary": _("Summary"),
    "presentations": _("Presentations"),
    "discussion": _("Discussion"),
    "decisions": _("Decisions and ideas"),
    "next_steps": _("Next steps"),
    "useful_links": _("Useful links"),
}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False})


@dataclass(frozen=True)
class Text:
    """One section's text in the version asked for, or in another language when it is not
    written in that one (`language` says which, for the lang attribute)."""

    language: str
    markdown: str

    @property
    def html(self) -> SafeString:
        return render_markdown(self.markdown)

    @property
    def plain(self) -> str:
        return markdown_to_text(self.markdown)


def in_version(values: dict | None, language: str) -> Text | None:
    values = values or {}
    text = pick_translation(values, language, [settings.LANGUAGE_CODE, "en"])
    if not text:
        return None
    code = next(code for code, value in values.items() if value == text)
    return Text(code, text)


def chosen_version(note: Note, asked: str | None, current: str) -> str:
    """The version to show: the one asked for (?version=uk) if the note has it, else the page's
    language if it has that, else its first version."""
    languages = note.version_languages()
    for code in (asked, current, current.split("-")[0]):
        if code and code in languages:
            return code
    return languages[0] if languages else current


@dataclass
class Presentation:
    title: Text | None
    speaker: str
    organisation: Organisation | None
    summary: Text | None


def presentations(note: Note, language: str) -> list[Presentation]:
    """The presentations in `language`; a speaker organisation is shown only while it is
    approved."""
    ids = [item.get("organisation") for item in note.presentations if item.get("organisation")]
    organisations = Organisation.objects.public().in_bulk(ids)
    return [
        Presentation(
            in_version(item.get("title"), language), item.get("speaker", ""),
            organisations.get(item.get("organisation")), in_version(item.get("summary"), language),
        )
        for item in note.presentations
    ]


def visible_contacts(note: Note, user) -> list[dict]:
    """The note's contact persons as `user` may see each of them (contacts.privacy): at the
    level of the contact's own organisation; erased ones and ones showing nothing are left
    out."""
    shown = []
    for contact in note.contacts.active().select_related("organisation").prefetch_related(
        "languages"
    ):
        fields = visible_fields(contact, contact_viewer_level(user, contact.organisation))
        if has_something_to_show(fields) and contact.organisation.is_public:
            shown.append({**fields, "organisation": contact.organisation})
    return shown


@dataclass
class Link:
    url: str
    label: str = ""
    #: Where it was found: section keys ("useful_links", "summary", …).
    sections: list[str] = field(default_factory=list)

    @property
    def section_labels(self) -> list[str]:
        return [str(SECTION_LABELS[name]) for name in self.sections]


def markdown_links(text: str) -> list[tuple[str, str]]:
    """(address, link text) of every http(s) link in a Markdown text, in order."""
    found = []
    for token in _parser.parse(text or ""):
        children = token.children or []
        for index, child in enumerate(children):
            if child.type != "link_open":
                continue
            url = str(child.attrGet("href") or "")
            if not url.startswith(("http://", "https://")):
                continue
            label = []
            for inner in children[index + 1:]:
                if inner.type == "link_close":
                    break
                label.append(inner.content)
            found.append((url, "".join(label).strip()))
    return found


def collected_links(note: Note, language: str) -> list[Link]:
    """The note's link list: the useful links first (with their labels), then every link of
    its sections and presentations, each address once; a link text in `language` is
    preferred as its label."""
    links: dict[str, Link] = {}

    def add(url: str, label: str, section: str, preferred: bool) -> None:
        link = links.setdefault(url, Link(url))
        keeps_label = "useful_links" in link.sections
        if label and label != url and (not link.label or (preferred and not keeps_label)):
            link.label = label
        if section not in link.sections:
            link.sections.append(section)

    for item in note.useful_links:
        add(item["url"], item.get("label", ""), "useful_links", True)
    texts = [(name, getattr(note, name)) for name in SECTIONS] + [
        ("presentations", item.get("summary") or {}) for item in note.presentations
    ]
    for name, values in texts:
        for code, text in (values or {}).items():
            for url, label in markdown_links(text):
                add(url, label, name, code == language)
    return list(links.values())
