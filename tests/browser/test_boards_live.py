"""Two people on the same board, served by the production server (`wspolnie serve`, gunicorn
with 2 workers): each sees the other's new card, and a moderator's move, within 3 seconds and
without reloading. Screenshots of the board at 1280 and 390 px go to test-artifacts/."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from playwright.sync_api import expect

from tests.processes import child_environment, database_url_for_children
from tests.smtp import free_port
from wspolnie.boards import services

from .axe import AXE_JS, check_a11y
from .helpers import DESKTOP, tr

pytestmark = pytest.mark.browser

LIVE_MS = 3000
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def served(personas, tmp_path):
    """`wspolnie serve --workers 2` on a free port, on the test database."""
    port = free_port()
    env = child_environment(
        DATABASE_URL=database_url_for_children(), WSPOLNIE_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="127.0.0.1", SITE_URL=f"http://127.0.0.1:{port}",
        # The same key as this process: the sessions it makes are valid there.
        SECRET_KEY=settings.SECRET_KEY,
    )
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wspolnie", "serve", "--workers", "2", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/boards/", timeout=5):  # noqa: S310
                    break
            except (OSError, urllib.error.URLError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "the server did not start:\n" + (tmp_path / "serve.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def open_page(browser, url: str, user=None, viewport=None):
    context = browser.new_context(base_url=url, locale="pl-PL", viewport=viewport or DESKTOP)
    context.set_default_timeout(10_000)
    context.add_init_script(path=AXE_JS)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": url}])
    return context, context.new_page()


def post_card(page, text: str) -> None:
    form = page.locator("details.board-post")
    if not form.evaluate("element => element.open"):
        form.locator("summary").click()
    page.get_by_label(tr("pl", "Text"), exact=False).first.fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name=tr("pl", "Post the card")).click()
    check_a11y(page)


def test_two_viewers_see_each_others_cards_within_3_seconds(
    browser, personas, served, artifacts_dir
):
    board = services.do_create_board(
        personas.alice, personas.org, title="Stoliki tematyczne",
        columns=["Współpraca", "Wsparcie", "Wymiana informacji"],
    )
    services.do_post_card(AnonymousUser(), board, client_address="1",
                          text="Wspólny kalendarz wydarzeń")
    contexts = []
    try:
        context, alice = open_page(browser, served, personas.alice)
        contexts.append(context)
        context, guest = open_page(browser, served)
        contexts.append(context)
        for page in (alice, guest):
            page.goto(board.get_absolute_url())
            check_a11y(page)
            page.evaluate("() => { window.notReloaded = true; }")
        guest.evaluate("() => { window.notReloaded = true; }")

        # The guest posts (their page reloads after the form); Alice's page shows it by itself.
        post_card(guest, "Dyżury tłumaczy w centrach lokalnych")
        started = time.monotonic()
        expect(alice.locator(".board-card", has_text="Dyżury tłumaczy")).to_be_visible(
            timeout=LIVE_MS
        )
        assert time.monotonic() - started < LIVE_MS / 1000
        assert alice.evaluate("() => window.notReloaded === true")

        # And the other way round.
        alice.evaluate("() => { window.notReloaded = true; }")
        guest.evaluate("() => { window.notReloaded = true; }")
        post_card(alice, "Newsletter sieci raz w miesiącu")
        expect(guest.locator(".board-card", has_text="Newsletter sieci")).to_be_visible(
            timeout=LIVE_MS
        )
        assert guest.evaluate("() => window.notReloaded === true")

        # Alice (a moderator) moves the guest's card to the next column with the keyboard
        # button; the guest sees it there.
        card = alice.locator(".board-card", has_text="Dyżury tłumaczy")
        card.get_by_role("button", name=tr("pl", "Move to the next column")).click()
        second_column = guest.locator(".board-column").nth(1)
        expect(second_column.locator(".board-card", has_text="Dyżury tłumaczy")).to_be_visible(
            timeout=LIVE_MS
        )
        assert guest.evaluate("() => window.notReloaded === true")
        check_a11y(guest)
        check_a11y(alice)

        guest.screenshot(path=artifacts_dir / "board-1280.png", full_page=True)
        context, phone = open_page(browser, served, viewport=PHONE)
        contexts.append(context)
        phone.goto(board.get_absolute_url())
        check_a11y(phone)
        phone.screenshot(path=artifacts_dir / "board-390.png", full_page=True)
        alice.screenshot(path=artifacts_dir / "board-1280-moderator.png", full_page=True)
    finally:
        for context in contexts:
            context.close()
