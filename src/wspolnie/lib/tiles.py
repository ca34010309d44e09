"""Map tile servers: checking a tile URL template and the Content-Security-Policy sources it
needs.

A template is Leaflet's: ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``, optionally with a
``{s}`` subdomain (``https://{s}.tile.example.org/…``) or ``{r}`` (retina suffix). An empty
template means "no tiles": the map shows its markers on a blank layer.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from .env import EnvError

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap"
DEFAULT_TILE_ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"
#: Wrocław's market square: where a map with nothing to show is centred.
DEFAULT_CENTER = (51.1100, 17.0320)


def check_tile_url(name: str, value: str) -> str:
    """`value` if it is an empty string or an http(s) template with {z}, {x} and {y}."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EnvError(f"{name} must be an http:// or https:// address (got {value!r})")
    missing = [key for key in ("{z}", "{x}", "{y}") if key not in value]
    if missing:
        raise EnvError(
            f"{name} must contain {', '.join(missing)}, e.g. {DEFAULT_TILE_URL} (got {value!r})"
        )
    return value


def env_tile_url(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return check_tile_url(name, environ.get(name, default))


def tile_image_sources(url: str) -> list[str]:
    """The img-src sources a tile template needs: its origin, with a wildcard for {s}."""
    if not url:
        return []
    wildcard = "{s}" in url
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.hostname or ""
    if wildcard:
        host = "*." + host.split(".", 1)[1] if "." in host else "*"
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return [f"{parts.scheme}://{host}{port}"]


def parse_center(name: str, value: str) -> tuple[float, float]:
    """ "51.11,17.03" → (51.11, 17.03)."""
    try:
        latitude, longitude = (float(part) for part in value.split(","))
    except ValueError:
        raise EnvError(
            f"{name} must be a latitude and a longitude, e.g. 51.11,17.03 (got {value!r})"
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise EnvError(f"{name} is not a place on Earth (got {value!r})")
    return latitude, longitude
