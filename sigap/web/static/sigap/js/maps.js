// Maps on Sigap's pages: a place picker (data-map-picker) and read-only views (data-map-view), and
// the marker icon every map uses (SigapMaps.pin; the clustered maps' scripts load after this one).
// Tile server, attribution and marker images come from data attributes set by the template.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  // An explicit icon: Leaflet's default one prefixes its guessed image folder and misses hashed static files.
  function pin(el) {
    return L.icon({
      iconUrl: el.dataset.iconUrl, iconRetinaUrl: el.dataset.iconRetinaUrl, shadowUrl: el.dataset.shadowUrl,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
    });
  }
  window.SigapMaps = { pin: pin };

  function baseMap(el, centre, zoom, options) {
    var map = L.map(el, options || {}).setView(centre, zoom);
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    return map;
  }

  document.querySelectorAll("[data-map-view]").forEach(function (el) {
    var at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
    var map = baseMap(el, at, 16, { scrollWheelZoom: false });
    L.marker(at, { icon: pin(el) }).addTo(map);
  });

  var picker = document.querySelector("[data-map-picker]");
  if (!picker) { return; }
  var latInput = document.getElementById(picker.dataset.latInput);
  var lngInput = document.getElementById(picker.dataset.lngInput);
  var status = document.getElementById("location-status");
  var centre = [parseFloat(picker.dataset.centerLat || "-7.6453"), parseFloat(picker.dataset.centerLng || "112.9075")];
  var map = baseMap(picker, centre, 13);
  var marker = null;

  function place(lat, lng) {
    latInput.value = lat.toFixed(6);
    lngInput.value = lng.toFixed(6);
    if (marker) { marker.setLatLng([lat, lng]); } else { marker = L.marker([lat, lng], { icon: pin(picker) }).addTo(map); }
    if (status) { status.textContent = lat.toFixed(5) + ", " + lng.toFixed(5); }
  }
  if (latInput.value && lngInput.value) {
    place(parseFloat(latInput.value), parseFloat(lngInput.value));
    map.setView([parseFloat(latInput.value), parseFloat(lngInput.value)], 16);
  }
  map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng); });

  var mine = document.getElementById("use-my-location");
  if (mine && navigator.geolocation) {
    mine.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        place(pos.coords.latitude, pos.coords.longitude);
        map.setView([pos.coords.latitude, pos.coords.longitude], 17);
      });
    });
  }
  var clear = document.getElementById("clear-location");
  if (clear) {
    clear.addEventListener("click", function () {
      latInput.value = ""; lngInput.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      if (status) { status.textContent = ""; }
    });
  }
})();
