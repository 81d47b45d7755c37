"""What a person sees: controls that cannot be clicked, text boxes drawn over each other, cut-off cells,
tables and chart labels.

`layout_problems(page)` runs in the browser on the page as it is and returns one sentence per problem,
naming the element, so a failing test says what to fix.
"""

from __future__ import annotations

from typing import Any

# Each interactive control is scrolled to the middle of the screen and `elementFromPoint` is asked what
# is drawn at its centre: the control itself, something inside it, or one of its labels must be there.
# Controls that are not drawn (hidden, collapsed, inside a closed <details>) or that Bootstrap hides on
# purpose behind their label (`.btn-check`, visually hidden) are skipped.
LAYOUT_SCRIPT = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (e) => {
    const text = (e.innerText || e.value || e.getAttribute("aria-label") || e.name || "").trim().slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${text ? ' "' + text + '"' : ""}`;
  };
  const drawn = (e) => {
    const style = getComputedStyle(e);
    if (style.visibility === "hidden" || style.pointerEvents === "none") return false;
    if (e.closest("[hidden], .visually-hidden, .leaflet-container")) return false;
    const folded = e.closest("details:not([open])");
    if (folded && !e.closest("summary")) return false;  // inside a closed <details>: not shown
    const r = e.getBoundingClientRect();
    return e.getClientRects().length > 0 && r.width > 2 && r.height > 2;
  };
  const controls = [...document.querySelectorAll("input:not([type=hidden]), button, a[href], select, textarea, label")]
    .filter(drawn);
  for (const e of controls) {
    let r = e.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) {
      e.scrollIntoView({block: "center", inline: "nearest"});
      r = e.getBoundingClientRect();
    }
    // A link that wraps onto two lines: its first line's box, not the whole block, is what one clicks.
    const first = e.getClientRects()[0];
    const x = first.left + first.width / 2, y = first.top + first.height / 2;
    if (r.right > width + 0.5 || r.left < -0.5) {
      const span = `${Math.round(r.left)}–${Math.round(r.right)} of ${width} px`;
      problems.push(`${name(e)} lies outside the screen width (${span})`);
      continue;
    }
    if (y < 0 || y > window.innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit === null) continue;
    const labels = [...(e.labels || [])];
    const ok = hit === e || e.contains(hit) || labels.some((l) => l === hit || l.contains(hit))
      || (e.tagName === "LABEL" && e.control && (hit === e.control || e.control.contains(hit)))
      || (hit.closest("label") !== null && hit.closest("label").contains(e));
    if (!ok) problems.push(`${name(e)} is covered at its centre by ${name(hit)}`);
  }
  // Text boxes drawn over each other: labels, legends, headings, paragraphs and table cells.
  const texts = "main label, main legend, main h1, main h2, main h3, main h4, main p, main td, main th";
  const boxes = [...document.querySelectorAll(texts)].filter(drawn).map((e) => [e, e.getBoundingClientRect()]);
  window.scrollTo(0, 0);
  const absolute = boxes.map(([e]) => {
    const r = e.getBoundingClientRect();
    return [e, {left: r.left, right: r.right, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}];
  });
  for (let i = 0; i < absolute.length && problems.length < 40; i++) {
    const [a, ra] = absolute[i];
    for (let j = i + 1; j < absolute.length; j++) {
      const [b, rb] = absolute[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 4 && h > 4) problems.push(`${name(a)} and ${name(b)} are drawn over each other`);
    }
  }
  // Table cells whose text is cut off (wider than the cell and hidden).
  for (const cell of document.querySelectorAll("main td, main th")) {
    if (!drawn(cell)) continue;
    const style = getComputedStyle(cell);
    if (cell.scrollWidth > cell.clientWidth + 1 && style.overflow !== "visible") {
      problems.push(`${name(cell)} is cut off (${cell.scrollWidth} px of text in ${cell.clientWidth} px)`);
    }
  }
  // Tables: none may run past the screen's edge. In a scroll box (.table-responsive) a wide table may scroll
  // sideways on a phone (WCAG 2.1 SC 1.4.10 exempts data tables from reflow), but on a desktop screen a
  // table cut off by its box, columns reachable only by scrolling, is a layout to fix.
  for (const table of document.querySelectorAll("main table")) {
    if (!drawn(table)) continue;
    const box = table.parentElement.closest(".table-responsive");
    const r = table.getBoundingClientRect();
    const what = `table ${name(table.rows[0] || table)}`;
    if (box === null && r.right > width + 0.5) {
      problems.push(`${what} runs past the screen's edge (${Math.round(r.right)} of ${width} px)`);
    } else if (box !== null && width >= 992 && box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${what} is cut off (${box.scrollWidth} px wide in a ${box.clientWidth} px box)`);
    }
  }
  // Charts (Chart.js draws on a canvas): every category label shown, none cut at the canvas's edge.
  for (const canvas of document.querySelectorAll("main canvas[data-chart]")) {
    if (!drawn(canvas)) continue;
    const chart = window.Chart && window.Chart.getChart(canvas);
    if (!chart) { problems.push(`chart ${canvas.dataset.chart} was not drawn`); continue; }
    const what = `chart ${canvas.dataset.chart} (${canvas.clientWidth} px)`;
    for (const scale of Object.values(chart.scales)) {
      if (scale.type !== "category") continue;
      const all = scale.getLabels().length;
      if (scale.ticks.length < all) {
        problems.push(`${what} shows ${scale.ticks.length} of its ${all} labels: too narrow for them`);
      }
      for (const item of scale.getLabelItems()) {
        const lines = Array.isArray(item.label) ? item.label : [item.label];
        chart.ctx.save();
        chart.ctx.font = item.font.string;
        const w = Math.max(...lines.map((l) => chart.ctx.measureText(String(l)).width));
        chart.ctx.restore();
        const x = item.options.translation[0];
        const across = w * Math.abs(Math.cos(item.options.rotation || 0));
        const align = item.options.textAlign;
        const left = align === "right" ? x - across : align === "center" ? x - across / 2 : x;
        if (left < -1 || left + across > chart.width + 1) {
          problems.push(`${what}: label "${lines.join(" ")}" is cut off at the chart's edge`);
        }
      }
    }
  }
  return problems;
}"""


def layout_problems(page: Any, *, whole_page: bool = False) -> list[str]:
    """The page's layout problems as sentences (empty when a person can use every control).

    `whole_page`: make the window as tall as the page first, so nothing needs scrolling into view (much
    faster on long pages); the window is put back afterwards.
    """
    if not whole_page:
        return list(page.evaluate(LAYOUT_SCRIPT))
    size = page.viewport_size
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height, 12000))})
    try:
        return list(page.evaluate(LAYOUT_SCRIPT))
    finally:
        page.set_viewport_size(size)
