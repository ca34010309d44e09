"""Machine pre-translation: the real HTTP client against a small LibreTranslate-like server
started by the test, and do_pretranslate() (what it fills, what it refuses, who may use it)."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.utils import translation

from tests.base import BaseTestCase
from wspolnie.announcements.machine_translation import (
    LibreTranslateProvider,
    MachineTranslationError,
    MachineTranslationRefused,
    MachineTranslationUnavailable,
    do_pretranslate,
    get_provider,
    translate_markdown,
)
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.core.models import AuditEntry

T = AnnouncementTranslation.Status


class TranslationServer:
    """A LibreTranslate-compatible server on loopback: POST /translate answers
    {"translatedText": "[<target>] <q>"}. `mode` switches it to failing answers."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.mode = "ok"
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(payload)
                if self.path != "/translate":
                    self._answer(404, {"error": "Not found"})
                elif server.mode == "error":
                    self._answer(500, {"error": "Model for uk not installed"})
                elif server.mode == "slow":
                    time.sleep(1)
                    self._answer(200, {"translatedText": "too late"})
                elif server.mode == "garbage":
                    self._answer(200, b"<html>proxy login</html>")
                elif server.mode == "fail_second" and len(server.requests) > 1:
                    self._answer(503, {"error": "Overloaded"})
                else:
                    self._answer(200, {"translatedText": f"[{payload['target']}] {payload['q']}"})

            def _answer(self, status: int, body) -> None:
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> TranslationServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    @property
    def texts(self) -> list[str]:
        return [request["q"] for request in self.requests]


def closed_port_url() -> str:
    """An address where nothing listens (a translation server that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def translation_server(settings):
    server = TranslationServer().start()
    settings.MACHINE_TRANSLATION_URL = server.url
    settings.MACHINE_TRANSLATION_API_KEY = ""
    settings.MACHINE_TRANSLATION_TIMEOUT = 5
    yield server
    server.stop()


BODY = """Zapraszamy na **spotkanie** o szkołach.

## Program

- powitanie
- rozmowa o zapisach

```
kod: bez zmian
```

