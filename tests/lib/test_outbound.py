"""wspolnie.lib.outbound: SSRF-safe address checks and connections pinned to the checked address.

No network beyond loopback: host names that are looked up are "localhost" or literal addresses;
the pinned connections use names that do not resolve at all (proving no second lookup).
"""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from contextlib import contextmanager

import pytest

from wspolnie.lib import outbound
from wspolnie.lib.outbound import Refused


def reason(call, *args) -> str:
    with pytest.raises(Refused) as raised:
        call(*args)
    return raised.value.reason


# --- split_url -----------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("http://example.org", ("http", "example.org", 80, "/")),
    ("https://Example.ORG/feed.ics", ("https", "example.org", 443, "/feed.ics")),
    ("http://example.org:8080/a/b?x=1&y=2", ("http", "example.org", 8080, "/a/b?x=1&y=2")),
    ("https://[2001:db8::1]:8443/h", ("https", "2001:db8::1", 8443, "/h")),
])
def test_an_http_address_is_split_into_scheme_host_port_and_path(url, expected):
    assert outbound.split_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("ftp://example.org/x", outbound.REASON_SCHEME),
    ("file:///etc/passwd", outbound.REASON_SCHEME),
    ("gopher://127.0.0.1:70/", outbound.REASON_SCHEME),
    ("http:///no-host", outbound.REASON_SCHEME),
    ("example.org/feed", outbound.REASON_SCHEME),
    ("http://user:pw@example.org/", outbound.REASON_CREDENTIALS),
    ("http://user@example.org/", outbound.REASON_CREDENTIALS),
    ("http://example.org:99999/", outbound.REASON_PORT),
    ("http://example.org:port/", outbound.REASON_PORT),
    ("http://[::1/", outbound.REASON_BAD_URL),
])
def test_other_addresses_are_refused_with_a_reason(url, expected):
    assert reason(outbound.split_url, url) == expected


# --- is_public_address ---------------------------------------------------------------------

@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:93.184.216.34"])
def test_global_unicast_addresses_are_public(address):
    assert outbound.is_public_address(address)
    assert outbound.is_public_address(outbound.ip(address))


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "240.0.0.1", "192.0.2.1",  # noqa: S104 (no binding)
    "::1", "::", "fe80::1%eth0", "fc00::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",
])
def test_private_loopback_link_local_reserved_and_multicast_addresses_are_not(address):
    assert not outbound.is_public_address(address)


def test_a_host_name_is_no_address():
    with pytest.raises(ValueError):
        outbound.is_public_address("example.org")


# --- allowed -------------------------------------------------------------------------------

def test_the_allow_list_takes_host_names_addresses_and_networks():
    allow = [" Feeds.Internal ", "", "not a network/99", "127.0.0.1", "10.0.0.0/8", "fd00::/8",
             "[::1]"]
    assert outbound.allowed("feeds.internal", "10.9.9.9", allow)  # by name, any address
    assert outbound.allowed("FEEDS.internal", None, allow)
    assert outbound.allowed("loop.example", "127.0.0.1", allow)
    assert not outbound.allowed("loop.example", "127.0.0.2", allow)
    assert outbound.allowed("intranet.example", "10.200.0.1", allow)
    assert outbound.allowed("v6.example", "fd12::1", allow)
    assert not outbound.allowed("v6.example", "fe80::1", allow)
    assert outbound.allowed("v6.example", "::1", allow)  # written as in a URL
    assert not outbound.allowed("other.example", "192.168.0.1", allow)
    assert not outbound.allowed("other.example", None, allow)
    assert not outbound.allowed("feeds.internal", "10.0.0.1", [])


# --- check_literal -------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "api.localhost", "127.0.0.1",
                                  "10.0.0.5", "::1", "169.254.169.254", "::ffff:127.0.0.1"])
def test_a_private_address_written_as_such_is_refused_without_a_lookup(host):
    assert reason(outbound.check_literal, host, []) == outbound.REASON_PRIVATE


@pytest.mark.parametrize("host", ["example.org", "hooks.example.invalid", "93.184.216.34"])
def test_a_public_address_or_any_host_name_passes_the_literal_check(host):
    outbound.check_literal(host, [])


