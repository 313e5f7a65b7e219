"""A fact's timeline as an SVG chart, drawn on the server: the values each source stated, over time.

One coloured line per source (a step: a value holds until the source states another), a dot per
statement, the baseline as a dashed line, dates along the bottom and values up the side. Figures
get a numeric axis; claims and lists one row per value. Plain SVG with text labels, readable
without JavaScript; every label is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 960, 300
LEFT, RIGHT, TOP, BOTTOM = 150, 20, 16, 60
# Colour-blind-safe (Okabe–Ito), in order of the sources' first statement.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


@dataclass(frozen=True)
class Point:
    at: datetime
    value: float | str  # a number for figures; the value in words for claims and lists
    words: str  # what the tooltip says


def timeline_svg(series: dict[str, list[Point]], *, baseline: float | str | None = None,
                 baseline_words: str = "", title: str = "") -> Markup:
    """The chart of ``series`` (source → its statements in time order); empty Markup without points."""
    points = [point for statements in series.values() for point in statements]
    if not points:
        return Markup("")
    numeric = all(isinstance(point.value, (int, float)) for point in points)
    if numeric:
        values = [float(point.value) for point in points] + ([float(baseline)] if isinstance(baseline, (int, float)) else [])
        ticks, y_of, tick_words = _numeric_axis(values)
    else:
        categories = sorted({str(point.value) for point in points} | ({str(baseline)} if baseline is not None else set()))
        ticks, y_of, tick_words = _category_axis(categories)
    start, end = min(point.at for point in points), max(point.at for point in points)
    if end - start < timedelta(days=1):
        start, end = start - timedelta(hours=12), end + timedelta(hours=12)
    span = (end - start).total_seconds()
    plot_width = WIDTH - LEFT - RIGHT

    def x_of(moment: datetime) -> float:
        return LEFT + 10 + (plot_width - 20) * (moment - start).total_seconds() / span

    parts = [
        f'<svg class="monitor-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" style="max-width:{WIDTH}px;font:12px sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{HEIGHT - TOP - BOTTOM}" fill="#fafafa" stroke="#ddd"/>',
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6e6e6"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{escape(tick_words(tick))}</text>')
    for moment in _date_ticks(start, end):
        x = x_of(moment)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM + 4}" stroke="#999"/>')
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="#444">'
                     f'{moment:%d %b %Y}</text>')  # fmt: skip
    if baseline is not None:
        y = y_of(float(baseline) if numeric else str(baseline))
        parts.append(f'<line class="monitor-baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#555" stroke-dasharray="6 4"><title>baseline: {escape(baseline_words)}</title></line>')  # fmt: skip
        parts.append(f'<text x="{WIDTH - RIGHT - 4}" y="{y - 5:.1f}" text-anchor="end" fill="#555">'
                     f'baseline {escape(baseline_words)}</text>')  # fmt: skip
    legend_x = LEFT
    for number, (source, statements) in enumerate(series.items()):
        colour = COLOURS[number % len(COLOURS)]
        coordinates = [(x_of(point.at), y_of(float(point.value) if numeric else str(point.value))) for point in statements]
        path = []
        for index, (x, y) in enumerate(coordinates):
            if index:
                path.append(f"H{x:.1f} V{y:.1f}")
            else:
                path.append(f"M{x:.1f} {y:.1f}")
        if len(coordinates) > 1:
            parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for (x, y), point in zip(coordinates, statements):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}" stroke="#fff" stroke-width="1.5">'
                         f"<title>{escape(source)}, {point.at:%d %b %Y %H:%M}: {escape(point.words)}</title></circle>")  # fmt: skip
        legend_y = HEIGHT - 18
        parts.append(f'<rect x="{legend_x}" y="{legend_y - 9}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 16}" y="{legend_y + 1}" fill="#222">{escape(source)}</text>')
        legend_x += 28 + 7 * len(source)
    parts.append("</svg>")
    return Markup("".join(parts))


def _numeric_axis(values: list[float]):
    low, high = min(values), max(values)
    if low == high:
        low, high = low * 0.9, high * 1.1 or 1.0
    step = _nice_step((high - low) / 4)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks = [first + step * n for n in range(int(round((last - first) / step)) + 1)]
    plot_height = HEIGHT - TOP - BOTTOM - 20

    def y_of(value: float) -> float:
        return TOP + 10 + plot_height * (1 - (value - first) / ((last - first) or 1))

    return ticks, y_of, short_number


def _category_axis(categories: list[str]):
    plot_height = HEIGHT - TOP - BOTTOM - 20
    gap = plot_height / max(1, len(categories) - 1) if len(categories) > 1 else 0

    def y_of(value: str) -> float:
        index = categories.index(value)
        return TOP + 10 + (plot_height / 2 if len(categories) == 1 else plot_height - gap * index)

    return categories, y_of, lambda value: value if len(value) <= 22 else value[:21] + "…"


def _nice_step(rough: float) -> float:
    magnitude = 10 ** math.floor(math.log10(rough)) if rough > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if rough <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def short_number(value: float) -> str:
    """130e9 → "130 bn", 4e7 → "40 M", 27 → "27"."""
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _date_ticks(start: datetime, end: datetime, count: int = 6) -> list[datetime]:
    step = (end - start) / (count - 1)
    return [start + step * n for n in range(count)]
