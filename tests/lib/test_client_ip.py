"""client_ip(): the client's address, not spoofable through forwarding headers."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from wspolnie.lib.client_ip import client_ip, header_meta_key


def request_from(remote: str, **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_a_configured_proxy_a_forwarding_header_is_ignored():
    request = request_from("198.51.100.7", X_Forwarded_For="203.0.113.1", X_Real_IP="203.0.113.2")
    assert client_ip(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_with_one_trusted_proxy_the_right_most_entry_is_the_client():
    # The client prepended two made-up addresses; the proxy appended the real one.
    request = request_from("10.0.0.1", X_Forwarded_For="1.2.3.4, 5.6.7.8 ,203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=2)
def test_with_two_trusted_proxies_the_second_entry_from_the_right_is_the_client():
    request = request_from("10.0.0.1", X_Forwarded_For="1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_HEADER="X-Real-IP", TRUSTED_PROXY_COUNT=1)
def test_a_single_address_header_works_too_and_ipv6_is_normalised():
    assert client_ip(request_from("10.0.0.1", X_Real_IP="2001:DB8::0:1")) == "2001:db8::1"


@pytest.mark.parametrize("header", [None, "", "not-an-address", "203.0.113.9, ", "unknown"])
@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_a_missing_or_malformed_header_falls_back_to_the_peer(header):
    headers = {} if header is None else {"X_Forwarded_For": header}
    assert client_ip(request_from("10.0.0.1", **headers)) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=2)
def test_a_header_shorter_than_the_proxy_chain_is_not_believed():
    # Only one entry although two proxies should have written: the request bypassed one.
    assert client_ip(request_from("10.0.0.1", X_Forwarded_For="203.0.113.9")) == "10.0.0.1"


def test_header_names_are_accepted_as_written_or_as_meta_keys():
    assert header_meta_key("X-Forwarded-For") == "HTTP_X_FORWARDED_FOR"
    assert header_meta_key("HTTP_X_REAL_IP") == "HTTP_X_REAL_IP"
    assert header_meta_key("  ") == ""
