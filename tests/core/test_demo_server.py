"""`wspolnie demo` as a new user meets it: a fresh checkout, a port of their choice, a browser
that speaks Polish or Ukrainian. One real demo (server and worker) in a child process, started
from a copy of the package without compiled catalogues — exactly what a fresh clone has."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

import wspolnie
from tests.processes import child_environment
from tests.smtp import free_port

# Child processes on SQLite files of their own: once, in the SQLite run (tests/conftest.py).
pytestmark = pytest.mark.own_database


@dataclass
class Demo:
    url: str
    port: int
    package: Path
    log: Path
    data_dir: Path
    first_page: str


def fetch(url: str, language: str = "pl", data: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        headers={"Accept-Language": language, "Content-Type": "application/json"},
        data=json.dumps(data).encode() if data is not None else None,
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("fresh-clone")
    # A fresh clone has only the .po files: no .mo (they are not in git), no byte code.
    package = root / "src" / "wspolnie"
    shutil.copytree(
        Path(wspolnie.__file__).parent, package,
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    assert not list(package.rglob("*.mo"))
    data_dir = root / "var"
    port = free_port()
    env = child_environment(PYTHONPATH=str(root / "src"), WSPOLNIE_DATA_DIR=str(data_dir))
    for key in ("SITE_URL", "SECRET_KEY", "DEBUG", "HTTPS", "ALLOWED_HOSTS"):
        env.pop(key, None)  # what a new user's shell has: none of them
    log = root / "demo.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "wspolnie", "demo", "--port", str(port)],
            env=env, cwd=str(root), stdout=log_file, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # migrations and the demo data on a busy machine
        while True:
            try:
                # The very first request the server answers, from a Polish browser.
                status, first_page = fetch(f"{url}/meetings/", "pl")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("the demo did not start:\n" + log.read_text()) from None
                time.sleep(0.3)
        assert status == 200, first_page
        yield Demo(url, port, package, log, data_dir, first_page)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_first_start_of_a_fresh_clone_speaks_polish_at_once(demo):
    # Strings of the core catalogue and of an app's own catalogue (meetings), on the first page.
    assert '<html lang="pl"' in demo.first_page
    assert "Spotkania" in demo.first_page
    assert "Zapisy otwarte" in demo.first_page
    assert "Registration open" not in demo.first_page
    assert list(demo.package.glob("meetings/locale/pl/LC_MESSAGES/django.mo"))


def test_ukrainian_too(demo):
    status, html = fetch(f"{demo.url}/meetings/", "uk")
    assert status == 200
    assert "Registration open" not in html
    assert '<html lang="uk"' in html


def test_links_point_to_the_port_the_demo_runs_on(demo):
    status, body = fetch(f"{demo.url}/api/organisations/wcrs")
    assert status == 200, body
    assert json.loads(body)["url"] == f"{demo.url}/organisations/wcrs/"


def test_the_worker_mails_links_with_the_same_port(demo):
    status, body = fetch(
        f"{demo.url}/api/newsletter/subscriptions", "pl",
        {"email": "nowa.osoba@example.org", "languages": ["pl"], "consent": True},
    )
    assert status == 202, body
    # The confirmation mail goes out through the demo's worker (console mail: its output).
    deadline = time.monotonic() + 30
    while f"{demo.url}/newsletter/confirm/" not in demo.log.read_text():
        assert time.monotonic() < deadline, demo.log.read_text()
        time.sleep(0.3)
    assert "127.0.0.1:8000" not in demo.log.read_text()


@pytest.mark.parametrize(
    ("language", "heading"), [("pl", "Nie znaleziono strony"), ("uk", "Сторінку не знайдено")]
)
def test_a_mistyped_address_shows_the_products_own_404(demo, language, heading):
    status, html = fetch(f"{demo.url}/organisatons/", language)
    assert status == 404
    assert f"<h1>{heading}</h1>" in html
    assert 'role="search"' in html  # a way on: the search form, the home page link
    # Not Django's technical page listing every URL pattern.
    assert "URLconf" not in html
    assert "admin/" not in html
    assert "DEBUG = True" not in html


def test_the_demo_runs_with_debug_off_and_serves_its_static_files(demo):
    status, css = fetch(f"{demo.url}/static/wspolnie/css/site.css")
    assert status == 200
    assert "--accent" in css
    key = (demo.data_dir / "secret_key").read_text().strip()
    assert len(key) >= 50
    assert "django-insecure" not in key
