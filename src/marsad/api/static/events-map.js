// marsad events page: a Leaflet map with no tile server. The base layer is the vendored
// Natural Earth country boundaries (world-atlas, TopoJSON); the markers are the events of the
// current filters grouped by place, read from the page's own JSON block.
"use strict";
(function () {
  const holder = document.getElementById("map");
  const data = document.getElementById("points");
  if (!holder || !data || typeof L === "undefined") return;
  const points = JSON.parse(data.textContent);
  const map = L.map(holder, { attributionControl: true, worldCopyJump: true }).setView([30, 38], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");

  fetch("/static/vendor/countries-50m.json")
    .then((response) => response.json())
    .then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, { interactive: false, style: { color: "#9aa5b1", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
        .addTo(map).bringToBack();
    })
    .catch(() => holder.classList.add("no-base-layer"));

  const markers = [];
  points.forEach((p) => {
    const radius = 4 + 3 * Math.sqrt(p.events);
    const marker = L.circleMarker([p.lat, p.lon], {
      radius: Math.min(radius, 30), color: "#7f1d1d", weight: 1, fillColor: "#dc2626", fillOpacity: 0.6,
      className: "event-marker",
    });
    // Built from text nodes, never HTML: place names come from articles.
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = p.place || p.place_en || "";
    const detail = document.createElement("div");
    detail.textContent = `${p.events} حدث · ${p.fatalities} قتيل` + (p.country ? ` · ${p.country}` : "");
    const link = document.createElement("a");
    const params = new URLSearchParams(location.search);
    params.set("place", p.place || "");
    params.delete("page");
    link.href = "/events?" + params.toString();
    link.textContent = "أحداث هذا المكان";
    box.append(title, detail, link);
    marker.bindPopup(box);
    marker.addTo(map);
    markers.push(marker);
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 7 });
  holder.dataset.markers = String(markers.length);
})();
