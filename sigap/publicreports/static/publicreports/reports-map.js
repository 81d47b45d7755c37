// The public reports map: clustered markers, loaded from the list's own filters.
(function () {
  "use strict";
  var el = document.querySelector("[data-reports-map]");
  if (!el || typeof L === "undefined") { return; }
  var icon = SigapMaps.pin(el);
  var map = L.map(el).setView([parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLng)], 12);
  L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  var cluster = L.markerClusterGroup({ chunkedLoading: true });
  map.addLayer(cluster);
  fetch(el.dataset.pointsUrl, { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var markers = data.points.map(function (p) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.title;
        var box = document.createElement("div");
        box.appendChild(link);
        var status = document.createElement("div");
        status.className = "small";
        status.textContent = p.status;
        box.appendChild(status);
        return L.marker([p.lat, p.lng], { title: p.title, icon: icon }).bindPopup(box);
      });
      cluster.addLayers(markers);
      el.dataset.loaded = String(markers.length);
      if (markers.length) { map.fitBounds(cluster.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
    });
})();