Więcej: [strona](https://example.org/szkoly)"""


def make_announcement(org, **values) -> Announcement:
    values.setdefault("title", "Spotkanie o szkołach")
    values.setdefault("body", BODY)
    values.setdefault("source_language", "pl")
    return Announcement.objects.create(organisation=org, **values)


class ProviderTestCase(TestCase):
    @pytest.fixture(autouse=True)
    def _server(self, translation_server):
        self.server = translation_server

    def setUp(self) -> None:
        super().setUp()
        # The messages are compared in English (the site's default language is Polish).
        self.enterContext(translation.override("en"))

    def test_provider_is_off_by_default(self):
        with self.settings(MACHINE_TRANSLATION_URL=""):
            self.assertIsNone(get_provider())

    def test_it_speaks_the_libretranslate_api(self):
        with self.settings(MACHINE_TRANSLATION_API_KEY="secret-key"):
            provider = get_provider()
            self.assertEqual(provider.translate("Dzień dobry", "pl", "uk"), "[uk] Dzień dobry")
        self.assertEqual(self.server.requests, [{
            "q": "Dzień dobry", "source": "pl", "target": "uk", "format": "text",
            "api_key": "secret-key",
        }])

    def test_markdown_is_translated_paragraph_by_paragraph_keeping_its_structure(self):
        result = translate_markdown(get_provider(), BODY, "pl", "en")
        self.assertEqual(result, """[en] Zapraszamy na **spotkanie** o szkołach.

## [en] Program

- [en] powitanie
- [en] rozmowa o zapisach

```
kod: bez zmian
```

[en] Więcej: [strona](https://example.org/szkoly)""")
        # Code was not sent to the server; list items went one by one, without their markers.
        self.assertNotIn("kod: bez zmian", " ".join(self.server.texts))
        self.assertIn("powitanie", self.server.texts)

    def test_server_errors_are_one_clear_exception(self):
        provider = get_provider()
        self.server.mode = "error"
        with self.assertRaisesMessage(MachineTranslationError, "Model for uk not installed"):
            provider.translate("x", "pl", "uk")
        self.server.mode = "garbage"
        with self.assertRaisesMessage(MachineTranslationError, "not a translation"):
            provider.translate("x", "pl", "uk")
        with self.assertRaisesMessage(MachineTranslationError, "cannot be reached"):
            LibreTranslateProvider(closed_port_url(), timeout=2).translate("x", "pl", "uk")

    def test_a_slow_server_times_out_with_the_configured_timeout(self):
        self.server.mode = "slow"
        started = time.monotonic()
        with self.assertRaisesMessage(MachineTranslationError, "cannot be reached"):
            LibreTranslateProvider(self.server.url, timeout=0.2).translate("x", "pl", "uk")
        self.assertLess(time.monotonic() - started, 0.9)


class PretranslateTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _server(self, translation_server):
        self.server = translation_server

    def setUp(self) -> None:
        super().setUp()
        self.announcement = make_announcement(self.org, source_revision=3)
        self.uk = AnnouncementTranslation.objects.create(
            announcement=self.announcement, language="uk", translator=self.bob
        )

    def test_it_fills_an_empty_translation_as_a_machine_draft(self):
        do_pretranslate(self.alice, self.uk)
        self.uk.refresh_from_db()
        self.assertEqual(self.uk.title, "[uk] Spotkanie o szkołach")
        self.assertTrue(self.uk.body.startswith("[uk] Zapraszamy na **spotkanie** o szkołach."))
        self.assertIn("## [uk] Program", self.uk.body)
        self.assertEqual(self.uk.status, T.DRAFT)
        self.assertTrue(self.uk.machine_translated)
        self.assertEqual(self.uk.source_revision, 3)
        self.assertFalse(self.uk.source_changed)
        entry = AuditEntry.objects.get(action="announcement.pretranslated")
        self.assertEqual((entry.actor, entry.object_id), (self.alice, str(self.uk.pk)))
        self.assertEqual(entry.changes["status"], ["missing", "draft"])
        self.assertEqual(entry.changes["title"], ["", "[uk] Spotkanie o szkołach"])

    def test_a_machine_draft_can_be_redone_after_the_source_changed(self):
        do_pretranslate(self.bob, self.uk)
        Announcement.objects.filter(pk=self.announcement.pk).update(
            title="Nowy tytuł", source_revision=4)
        self.uk.refresh_from_db()
        do_pretranslate(self.bob, self.uk)
        self.uk.refresh_from_db()
        self.assertEqual((self.uk.title, self.uk.source_revision), ("[uk] Nowy tytuł", 4))

    def test_it_never_overwrites_text_written_by_a_person(self):
        self.uk.title, self.uk.body, self.uk.status = "Зустріч", "Людський текст", T.NEEDS_REVIEW
        self.uk.save()
        with self.assertRaises(MachineTranslationRefused):
            do_pretranslate(self.alice, self.uk)
        self.uk.refresh_from_db()
        self.assertEqual((self.uk.title, self.uk.body), ("Зустріч", "Людський текст"))
        self.assertEqual(self.server.requests, [])

    def test_an_approved_machine_text_is_not_overwritten(self):
        do_pretranslate(self.alice, self.uk)
        AnnouncementTranslation.objects.filter(pk=self.uk.pk).update(status=T.APPROVED)
        self.uk.refresh_from_db()
        with self.assertRaises(MachineTranslationRefused):
            do_pretranslate(self.alice, self.uk)

    def test_a_server_failing_half_way_changes_nothing(self):
        self.server.mode = "fail_second"
        with self.assertRaises(MachineTranslationError):
            do_pretranslate(self.alice, self.uk)
        self.uk.refresh_from_db()
        self.assertEqual((self.uk.title, self.uk.body, self.uk.status), ("", "", T.MISSING))
        self.assertFalse(self.uk.machine_translated)
        self.assertFalse(AuditEntry.objects.filter(action="announcement.pretranslated").exists())

    def test_off_by_default(self):
        with self.settings(MACHINE_TRANSLATION_URL=""), self.assertRaises(
            MachineTranslationUnavailable
        ):
            do_pretranslate(self.alice, self.uk)

    def test_permissions(self):
        # The assigned translator (bob), the organisation's admin and staff may; a member who
        # is not the translator and another organisation's admin may not.
        other = AnnouncementTranslation.objects.create(announcement=self.announcement,
                                                       language="en")
        for user in (self.charlie, self.bob):
            with self.assertRaises(PermissionDenied):
                do_pretranslate(user, other)
        for user, item in ((self.staff, other), (self.bob, self.uk)):
            do_pretranslate(user, item)
            item.refresh_from_db()
            self.assertTrue(item.machine_translated)

    def test_the_source_language_is_not_a_target(self):
        source = AnnouncementTranslation(announcement=self.announcement, language="pl")
        with self.assertRaises(MachineTranslationRefused):
            do_pretranslate(self.alice, source)
