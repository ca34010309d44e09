"""MAP_TILE_URL and friends: which templates are accepted, and the img-src they need."""

from __future__ import annotations

import pytest

from wspolnie.lib.env import EnvError
from wspolnie.lib.tiles import (
    DEFAULT_TILE_URL,
    check_tile_url,
    env_tile_url,
    parse_center,
    tile_image_sources,
)


def test_the_default_is_openstreetmap():
    assert env_tile_url("MAP_TILE_URL", DEFAULT_TILE_URL, environ={}) == (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )
    assert tile_image_sources(DEFAULT_TILE_URL) == ["https://tile.openstreetmap.org"]


def test_an_empty_url_means_no_tiles_and_no_extra_source():
    assert env_tile_url("MAP_TILE_URL", DEFAULT_TILE_URL, environ={"MAP_TILE_URL": " "}) == ""
    assert tile_image_sources("") == []


@pytest.mark.parametrize(("url", "sources"), [
    ("https://{s}.tile.example.org/{z}/{x}/{y}{r}.png", ["https://*.tile.example.org"]),
    ("http://127.0.0.1:9/{z}/{x}/{y}.png", ["http://127.0.0.1:9"]),
    ("http://[::1]:8080/tiles/{z}/{x}/{y}.png", ["http://[::1]:8080"]),
])
def test_the_image_source_is_the_tile_servers_origin(url, sources):
    assert tile_image_sources(check_tile_url("MAP_TILE_URL", url)) == sources


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://tiles.example.org/{z}/{x}/{y}.png", "http:// or https://"),
    ("tiles.example.org/{z}/{x}/{y}.png", "http:// or https://"),
    ("https://tiles.example.org/{z}/{x}.png", "must contain {y}"),
])
def test_a_bad_template_is_one_readable_error(url, message):
    with pytest.raises(EnvError, match=message):
        check_tile_url("MAP_TILE_URL", url)


def test_the_centre_is_a_latitude_and_a_longitude():
    assert parse_center("MAP_CENTER", "51.11, 17.03") == (51.11, 17.03)
    for bad in ("51.11", "north", "95,17"):
        with pytest.raises(EnvError, match="MAP_CENTER"):
            parse_center("MAP_CENTER", bad)
