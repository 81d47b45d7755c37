"""Small bar charts as SVG, drawn on the server for PDF reports (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#0b5394", "#e69138", "#6aa84f", "#cc0000", "#674ea7")


def bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: int = 640,
    row: int = 18,
    maximum: float | None = None,
    unit: str = "",
) -> SafeString:
    """Return horizontal grouped bars: one group per label, one bar per series."""
    label_w, gap = 190, 8
    plot_w = width - label_w - 60
    values = [v for _, vs in series for v in vs if v is not None]
    top = maximum or max(values, default=0) or 1
    group_h = row * len(series) + gap
    height = group_h * len(labels) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-size="10">']
    for i, label in enumerate(labels):
        y0 = i * group_h
        parts.append(f'<text x="{label_w - 6}" y="{y0 + row - 5}" text-anchor="end">{escape(label[:30])}</text>')
        for j, (_, vs) in enumerate(series):
            value = vs[i]
            length = 0 if value is None else plot_w * value / top
            y = y0 + j * row
            colour = COLOURS[j % len(COLOURS)]
            parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="{row - 4}" fill="{colour}"/>')
            text = "—" if value is None else f"{value:g}{unit}"
            parts.append(f'<text x="{label_w + length + 4:.1f}" y="{y + row - 5}">{escape(text)}</text>')
    legend_y = height - 10
    for j, (name, _) in enumerate(series):
        x = label_w + j * 150
        colour = COLOURS[j % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{legend_y}">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def columns(labels: Sequence[str], values: Sequence[int], *, width: int = 640, height: int = 160) -> SafeString:
    """Return vertical columns, e.g. complaints per day of a month."""
    top = max(values, default=0) or 1
    plot_h = height - 30
    step = width / max(len(values), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-size="9">']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / top
        x = i * step
        bar_w = max(step - 2, 1)
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{COLOURS[0]}"/>'
        )
        if len(values) <= 31 and (i % 2 == 0):
            parts.append(f'<text x="{x + step / 2:.1f}" y="{plot_h + 12}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<text x="0" y="{height - 2}">max {top}</text></svg>')
    return mark_safe("".join(parts))
