/* Maps of places (wspolnie.directory.maps): Leaflet draws the markers and district labels
   that the page carries as JSON (<script type="application/json">, written by Django's
   json_script). Tiles come from the tile server the site is configured with; without one,
   or when it cannot be reached, the markers stand on a blank layer. Every text is set with
   textContent (never as HTML) and no inline style is written: the Content-Security-Policy
   allows neither. */
(function () {
  "use strict";

  var PLACE_ZOOM = 16;
  var EMPTY_ZOOM = 12;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function popup(place) {
    var box = element("div", "map-popup");
    var title = element("a", "map-popup-title", place.title);
    title.href = place.url;
    box.appendChild(title);
    if (place.subtitle) box.appendChild(element("p", "map-popup-subtitle", place.subtitle));
    if (place.address) box.appendChild(element("p", "map-popup-address", place.address));
    return box;
  }

  function areaLabel(area, texts) {
    var link = element("a", "map-area-link" + (area.selected ? " map-area-selected" : ""));
    link.href = area.url;
    link.title = texts.areaTitle;
    if (area.selected) link.setAttribute("aria-current", "true");
    link.appendChild(element("span", "map-area-name", area.label));
    link.appendChild(document.createTextNode(" "));
    link.appendChild(element("span", "map-area-count", String(area.count)));
    // A click on the label follows the link instead of starting to drag the map.
    L.DomEvent.disableClickPropagation(link);
    return link;
  }

  function attribution(data) {
    if (!data.attribution) return "";
    var text = element("span", "", data.attribution);
    if (!data.attributionUrl) return text.outerHTML;
    var link = element("a", "", data.attribution);
    link.href = data.attributionUrl;
    link.rel = "noopener";
    return link.outerHTML;
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.map);
    if (!source || typeof L === "undefined") return;
    var data = JSON.parse(source.textContent);
    container.hidden = false;
    var map = L.map(container, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({
      zoomInTitle: data.texts.zoomIn, zoomOutTitle: data.texts.zoomOut,
    }).addTo(map);
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, attribution: attribution(data) }).addTo(map);
    } else {
      container.classList.add("map-blank");
    }
    var points = [];
    data.places.forEach(function (place) {
      var at = [place.lat, place.lng];
      points.push(at);
      L.marker(at, { alt: place.title, title: place.title, riseOnHover: true })
        .bindPopup(popup(place))
        .addTo(map);
    });
    (data.areas || []).forEach(function (area) {
      L.marker([area.lat, area.lng], {
        icon: L.divIcon({
          className: "map-area", html: areaLabel(area, data.texts), iconSize: null,
        }),
        keyboard: false, interactive: false, zIndexOffset: -1000,
      }).addTo(map);
      if (!data.places.length) points.push([area.lat, area.lng]);
    });
    if (points.length === 1) {
      map.setView(points[0], PLACE_ZOOM);
    } else if (points.length) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: PLACE_ZOOM });
    } else {
      map.setView(data.center, EMPTY_ZOOM);
    }
  }

  function start() {
    document.querySelectorAll("[data-map]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
