// Draw every <canvas data-chart="ID">, reading its configuration from the JSON
// block with that ID (written by Django's json_script, so no inline script runs).
(function () {
  "use strict";
  var palette = ["#0b5d57", "#d97706", "#2563eb", "#b02a37", "#6f42c1", "#198754", "#6c757d"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = set.color || palette[i % palette.length];
      return {
        label: set.label, data: set.data, backgroundColor: colour, borderColor: colour,
        fill: false, tension: 0.2, spanGaps: true
      };
    });
    var options = { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: datasets.length > 1 } } };
    if (spec.horizontal) { options.indexAxis = "y"; }
    if (spec.max !== undefined) {
      var axis = spec.horizontal ? "x" : "y";
      options.scales = {};
      options.scales[axis] = { min: spec.min || 0, max: spec.max };
    }
    new Chart(canvas, { type: spec.type || "bar", data: { labels: spec.labels, datasets: datasets }, options: options });
  });
})();
