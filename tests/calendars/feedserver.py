"""A real HTTP server on loopback that serves calendar feeds to the importer: good ones, with
ETag / Last-Modified and 304 answers, and bad ones (broken, huge, slow, redirecting in a loop).

    server = FeedServer().start()
    server.routes["/good.ics"] = Route(body=b"BEGIN:VCALENDAR…", etag='"v1"')
    server.url("/good.ics")
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/calendar; charset=utf-8"
    etag: str = ""
    last_modified: str = ""
    location: str = ""  # a redirect's target
    #: Send this many bytes in chunks, without a Content-Length (a feed that never ends).
    endless: int = 0
    #: Answer only when the server is stopped (a server that does not answer in time).
    hang: bool = False


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def start(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.hang:
                    server.released.wait(10)
                    return
                if route.location:
                    self.send_response(route.status or 302)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                if route.endless:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"X" * 65536
                    sent = 0
                    try:
                        while sent < route.endless:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except OSError:
                        pass  # the importer stopped reading
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
