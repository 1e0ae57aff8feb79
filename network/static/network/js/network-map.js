/* Progressive enhancement: the list already shows every organisation; this adds a map of the
   same results when Leaflet has loaded. Map tiles come from the visitor's browser.
   The server groups organisations that share a place into one point with a list of them
   (network/views/directory.py map_points): such a point gets a marker with the count, and its
   popup lists them all. */
(function () {
  "use strict";
  var container = document.getElementById("network-map");
  var dataNode = document.getElementById("network-map-data");
  if (!container || !dataNode || typeof window.L === "undefined") { return; }
  var points;
  try { points = JSON.parse(dataNode.textContent); } catch (e) { return; }
  if (!points.length) { return; }
  container.hidden = false;

  function escapeHtml(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node.innerHTML;
  }

  var map = L.map(container, { scrollWheelZoom: false });
  // A credit with visible link text (not Leaflet's flag icon), readable on any tile.
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  var credit = '<a href="' + escapeHtml(container.dataset.creditUrl) + '">' +
    escapeHtml(container.dataset.creditText) + "</a>";
  L.tileLayer(container.dataset.tiles, { maxZoom: 18, attribution: credit }).addTo(map);

  function itemNode(item, withPlace) {
    var title = document.createElement(item.url ? "a" : "strong");
    title.textContent = item.name;
    if (item.url) { title.href = item.url; }
    if (!withPlace || !item.place) { return title; }
    var wrap = document.createElement("span");
    wrap.appendChild(title);
    wrap.appendChild(document.createElement("br"));
    wrap.appendChild(document.createTextNode(item.place));
    return wrap;
  }

  var bounds = [];
  points.forEach(function (p) {
    var items = p.items || [];
    if (!items.length) { return; }
    var popup = document.createElement("div");
    var marker;
    if (items.length === 1) {
      marker = L.marker([p.lat, p.lon], { title: items[0].name, alt: items[0].name });
      popup.appendChild(itemNode(items[0], true));
    } else {
      var label = (p.place ? p.place + ": " : "") + items.length + " " + container.dataset.countLabel;
      var icon = L.divIcon({
        className: "network-map-cluster",
        html: '<span aria-hidden="true">' + items.length + "</span>",
        iconSize: [34, 34],
        iconAnchor: [17, 17],
        popupAnchor: [0, -17]
      });
      marker = L.marker([p.lat, p.lon], { icon: icon, title: label, alt: label, keyboard: true });
      var heading = document.createElement("strong");
      heading.textContent = label;
      popup.appendChild(heading);
      var list = document.createElement("ul");
      list.className = "network-map-list";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.appendChild(itemNode(item, false));
        list.appendChild(li);
      });
      popup.appendChild(list);
    }
    if (items.length > 1) {
      // A divIcon is a div: give it a name for screen readers as an image marker has its alt.
      // Its element exists once the map shows it, which may be after this loop.
      marker.on("add", function () { marker.getElement().setAttribute("aria-label", marker.options.title); });
    }
    marker.addTo(map).bindPopup(popup);
    bounds.push([p.lat, p.lon]);
  });
  if (!bounds.length) { container.hidden = true; return; }
  // "In de buurt": the circle searched, so the pins are seen against the distance asked for.
  var nearLat = parseFloat(container.dataset.nearLat);
  var nearLon = parseFloat(container.dataset.nearLon);
  var nearKm = parseFloat(container.dataset.nearKm);
  if (!isNaN(nearLat) && !isNaN(nearLon) && !isNaN(nearKm)) {
    // The circle's own bounds need a map with a view; these are the same, worked out by hand.
    var dLat = nearKm / 111.0;
    var dLon = nearKm / (111.32 * Math.cos(nearLat * Math.PI / 180));
    map.fitBounds([[nearLat - dLat, nearLon - dLon], [nearLat + dLat, nearLon + dLon]], { padding: [10, 10] });
    L.circle([nearLat, nearLon], {
      radius: nearKm * 1000, interactive: false, weight: 2, color: "#1a5e8a", fillOpacity: 0.05
    }).addTo(map);
    return;
  }
  if (bounds.length === 1) { map.setView(bounds[0], 13); } else { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 }); }
})();