def test_the_literal_check_respects_the_allow_list():
    outbound.check_literal("localhost", ["localhost"])
    outbound.check_literal("127.0.0.1", ["127.0.0.1"])
    outbound.check_literal("10.1.2.3", ["10.0.0.0/8"])
    assert reason(outbound.check_literal, "10.1.2.3", ["10.0.0.0/16"]) == outbound.REASON_PRIVATE


# --- resolve -------------------------------------------------------------------------------

def test_resolving_to_a_private_address_is_refused_naming_the_host_only():
    with pytest.raises(Refused) as raised:
        outbound.resolve("localhost", 80, [])
    assert raised.value.reason == outbound.REASON_PRIVATE
    assert raised.value.detail == "localhost"
    for host in ["127.0.0.1", "0.0.0.0", "::1", "::ffff:127.0.0.1"]:  # noqa: S104
        assert reason(outbound.resolve, host, 80, []) == outbound.REASON_PRIVATE


def test_a_public_address_resolves_to_itself():
    assert outbound.resolve("93.184.216.34", 443, []) == "93.184.216.34"


def test_resolving_respects_the_allow_list_by_name_address_and_network():
    assert outbound.resolve("127.0.0.1", 80, ["127.0.0.1"]) == "127.0.0.1"
    assert outbound.resolve("127.0.0.1", 80, ["127.0.0.0/8"]) == "127.0.0.1"
    assert outbound.resolve("localhost", 80, ["localhost"]) in ("127.0.0.1", "::1")
    assert reason(outbound.resolve, "127.0.0.1", 80, ["10.0.0.0/8"]) == outbound.REASON_PRIVATE


def test_a_name_that_cannot_be_resolved_is_refused():
    # A label over 63 characters fails in the IDNA codec, before any DNS query.
    assert reason(outbound.resolve, "x" * 70 + ".example", 80, []) == \
        outbound.REASON_UNRESOLVABLE


# --- pinned connections --------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.seen.append(self.headers["Host"])
        body = b"pinned"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def loopback_server(context: ssl.SSLContext | None = None):
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.seen = []
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def get(connection) -> bytes:
    try:
        connection.request("GET", "/")
        return connection.getresponse().read()
    finally:
        connection.close()


def test_an_http_connection_goes_to_the_checked_address_with_the_host_name_in_the_request():
    with loopback_server() as server:
        port = server.server_address[1]
        # The name does not resolve: the connection must not look it up again.
        connection = outbound.pinned_connection("http", "feeds.example.invalid", port,
                                                "127.0.0.1", timeout=5)
        assert isinstance(connection, outbound.PinnedHTTPConnection)
        assert get(connection) == b"pinned"
    assert server.seen == [f"feeds.example.invalid:{port}"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run([
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "2", "-subj", "/CN=feeds.example.test",
        "-addext", "subjectAltName=DNS:feeds.example.test",
        "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
    ], check=True, capture_output=True)
    return folder / "cert.pem", folder / "key.pem"


def test_an_https_connection_is_pinned_and_checks_sni_and_certificate_against_the_host_name(
        certificate):
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    names: list[str | None] = []
    server_context.sni_callback = lambda sock, name, context: names.append(name)
    trusting = ssl.create_default_context(cafile=str(cert))
    with loopback_server(server_context) as server:
        port = server.server_address[1]
        connection = outbound.pinned_connection("https", "feeds.example.test", port, "127.0.0.1",
                                                timeout=5, context=trusting)
        assert isinstance(connection, outbound.PinnedHTTPSConnection)
        assert get(connection) == b"pinned"
        assert names == ["feeds.example.test"]
        assert server.seen == [f"feeds.example.test:{port}"]

        # The same server under another name: the certificate does not match it.
        other = outbound.pinned_connection("https", "other.example.test", port, "127.0.0.1",
                                           timeout=5, context=trusting)
        with pytest.raises(ssl.SSLCertVerificationError, match="match"):
            get(other)

        # Without a context, the system's trust store: a self-signed certificate is refused.
        default = outbound.pinned_connection("https", "feeds.example.test", port, "127.0.0.1",
                                             timeout=5)
        with pytest.raises(ssl.SSLCertVerificationError):
            get(default)
    assert server.seen == [f"feeds.example.test:{port}"]
