// marsad events page: a Leaflet map with no tile server. The base layer is the vendored
// Natural Earth country boundaries (world-atlas, TopoJSON); the markers are the events of the
// current filters grouped by place, read from the page's own JSON block.
"use strict";
(function () {
  const holder = document.getElementById("map");
  const data = document.getElementById("points");
  if (!holder || !data || typeof L === "undefined") return;
  const points = JSON.parse(data.textContent);
  const namesBlock = document.getElementById("map-labels");
  const names = namesBlock ? JSON.parse(namesBlock.textContent) : { countries: {}, precision: {} };
  const map = L.map(holder, { attributionControl: true, worldCopyJump: true }).setView([30, 38], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  window.__marsadMap = map;  // for the browser tests, which zoom out to the world view

  // world-atlas keeps spherical rings: Russia, Fiji and Antarctica step from 180° to -180°
  // inside one ring, which a flat map draws as a line across the whole world (the horizontal
  // bands). Each ring is unwrapped so that no step spans more than 180°; a ring that then
  // does not close goes round a pole (Antarctica) and is closed along that pole's edge.
  function unwrapRing(ring) {
    const out = [ring[0].slice()];
    for (let i = 1; i < ring.length; i++) {
      let lon = ring[i][0];
      const prev = out[i - 1][0];
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
      out.push([lon, ring[i][1]]);
    }
    const first = out[0], last = out[out.length - 1];
    if (Math.abs(last[0] - first[0]) > 180) {
      const pole = first[1] + last[1] < 0 ? -89.9 : 89.9;
      out.push([last[0], pole], [first[0], pole], first.slice());
    }
    return out;
  }
  function unwrap(geometry) {
    if (!geometry) return geometry;
    if (geometry.type === "Polygon") {
      return { type: "Polygon", coordinates: geometry.coordinates.map(unwrapRing) };
    }
    if (geometry.type === "MultiPolygon") {
      return { type: "MultiPolygon", coordinates: geometry.coordinates.map((p) => p.map(unwrapRing)) };
    }
    return geometry;
  }

  fetch("/static/vendor/countries-50m.json")
    .then((response) => response.json())
    .then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      countries.features.forEach((f) => { f.geometry = unwrap(f.geometry); });
      L.geoJSON(countries, { interactive: false, style: { color: "#9aa5b1", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
        .addTo(map).bringToBack();
      holder.dataset.baseLayer = "drawn";
    })
    .catch(() => holder.classList.add("no-base-layer"));

  // A place's precision decides how it is drawn: a town is a filled circle sized by its
  // events; a region a dashed circle; a country only its centroid, so a small hollow ring
  // that does not grow (a big bubble there would claim events for the whole country's middle).
  function style(p) {
    const size = 4 + 3 * Math.sqrt(p.events);
    if (p.precision === "country") {
      return { radius: 7, color: "#1f4e79", weight: 2, dashArray: "3 3", fillColor: "#ffffff", fillOpacity: 0.4, className: "event-marker precision-country" };
    }
    if (p.precision === "region") {
      return { radius: Math.min(size, 22), color: "#9a3412", weight: 2, dashArray: "4 3", fillColor: "#f97316", fillOpacity: 0.35, className: "event-marker precision-region" };
    }
    return { radius: Math.min(size, 30), color: "#7f1d1d", weight: 1, fillColor: "#dc2626", fillOpacity: 0.6, className: "event-marker precision-town" };
  }

  // Text nodes only, never HTML: place names come from articles. dir=auto lets an English
  // name ("Washington, D.C.") read left to right inside the Arabic page.
  function line(tag, text) {
    const el = document.createElement(tag);
    el.dir = "auto";
    el.textContent = text;
    return el;
  }
  function placeName(p) {
    return p.place || p.place_en || names.countries[p.country] || p.country || "";
  }
  function detail(p) {
    const where = [];
    if (p.country && names.countries[p.country] && placeName(p) !== names.countries[p.country]) where.push(names.countries[p.country]);
    if (p.precision && names.precision[p.precision]) where.push(names.precision[p.precision]);
    return `${p.events} حدث · ${p.fatalities} قتيل` + (where.length ? " · " + where.join(" · ") : "");
  }

  const markers = [];
  points.forEach((p) => {
    const marker = L.circleMarker([p.lat, p.lon], style(p));
    const tip = document.createElement("div");
    tip.append(line("strong", placeName(p)), line("div", detail(p)));
    marker.bindTooltip(tip, { direction: "top", className: "place-tip" });
    const box = document.createElement("div");
    const link = document.createElement("a");
    const params = new URLSearchParams(location.search);
    params.set("place", p.place || "");
    params.delete("page");
    link.href = "/events?" + params.toString();
    link.textContent = "أحداث هذا المكان";
    box.append(line("strong", placeName(p)), line("div", detail(p)), link);
    marker.bindPopup(box);
    marker.addTo(map);
    markers.push(marker);
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 7 });
  holder.dataset.markers = String(markers.length);
})();
