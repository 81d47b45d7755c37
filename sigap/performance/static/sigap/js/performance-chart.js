// Draw the monthly trend from the data attribute the page carries (no inline script: CSP).
(function () {
  "use strict";
  var canvas = document.getElementById("trend-chart");
  if (!canvas || !window.Chart) { return; }
  var data = JSON.parse(canvas.dataset.series);
  new window.Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: canvas.dataset.labelAnswered, data: data.answered, yAxisID: "count", backgroundColor: "#9ec5c1" },
        { type: "line", label: canvas.dataset.labelDays, data: data.days_to_answer, yAxisID: "days", borderColor: "#0b5d57", spanGaps: true },
        { type: "line", label: canvas.dataset.labelOnTime, data: data.on_time, yAxisID: "share", borderColor: "#b02a37", spanGaps: true }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        count: { type: "linear", position: "left", beginAtZero: true, ticks: { precision: 0 } },
        days: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false } },
        share: { type: "linear", position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } }
      }
    }
  });
})();
