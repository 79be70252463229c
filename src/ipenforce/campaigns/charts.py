"""Server-side SVG charts of the impact report (no JavaScript, no inline styles: strict CSP).

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that say what it shows; the
page puts a table with the same figures next to it (the text alternative). Colours and fonts come
from classes styled in `static/campaigns/report.css`; geometry uses SVG presentation attributes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 760
LABEL_W = 230
VALUE_W = 150
FOREST_VALUE_W = 200
ROW_H = 34


def _pct(value: float, digits: int = 1) -> str:
    return f"{100 * value:.{digits}f}\u00a0%"


def _pp(value: float) -> str:
    return f"{100 * value:+.1f}\u00a0pp"


def format_p(value: float) -> str:
    """A p-value as people read it: 0.0123, or '< 0.0001'."""
    return "< 0.0001" if value < 0.0001 else f"{value:.4f}".rstrip("0").rstrip(".")


def _open(chart_id: str, height: int, title: str, desc: str, css: str) -> list[str]:
    return [
        f'<svg class="chart {css}" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def p_text(value: float) -> str:
    """'= 0.0123' or '< 0.0001' (after a 'p')."""
    text = format_p(value)
    return text if text.startswith("<") else f"= {text}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    css: str = "bar"


def funnel(
    chart_id: str, bars: Sequence[Bar], *, title: str, desc: str, legend: str = ""
) -> SafeString:
    """Horizontal bars, longest first: targets → sent → delivered → answered → licensed."""
    top = max((b.value for b in bars), default=0) or 1
    plot_w = WIDTH - LABEL_W - VALUE_W
    height = ROW_H * len(bars) + 16
    out = _open(chart_id, height, title, desc, "chart-funnel")
    for i, bar in enumerate(bars):
        y = 8 + i * ROW_H
        w = max(1.0, plot_w * bar.value / top) if bar.value else 0.0
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + ROW_H / 2 + 5:.1f}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
        )
        out.append(
            f'<rect class="{bar.css}" x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" '
            f'height="{ROW_H - 8}" rx="2"/>'
        )
        out.append(
            f'<text class="chart-value" x="{LABEL_W + w + 6:.1f}" y="{y + ROW_H / 2 + 5:.1f}">'
            f"{escape(bar.text)}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above


@dataclass(frozen=True)
class Interval:
    label: str
    estimate: float
    low: float
    high: float
    text: str
    css: str = "point"


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or 1.0
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-12:
        ticks.append(round(value, 10))
        value += step
    return ticks


def forest(
    chart_id: str,
    rows: Sequence[Interval],
    *,
    title: str,
    desc: str,
    reference: float | None = None,
    reference_label: str = "",
    difference: bool = False,
) -> SafeString:
    """Dot-and-whisker chart: each row's estimate with its 95 % interval on a shared axis.

    `reference` draws a vertical line (0 for differences, the control rate for rates)."""
    values = [v for r in rows for v in (r.low, r.high, r.estimate)]
    if reference is not None:
        values.append(reference)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or 0.01
    low, high = low - pad, high + pad
    if not difference:
        low, high = max(0.0, low), min(1.0, high)
    ticks = _nice_ticks(low, high)
    low, high = min([low, *ticks]), max([high, *ticks])
    plot_w = WIDTH - LABEL_W - FOREST_VALUE_W - 20
    axis_y = 12 + ROW_H * len(rows)
    height = axis_y + 44

    def x(value: float) -> float:
        return LABEL_W + (value - low) / ((high - low) or 1) * plot_w

    out = _open(chart_id, height, title, desc, "chart-forest")
    for tick in ticks:
        out.append(
            f'<line class="grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="6" y2="{axis_y}"/>'
        )
        label = _pp(tick) if difference else _pct(tick, 0)
        out.append(
            f'<text class="chart-tick" x="{x(tick):.1f}" y="{axis_y + 18}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    out.append(
        f'<line class="axis" x1="{LABEL_W}" x2="{LABEL_W + plot_w}" y1="{axis_y}" y2="{axis_y}"/>'
    )
    if reference is not None:
        out.append(
            f'<line class="reference" x1="{x(reference):.1f}" x2="{x(reference):.1f}" y1="4" '
            f'y2="{axis_y}"/>'
        )
        if reference_label:
            out.append(
                f'<text class="chart-tick" x="{x(reference):.1f}" y="{axis_y + 36}" '
                f'text-anchor="middle">{escape(reference_label)}</text>'
            )
    for i, row in enumerate(rows):
        cy = 12 + i * ROW_H + ROW_H / 2
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{cy + 5:.1f}" '
            f'text-anchor="end">{escape(row.label)}</text>'
        )
        x1, x2 = x(row.low), x(row.high)
        out.append(f'<line class="whisker" x1="{x1:.1f}" x2="{x2:.1f}" y1="{cy}" y2="{cy}"/>')
        for xe in (x1, x2):
            out.append(
                f'<line class="whisker" x1="{xe:.1f}" x2="{xe:.1f}" y1="{cy - 7}" y2="{cy + 7}"/>'
            )
        out.append(f'<circle class="{row.css}" cx="{x(row.estimate):.1f}" cy="{cy}" r="6"/>')
        out.append(
            f'<text class="chart-value" x="{LABEL_W + plot_w + 14}" y="{cy + 5:.1f}">'
            f"{escape(row.text)}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above


@dataclass(frozen=True)
class GroupedBar:
    label: str
    values: tuple[float | None, ...]


def grouped_bars(
    chart_id: str,
    rows: Sequence[GroupedBar],
    series: Sequence[tuple[str, str]],
    *,
    title: str,
    desc: str,
) -> SafeString:
    """Horizontal grouped bars of rates (0–1): one group per row, one bar per series
    (`series` = [(legend label, css class)])."""
    top = max((v for r in rows for v in r.values if v is not None), default=0) or 0.01
    top = min(1.0, top * 1.1)
    plot_w = WIDTH - LABEL_W - VALUE_W
    bar_h = 12
    group_h = bar_h * len(series) + 12
    legend_h = 26
    height = legend_h + group_h * len(rows) + 8
    out = _open(chart_id, height, title, desc, "chart-bars")
    lx = LABEL_W
    for name, css in series:
        out.append(f'<rect class="{css}" x="{lx}" y="6" width="14" height="14"/>')
        out.append(f'<text class="chart-tick" x="{lx + 20}" y="18">{escape(name)}</text>')
        lx += 30 + 8 * len(name)
    for i, row in enumerate(rows):
        y0 = legend_h + i * group_h
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y0 + group_h / 2 + 2:.1f}" '
            f'text-anchor="end">{escape(row.label)}</text>'
        )
        for j, ((_name, css), value) in enumerate(zip(series, row.values, strict=True)):
            y = y0 + 4 + j * bar_h
            w = plot_w * (value or 0) / top
            out.append(
                f'<rect class="{css}" x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{bar_h - 2}"/>'
            )
            text = "—" if value is None else _pct(value)
            out.append(
                f'<text class="chart-small" x="{LABEL_W + w + 4:.1f}" y="{y + bar_h - 3}">'
                f"{escape(text)}</text>"
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above
