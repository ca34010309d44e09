"""The directory's map view in a real browser, with the tile server unreachable: markers on a
blank layer, the address list, a district label that applies the district facet; no CSP
violation, axe clean and no sideways scrolling at 1280 and 390 px."""

from __future__ import annotations

import socket
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from wspolnie.directory.models import District
from wspolnie.organisations.models import Location, Organisation

from .axe import check_a11y, follow, visit
from .helpers import tr

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def closed_loopback_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_no_sideways_scroll(page: Page, width: int) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the map view scrolls sideways by {overflow}px at {width} px"


def test_the_map_shows_markers_and_addresses_without_tiles_and_picks_a_district(
    new_page, personas, settings
):
    port = closed_loopback_port()
    settings.MAP_TILE_URL = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
    krzyki = District.objects.create(slug="krzyki", names={"pl": "Krzyki"})
    personas.org.districts.set([nadodrze])
    personas.other_org.districts.set([krzyki])
    Location.objects.create(
        organisation=personas.org, name="Klub", street_address="ul. Roosevelta 5",
        district=nadodrze, latitude=Decimal("51.120000"), longitude=Decimal("17.030000"),
    )
    Location.objects.create(
        organisation=personas.other_org, name="Biuro", street_address="ul. Powstańców Śląskich 95",
        district=krzyki, latitude=Decimal("51.088600"), longitude=Decimal("17.013900"),
    )
    pending = Organisation.objects.create(name="Grupa Oczekująca", slug="grupa-oczekujaca",
                                          kind=Organisation.Kind.INFORMAL_GROUP,
                                          status=Organisation.Status.PENDING)
    Location.objects.create(
        organisation=pending, name="Tajny adres", street_address="ul. Ukryta 7",
        district=nadodrze, latitude=Decimal("51.121000"), longitude=Decimal("17.031000"),
    )

    page = new_page()
    tile_requests = []
    page.on("requestfailed", lambda request: tile_requests.append(request.url)
            if f":{port}/" in request.url else None)
    visit(page, "/organisations/?view=map")
    the_map = page.get_by_role("region", name=tr("pl", "Map of the organisations' places"))
    expect(the_map).to_be_visible()
    markers = the_map.locator("img.leaflet-marker-icon")
    expect(markers).to_have_count(2)
    expect(the_map.get_by_role("button", name=personas.org.name)).to_be_visible()
    expect(page.get_by_text("Tajny adres")).to_have_count(0)
    addresses = page.get_by_role("region", name=tr("pl", "Addresses"))
    expect(addresses.get_by_role("link", name=personas.other_org.name)).to_be_visible()
    expect(addresses).to_contain_text("ul. Powstańców Śląskich 95")
    page.wait_for_function("() => document.querySelector('.leaflet-tile') !== null")
    assert_no_sideways_scroll(page, 1280)
    check_a11y(page)  # again, with the tiles failed

    # The district's label on the map applies the district facet (and stays on the map).
    follow(page, the_map.get_by_role("link", name="Krzyki"))
    assert "district=krzyki" in page.url and "view=map" in page.url
    expect(markers).to_have_count(1)

    # A marker opens its popup with a link to the profile.
    the_map.get_by_role("button", name=personas.other_org.name).click()
    popup = the_map.locator(".leaflet-popup")
    expect(popup.get_by_role("link", name=personas.other_org.name)).to_be_visible()
    expect(popup).to_contain_text("ul. Powstańców Śląskich 95")
    assert tile_requests, "the map asked the (closed) tile server for no tile"

    phone = new_page(viewport=PHONE_390)
    visit(phone, "/organisations/?view=map")
    expect(phone.locator("img.leaflet-marker-icon")).to_have_count(2)
    expect(phone.get_by_role("region", name=tr("pl", "Addresses"))).to_be_visible()
    assert_no_sideways_scroll(phone, 390)
