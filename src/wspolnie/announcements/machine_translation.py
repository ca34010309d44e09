"""Optional machine pre-translation of announcements.

A provider is anything with `translate(text, source, target) -> str`. The one shipped here speaks
the LibreTranslate HTTP API (Argos Translate servers speak the same), configured with
settings.MACHINE_TRANSLATION_URL; with the setting empty (the default) the feature is off.
Wspólnie never downloads a model: the server does the work.

The result is only a starting point for a human translator: it is saved as a draft marked
`machine_translated`, and never replaces text a person wrote.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.audit import diff_fields, record, register_action, snapshot

from .models import Announcement, AnnouncementTranslation
from .permissions import can_edit_translation

register_action("announcement.pretranslated", gettext_lazy("Translation machine pre-translated"))


class MachineTranslationError(Exception):
    """The provider could not translate (server down, refused, answered nonsense). The message
    is translated and meant for the person who pressed the button."""


class MachineTranslationUnavailable(MachineTranslationError):
    """Machine pre-translation is not configured on this site."""


class MachineTranslationRefused(MachineTranslationError):
    """The translation holds text a person wrote (or approved): it is not overwritten."""


class TranslationProvider(Protocol):
    def translate(self, text: str, source: str, target: str) -> str: ...


class LibreTranslateProvider:
    """POST {url}/translate with JSON {q, source, target, format: "text", api_key?}; the answer
    is {"translatedText": "…"} (or {"error": "…"} with a 4xx/5xx status)."""

    def __init__(self, url: str, api_key: str = "", timeout: float = 20) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, text: str, source: str, target: str) -> str:
        payload = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 (the URL is the admin's setting)
            f"{self.url}/translate",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise MachineTranslationError(
                _("The translation server refused the request (HTTP %(status)s): %(reason)s")
                % {"status": error.code, "reason": _error_reason(error)}
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise MachineTranslationError(
                _("The translation server cannot be reached (%(reason)s). Nothing was changed; "
                  "try again later or translate by hand.")
                % {"reason": getattr(error, "reason", error)}
            ) from error
        try:
            translated = json.loads(raw)["translatedText"]
        except (ValueError, KeyError, TypeError):
            raise MachineTranslationError(
                _("The translation server gave an answer that is not a translation.")
            ) from None
        if not isinstance(translated, str):
            raise MachineTranslationError(
                _("The translation server gave an answer that is not a translation.")
            )
        return translated


def _error_reason(error: urllib.error.HTTPError) -> str:
    """LibreTranslate explains errors in {"error": "…"}; otherwise the HTTP reason phrase."""
    try:
        body = json.loads(error.read() or b"{}")
        if isinstance(body, dict) and isinstance(body.get("error"), str):
            return body["error"][:200]
    except (ValueError, OSError):
        pass
    return str(error.reason)


def get_provider() -> TranslationProvider | None:
    """The configured provider, or None when machine pre-translation is off."""
    if not settings.MACHINE_TRANSLATION_URL:
        return None
    return LibreTranslateProvider(
        settings.MACHINE_TRANSLATION_URL,
        api_key=settings.MACHINE_TRANSLATION_API_KEY,
        timeout=settings.MACHINE_TRANSLATION_TIMEOUT,
    )


def is_enabled() -> bool:
    return bool(settings.MACHINE_TRANSLATION_URL)


#: Block markers kept out of the text sent for translation (engines mangle them).
_LINE_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+|>\s?)+)")


def translate_markdown(provider: TranslationProvider, text: str, source: str,
                       target: str) -> str:
    """Translate Markdown paragraph by paragraph, so the structure (blank lines, headings,
    list items, quotes, code blocks) survives whatever the engine does to the words."""
    out: list[str] = []
    in_fence = False
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines = block.split("\n")
        fence_lines = sum(1 for line in lines if line.lstrip().startswith("```"))
        if in_fence or lines[0].lstrip().startswith("```") or block.startswith("    "):
            # Code is not prose: kept as written.
            out.append(block)
            if fence_lines % 2:
                in_fence = not in_fence
            continue
        if any(_LINE_MARKER.match(line) for line in lines):
            # Lists, headings, quotes: each line on its own, its marker kept.
            translated_lines = []
            for line in lines:
                match = _LINE_MARKER.match(line)
                prefix = match.group(1) if match else ""
                rest = line[len(prefix):]
                translated_lines.append(
                    prefix + (provider.translate(rest, source, target).strip() if rest.strip()
                              else rest)
                )
            out.append("\n".join(translated_lines))
        else:
            out.append(provider.translate(" ".join(lines), source, target).strip())
    return "\n\n".join(out)


def do_pretranslate(actor, translation: AnnouncementTranslation,
                    provider: TranslationProvider | None = None) -> AnnouncementTranslation:
    """Fill an empty (or still machine-made) translation from the source with the provider.

    Everything is translated before anything is saved, so a server that fails half-way leaves
    the translation as it was. Raises PermissionDenied, MachineTranslationUnavailable,
    MachineTranslationRefused or MachineTranslationError.
    """
    if not can_edit_translation(actor, translation):
        raise PermissionDenied
    provider = provider or get_provider()
    if provider is None:
        raise MachineTranslationUnavailable(
            _("Machine pre-translation is not set up on this site.")
        )
    announcement: Announcement = translation.announcement
    if translation.language == announcement.source_language:
        raise MachineTranslationRefused(
            _("This is the language the announcement is written in.")
        )
    has_human_text = bool(translation.title or translation.body) and (
        not translation.machine_translated
        or translation.status == AnnouncementTranslation.Status.APPROVED
    )
    if has_human_text:
        raise MachineTranslationRefused(
            _("This translation already has text written by a person; machine "
              "pre-translation only fills empty translations. Clear it first to start over.")
        )
    source, target = announcement.source_language, translation.language
    title = provider.translate(announcement.title, source, target).strip()[:200]
    body = translate_markdown(provider, announcement.body, source, target) if (
        announcement.body.strip()) else ""
    if not title:
        raise MachineTranslationError(
            _("The translation server gave an answer that is not a translation.")
        )
    audited = ["title", "status", "machine_translated", "source_revision"]
    before = snapshot(translation, audited)
    with transaction.atomic():
        translation.title = title
        translation.body = body
        translation.status = AnnouncementTranslation.Status.DRAFT
        translation.machine_translated = True
        translation.source_revision = announcement.source_revision
        translation.save()
        record(actor, "announcement.pretranslated", translation,
               diff_fields(before, snapshot(translation, audited)))
    return translation
