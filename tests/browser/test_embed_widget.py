"""A member organisation's own website (a plain HTML page on another loopback origin) shows
the hub's meetings widget: widget.js inserts the frame, the hub lets this one page be
framed, and the frame takes the height of its content (postMessage). No CSP complaint, axe
clean (the frame included)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.meetings.factories import make_event

from .axe import check_a11y

pytestmark = pytest.mark.browser

MEMBER_SITE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fundacja Testowa – our website</title></head>
<body><main><h1>Fundacja Testowa</h1><p>What we do, and our meetings:</p>
<div data-wspolnie-embed="events" data-organisation="fundacja-testowa" data-lang="en"
     data-title="Our meetings"></div>
<script src="HUB/embed/widget.js" async></script></main></body></html>
"""


def serve(html: str) -> ThreadingHTTPServer:
    body = html.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_meetings_widget_renders_and_fits_on_a_member_site(page, personas, live_server):
    make_event(personas.org, title={"pl": "Spotkanie rodziców", "en": "Parents' meeting"})
    make_event(personas.other_org, title={"pl": "Cudze spotkanie", "en": "Someone else's"})
    server = serve(MEMBER_SITE.replace("HUB", live_server.url))
    try:
        member_site = f"http://127.0.0.1:{server.server_address[1]}/"
        page.goto(member_site)
        frame = page.frame_locator('iframe[title="Our meetings"]')
        expect(frame.get_by_role("link", name="Parents' meeting")).to_be_visible()
        expect(frame.get_by_role("heading", name="Meetings of Fundacja Testowa")).to_be_visible()
        expect(frame.get_by_text("Someone else's")).to_have_count(0)
        # The frame's height follows its content (widget.js starts it at 420 px).
        iframe = page.locator('iframe[title="Our meetings"]')
        page.wait_for_function("() => document.querySelector('iframe').style.height !== '420px'")
        content = frame.locator("html").evaluate(
            "(html) => Math.ceil(html.getBoundingClientRect().height)")
        assert abs(iframe.bounding_box()["height"] - content) <= 2
        # A link opens the hub in a new tab, in the widget's language.
        link = frame.get_by_role("link", name="Parents' meeting")
        assert link.get_attribute("href").endswith("?lang=en")
        assert frame.locator("base").get_attribute("target") == "_blank"
        # axe once the frame has loaded and taken its height (run while widget.js was still
        # inserting it, axe waited for a frame that was not there yet and timed out).
        check_a11y(page)
    finally:
        server.shutdown()
        server.server_close()
