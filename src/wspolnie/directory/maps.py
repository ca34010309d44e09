"""Maps of places: organisations' locations in the directory, an in-person meeting's venue.

The page carries everything the map needs as JSON data (`{{ map|json_script:"…" }}`, which
the Content-Security-Policy allows: it is data, never executed) and `directory/map.js` draws
it with Leaflet (vendored in directory/static/directory/vendor/leaflet). Tiles come from
settings.MAP_TILE_URL; with none, or when the tile server cannot be reached, the markers stand
on a blank layer, and the page's address list (the no-JavaScript and screen-reader version of
the map) is there in every case.

Only what is public goes on a map: the callers pass querysets already limited to approved
organisations and public meetings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, QuerySet
from django.http import HttpResponseBase
from django.utils.translation import gettext as _

from wspolnie.lib.tiles import tile_image_sources

#: At most this many places on one map (the address list shows the same ones).
MAP_PLACE_LIMIT = 1000


@dataclass(frozen=True)
class MapPlace:
    """One marker: where, what and the page it links to."""

    latitude: float
    longitude: float
    title: str
    subtitle: str
    address: str
    url: str

    def as_data(self) -> dict:
        return {
            "lat": self.latitude, "lng": self.longitude, "title": self.title,
            "subtitle": self.subtitle, "address": self.address, "url": self.url,
        }


@dataclass(frozen=True)
class MapArea:
    """A district's label on the map: at the mean of its places, linking to its facet."""

    latitude: float
    longitude: float
    label: str
    count: int
    url: str
    selected: bool

    def as_data(self) -> dict:
        return {
            "lat": self.latitude, "lng": self.longitude, "label": self.label,
            "count": self.count, "url": self.url, "selected": self.selected,
        }


def map_data(places: Iterable[MapPlace], areas: Iterable[MapArea] = ()) -> dict:
    """The JSON the page gives map.js: tiles, attribution, texts, markers, district labels."""
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION if settings.MAP_TILE_URL else "",
        "attributionUrl": settings.MAP_TILE_ATTRIBUTION_URL if settings.MAP_TILE_URL else "",
        "center": list(settings.MAP_CENTER),
        "places": [place.as_data() for place in places],
        "areas": [area.as_data() for area in areas],
        "texts": {
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "areaTitle": _("Show the organisations in this district"),
        },
    }


def allow_map_tiles(response: HttpResponseBase) -> HttpResponseBase:
    """Let this page load images from the tile server (img-src), and only this page."""
    sources = tile_image_sources(settings.MAP_TILE_URL)
    if sources:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["img-src"] = [*update.get("img-src", []), *sources]
        response._csp_update = update
    return response


def _address(street: str, postal_code: str, city: str) -> str:
    town = " ".join(part for part in (postal_code, city) if part)
    return ", ".join(part for part in (street, town) if part)


def located(queryset: QuerySet) -> QuerySet:
    return queryset.filter(latitude__isnull=False, longitude__isnull=False)


def organisation_places(organisations: QuerySet, limit: int = MAP_PLACE_LIMIT) -> list[dict]:
    """The located places of `organisations` (already limited to public ones), with what the
    address list shows: [{"place": MapPlace, "location": Location, "organisation": …}]."""
    from wspolnie.organisations.models import Location

    locations = (
        located(Location.objects.filter(organisation__in=organisations.values("pk")))
        .select_related("organisation", "district")
        .order_by("organisation__name", "name", "pk")[:limit]
    )
    rows = []
    for location in locations:
        organisation = location.organisation
        rows.append({
            "location": location,
            "organisation": organisation,
            "place": MapPlace(
                latitude=float(location.latitude),
                longitude=float(location.longitude),
                title=organisation.name,
                subtitle=location.name,
                address=_address(location.street_address, location.postal_code, location.city),
                url=organisation.get_absolute_url(),
            ),
        })
    return rows


def district_areas(organisations: QuerySet, district_facet) -> list[MapArea]:
    """A label for each district the directory's district facet offers, at the mean of the
    located places in that district (of every public organisation, so a label does not move
    as filters change); districts with no located place get none (they stay in the list)."""
    from wspolnie.organisations.models import Location

    if district_facet is None or not district_facet.values:
        return []
    centres = {
        row["district__slug"]: (row["latitude"], row["longitude"])
        for row in located(
            Location.objects.filter(
                organisation__in=organisations.values("pk"),
                district__slug__in=[value.value for value in district_facet.values],
            )
        )
        .order_by()
        .values("district__slug")
        .annotate(latitude=Avg("latitude"), longitude=Avg("longitude"))
    }
    return [
        MapArea(
            latitude=round(float(centres[value.value][0]), 6),
            longitude=round(float(centres[value.value][1]), 6),
            label=value.label,
            count=value.count,
            url=f"?{value.toggle_query}",
            selected=value.selected,
        )
        for value in district_facet.values
        if value.value in centres
    ]
