"""The trend chart: findings per severity over the recorded audit runs, as SVG drawn by archgov.

One line per severity (error, warning, info) across the runs of a history file, oldest on the
left, with a dot per run whose tooltip gives its date, commit and counts; the graph size
(services, edges) is listed in the tooltip too. A single run is drawn as dots. No script, no
network, every text escaped; the same rows give the same bytes. The HTML report embeds it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from analyzer.model.trend import TrendPoint

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 120, 24, 48
MAX_RUNS = 200  # the newest runs drawn
SERIES = (("error", "#d73a49"), ("warning", "#dbab09"), ("info", "#6e7781"))


def render_trend_chart(rows: Sequence[TrendPoint]) -> str:
    """The chart as an SVG element; a short note in SVG when there is no run yet."""
    rows = list(rows)[-MAX_RUNS:]
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" role="img" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
            f'font-family="sans-serif" font-size="11">')
    if not rows:
        return (head + "<title>Findings over time</title>"
                f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">'
                "No recorded runs yet (archgov audit --history FILE)</text></svg>")
    top = _nice(max(max(getattr(r, name) for r in rows) for name, _ in SERIES))
    parts = [head, "<title>Findings over time, per severity</title>", *_axes(rows, top)]
    for name, colour in SERIES:
        points = [(_x(i, len(rows)), _y(getattr(r, name), top)) for i, r in enumerate(rows)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), row in zip(points, rows):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                         f"<title>{escape(_tip(row, name))}</title></circle>")
    for index, (name, colour) in enumerate(SERIES):
        y = TOP + 14 + 18 * index
        parts.append(f'<rect x="{WIDTH - RIGHT + 16}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{WIDTH - RIGHT + 32}" y="{y}">{name} ({getattr(rows[-1], name)})</text>')
    parts.append("</svg>")
    return "".join(parts)


def _axes(rows: list[TrendPoint], top: int) -> list[str]:
    x0, y0, x1 = LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#333333"/>',
             f'<line x1="{x0}" y1="{TOP}" x2="{x0}" y2="{y0}" stroke="#333333"/>']
    for tick in range(0, 5):
        value = top * tick // 4
        y = _y(value, top)
        parts.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    step = max(1, math.ceil(len(rows) / 6))
    for index in range(0, len(rows), step):
        x = _x(index, len(rows))
        parts.append(f'<text x="{x:.1f}" y="{y0 + 16}" text-anchor="middle">'
                     f"{escape(rows[index].recorded_at[:10])}</text>")
    parts.append(f'<text x="{(x0 + x1) / 2}" y="{HEIGHT - 8}" text-anchor="middle">audit runs</text>')
    return parts


def _tip(row: TrendPoint, name: str) -> str:
    commits = ", ".join(f"{root} {(commit or 'no git')[:12]}" for root, commit in sorted(row.commits.items()))
    return (f"run {row.run} at {row.recorded_at}{' (' + commits + ')' if commits else ''}: "
            f"{getattr(row, name)} {name}; {row.error} error, {row.warning} warning, {row.info} info; "
            f"{row.services} services, {row.edges} edges")


def _x(index: int, count: int) -> float:
    if count == 1:
        return (LEFT + WIDTH - RIGHT) / 2
    return LEFT + (WIDTH - RIGHT - LEFT) * index / (count - 1)


def _y(value: int, top: int) -> float:
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / top


def _nice(value: int) -> int:
    """An axis maximum at or above `value` that divides into four even ticks."""
    value = max(int(value), 4)
    return int(math.ceil(value / 4) * 4)
