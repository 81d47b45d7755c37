// Dashboard and statistics pages: Chart.js charts from the page's JSON, and a clustered map.
(function () {
  "use strict";
  var dataEl = document.getElementById("dashboard-data");
  var labelsEl = document.getElementById("chart-labels");
  if (!dataEl || !labelsEl) { return; }
  var data = JSON.parse(dataEl.textContent);
  var t = JSON.parse(labelsEl.textContent);
  var palette = ["#0b5394", "#e69138", "#6aa84f", "#cc0000", "#674ea7", "#45818e", "#bf9000", "#a64d79",
                 "#3d85c6", "#93c47d", "#f6b26b", "#8e7cc3"];

  function pick(rows, key) { return rows.map(function (r) { return r[key]; }); }

  // Count axes step by whole numbers: "0.5 complaints" on a quiet month reads as a fault.
  function counts(axis, extra) {
    var scales = {};
    scales[axis] = Object.assign({ beginAtZero: true, ticks: { precision: 0 } }, extra || {});
    return scales;
  }

  function isEmpty(config) {
    return config.data.datasets.every(function (d) {
      return d.data.every(function (v) { return v === null || v === undefined || v === 0; });
    });
  }

  function draw(name, config) {
    var canvas = document.querySelector('canvas[data-chart="' + name + '"]');
    if (!canvas || typeof Chart === "undefined") { return; }
    canvas.dataset.rendered = "true";
    if (isEmpty(config)) {
      // A blank grid looks broken; say there is nothing to draw for the chosen period instead.
      var note = document.createElement("p");
      note.className = "chart-empty text-body-secondary";
      note.textContent = t.no_data;
      canvas.hidden = true;
      canvas.dataset.empty = "true";
      canvas.parentNode.appendChild(note);
      return;
    }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    canvas.chart = new Chart(canvas, config);
  }

  if (data.by_month) {
    draw("by_month", { type: "bar", options: { scales: counts("y") }, data: { labels: pick(data.by_month, "label"), datasets: [
      { label: t.received, data: pick(data.by_month, "received"), borderColor: palette[0], backgroundColor: palette[0] },
      { label: t.answered, data: pick(data.by_month, "answered"), borderColor: palette[2], backgroundColor: palette[2] }
    ] } });
  }
  ["by_month_channel", "by_month_opd"].forEach(function (name) {
    var stack = data[name];
    if (!stack) { return; }
    draw(name, { type: "bar", options: { scales: Object.assign({ x: { stacked: true } }, counts("y", { stacked: true })) }, data: {
      labels: stack.months,
      datasets: stack.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] }; })
    } });
  });
  if (data.by_channel) {
    draw("by_channel", { type: "doughnut", data: { labels: pick(data.by_channel, "label"), datasets: [
      { data: pick(data.by_channel, "received"), backgroundColor: palette }
    ] } });
  }
  if (data.by_category) {
    draw("by_category", { type: "bar", options: { indexAxis: "y", scales: counts("x") }, data: { labels: pick(data.by_category, "label"), datasets: [
      { label: t.received, data: pick(data.by_category, "received"), backgroundColor: palette[0] }
    ] } });
  }
  if (data.by_opd) {
    var opds = pick(data.by_opd, "label");
    draw("by_opd_on_time", { type: "bar", options: { scales: { y: { min: 0, max: 100 } } }, data: { labels: opds, datasets: [
      { label: t.verification, data: pick(data.by_opd, "verification_on_time"), backgroundColor: palette[0] },
      { label: t.first_response, data: pick(data.by_opd, "first_response_on_time"), backgroundColor: palette[1] },
      { label: t.completion, data: pick(data.by_opd, "completion_on_time"), backgroundColor: palette[2] }
    ] } });
    draw("by_opd_workdays", { type: "bar", data: { labels: opds, datasets: [
      { label: t.workdays, data: pick(data.by_opd, "workdays_to_answer"), backgroundColor: palette[4] }
    ] } });
    draw("by_opd_quality", { type: "bar", data: { labels: opds, datasets: [
      { label: t.rating, data: pick(data.by_opd, "rating"), backgroundColor: palette[6] },
      { label: t.reopen, data: pick(data.by_opd, "reopen_rate"), backgroundColor: palette[3] }
    ] } });
  }

  var mapEl = document.querySelector("[data-cluster-map]");
  if (!mapEl || typeof L === "undefined") { return; }
  var icon = SigapMaps.pin(mapEl);
  var centre = [parseFloat(mapEl.dataset.centerLat), parseFloat(mapEl.dataset.centerLng)];
  var map = L.map(mapEl, { scrollWheelZoom: false }).setView(centre, 13);
  L.tileLayer(mapEl.dataset.tileUrl, { maxZoom: 19, attribution: mapEl.dataset.attribution }).addTo(map);
  var clusters = L.markerClusterGroup({ chunkedLoading: true });
  fetch(mapEl.dataset.pointsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (payload) {
      var markers = payload.points.map(function (p) {
        var point = Array.isArray(p) ? { lat: p[0], lng: p[1] } : p;
        var marker = L.marker([point.lat, point.lng], { icon: icon });
        if (point.code) {
          // Built with DOM nodes, never HTML strings: titles are citizens' text.
          var box = document.createElement("div");
          var title = document.createElement("div");
          title.textContent = point.title + " (" + point.status + ")";
          var link = document.createElement("a");
          link.href = mapEl.dataset.caseUrl.replace("CODE", encodeURIComponent(point.code));
          link.textContent = t.open_case + " " + point.code;
          box.appendChild(title);
          box.appendChild(link);
          marker.bindPopup(box);
        }
        return marker;
      });
      clusters.addLayers(markers);
      map.addLayer(clusters);
      if (markers.length) { map.fitBounds(clusters.getBounds(), { maxZoom: 15 }); }
      mapEl.dataset.points = String(markers.length);
    });
}());
