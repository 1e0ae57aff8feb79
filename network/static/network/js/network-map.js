/* Progressive enhancement: the list above already shows every organisation; this adds a map of
   the same results when Leaflet has loaded. Map tiles come from the visitor's browser. */
(function () {
  "use strict";
  var container = document.getElementById("network-map");
  var dataNode = document.getElementById("network-map-data");
  if (!container || !dataNode || typeof window.L === "undefined") { return; }
  var points;
  try { points = JSON.parse(dataNode.textContent); } catch (e) { return; }
  if (!points.length) { return; }
  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer(container.dataset.tiles, { maxZoom: 18, attribution: container.dataset.attribution }).addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map);
    var popup = document.createElement("div");
    var title = document.createElement(p.url ? "a" : "strong");
    title.textContent = p.name;
    if (p.url) { title.href = p.url; }
    popup.appendChild(title);
    if (p.place) { popup.appendChild(document.createElement("br")); popup.appendChild(document.createTextNode(p.place)); }
    marker.bindPopup(popup);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length === 1) { map.setView(bounds[0], 13); } else { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 }); }
})();
