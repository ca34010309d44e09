"""Every page of the URL walk is valid HTML: the W3C Nu HTML Checker (vnu.jar) finds no error.

The pages are rendered on the demo network as the anonymous visitor and as staff (who sees the
most), written to files and checked by one vnu run (one JVM start). bin/test installs the
checker (npm's vnu-jar, into var/node) and Java; without them this test is skipped locally and
fails in CI, like the browser tests without Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.core.page_walk import DemoPagesTestCase

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("WSPOLNIE_VNU_JAR")
    or ROOT / "var" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
#: What every fragment (an htmx partial) is checked inside: a minimal valid document.
FRAGMENT_DOCUMENT = (
    '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>fragment</title>'
    "</head><body>{}</body></html>"
)


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        reason = (
            f"the Nu HTML Checker needs java ({java or 'missing'}) and {VNU_JAR} "
            "(bin/test installs both; or set WSPOLNIE_VNU_JAR)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; the HTML check must run in CI", pytrace=False)
        pytest.skip(reason)
    # vnu needs a larger thread stack than Java's default; the quick (C1) compiler alone halves
    # the run for the few seconds it takes.
    jvm = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    return [java, *jvm, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


def vnu_errors(documents: dict[str, str]) -> list[str]:
    """'where: message' for every error vnu finds; `documents` maps a label to its HTML."""
    command = vnu_command()
    with tempfile.TemporaryDirectory() as folder:
        labels = {}
        for number, (label, html) in enumerate(documents.items()):
            if not html.lstrip()[:15].lower().startswith("<!doctype html"):
                html = FRAGMENT_DOCUMENT.format(html)
            path = Path(folder) / f"page{number:04}.html"
            path.write_text(html, encoding="utf-8")
            labels[path.name] = (label, html.splitlines())
        result = subprocess.run(
            [*command, *sorted(str(Path(folder) / name) for name in labels)],
            capture_output=True, text=True, timeout=300, check=False,
        )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        output = f"{result.stdout}\n{result.stderr}"
        raise AssertionError(f"vnu did not answer in JSON:\n{output}") from error
    errors = []
    for message in messages:
        label, lines = labels.get(Path(message.get("url", "")).name, ("?", []))
        line = message.get("lastLine")
        extract = message.get("extract", "").strip()
        errors.append(f"{label}, line {line}: {message['message']}\n    {extract}")
    return errors


class HtmlValidityTestCase(DemoPagesTestCase):
    def test_the_walked_pages_are_valid_html(self):
        documents = {}
        for label, who in {"anonymous": None, "staff": self.staff}.items():
            for page in self.html_pages(who):
                documents[f"GET {page.url} ({page.status}) as {label}"] = page.html
        self.assertGreater(len(documents), 100)
        errors = vnu_errors(documents)
        if errors:
            self.fail(f"{len(errors)} HTML errors:\n" + "\n".join(errors))

    def test_the_checker_finds_errors(self):
        # The check above is only worth something if vnu reports what it should.
        errors = vnu_errors({
            "broken": '<!DOCTYPE html><html lang="pl"><head><title>x</title></head>'
                      '<body><p hx-get="/">a</p><time datetime="2026-01-01T10:00:00.123456+00:00">'
                      "a</time></body></html>",
        })
        self.assertEqual(len(errors), 2, errors)
        self.assertIn("hx-get", errors[0])
