// Draw every <canvas data-chart="ID">, reading its configuration from the JSON
// block with that ID (written by Django's json_script, so no inline script runs).
(function () {
  "use strict";
  var palette = ["#0b5d57", "#d97706", "#2563eb", "#b02a37", "#6f42c1", "#198754", "#6c757d"];
  // Chart.js gives a vertical axis at most half the chart's width and cuts a longer label at the
  // canvas's edge: long names (service units, dimensions) are broken into lines instead.
  var LINE = 18;
  function lines(label) {
    if (typeof label !== "string" || label.length <= LINE) { return label; }
    var out = [], line = "";
    label.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > LINE) { out.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    return out;
  }
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
    var labels = spec.horizontal ? spec.labels.map(lines) : spec.labels;
    if (spec.horizontal) {
      // Room for every bar and its label's lines: the box grows with the number of names.
      var rows = labels.reduce(function (n, l) { return n + (Array.isArray(l) ? l.length : 1); }, 0);
      var box = canvas.parentNode;
      box.style.height = Math.max(box.clientHeight, 60 + rows * 18 + labels.length * 16) + "px";
      // Every name is shown: the box was made tall enough for all of them.
      options.scales = options.scales || {};
      options.scales.y = { ticks: { autoSkip: false } };
    }
    new Chart(canvas, { type: spec.type || "bar", data: { labels: labels, datasets: datasets }, options: options });
  });
})();
