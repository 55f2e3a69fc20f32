"""The hotspot chart: a scatter of churn against complexity, drawn as SVG by archgov itself.

One dot per measured file (the MAX_POINTS highest scores), x = churn, y = cyclomatic
complexity, both on square-root scales so a few giants do not flatten the rest; the dot's
area follows the file's lines of code and its colour its service; the top LABELLED files
carry their name. Hotspots gather in the upper right. No script, no network, every text
escaped; the same model gives the same bytes.
"""

from __future__ import annotations

import math
from html import escape

from analyzer.analysis.hotspots import file_hotspots
from analyzer.model import SystemModel

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 48
MAX_POINTS = 300
LABELLED = 5
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")


def hotspot_svg(model: SystemModel) -> str | None:
    """The chart as an SVG element, or None when no file has both history and complexity."""
    frame = file_hotspots(model)
    frame = frame[frame["churn"] > 0].head(MAX_POINTS)
    if frame.empty:
        return None
    max_x, max_y = _nice(frame["churn"].max()), _nice(frame["cyclomatic"].max())
    max_nloc = max(int(frame["nloc"].max()), 1)
    services = sorted({s for s in frame["service"] if isinstance(s, str)})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(services)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="hotspot-chart" role="img" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
             f'font-family="sans-serif" font-size="11">',
             "<title>Hotspots: churn against cyclomatic complexity</title>"]
    parts += _axes(max_x, max_y)
    rows = list(frame.itertuples(index=False))
    for row in reversed(rows):  # the worst drawn last, on top
        x, y = _x(row.churn, max_x), _y(row.cyclomatic, max_y)
        radius = 3 + 11 * math.sqrt(max(int(row.nloc), 0) / max_nloc)
        service = row.service if isinstance(row.service, str) else None
        tip = (f"#{row.rank} {row.file} ({service or 'no service'}): {row.revisions} changes, "
               f"churn {row.churn}, complexity {row.cyclomatic}, {row.nloc} lines")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
                     f'fill="{colour.get(service, "#999999")}" fill-opacity="0.7" '
                     f'stroke="#333333" stroke-width="0.5"><title>{escape(tip)}</title></circle>')
    for row in rows[:LABELLED]:
        x, y = _x(row.churn, max_x), _y(row.cyclomatic, max_y)
        name = row.file.rsplit("/", 1)[-1]
        anchor = "end" if x > WIDTH - 160 else "start"
        gap = 5 + 11 * math.sqrt(max(int(row.nloc), 0) / max_nloc)
        dx = -gap if anchor == "end" else gap
        parts.append(f'<text x="{x + dx:.1f}" y="{y - 6:.1f}" text-anchor="{anchor}">'
                     f'{escape(name)}</text>')
    parts += _legend(colour)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# -- private --------------------------------------------------------------------------------


def _axes(max_x: float, max_y: float) -> list[str]:
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333333"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#333333"/>']
    for value in _ticks(max_x):
        x = _x(value, max_x)
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" '
                     f'stroke="#333333"/><text x="{x:.1f}" y="{bottom + 16}" '
                     f'text-anchor="middle">{value:g}</text>')
    for value in _ticks(max_y):
        y = _y(value, max_y)
        parts.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
                     f'stroke="#dddddd"/><text x="{LEFT - 8}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{value:g}</text>')
    parts.append(f'<text x="{(LEFT + right) / 2:.0f}" y="{HEIGHT - 10}" text-anchor="middle">'
                 "churn (lines added + deleted, square-root scale)</text>")
    parts.append(f'<text transform="translate(16 {(TOP + bottom) / 2:.0f}) rotate(-90)" '
                 'text-anchor="middle">cyclomatic complexity</text>')
    return parts


def _legend(colour: dict[str, str]) -> list[str]:
    parts = []
    for i, (service, fill) in enumerate(sorted(colour.items())[:len(PALETTE)]):
        y = TOP + 4 + i * 16
        parts.append(f'<rect x="{LEFT + 12}" y="{y}" width="10" height="10" fill="{fill}"/>'
                     f'<text x="{LEFT + 28}" y="{y + 9}">{escape(service)}</text>')
    return parts


def _x(value: float, top: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * math.sqrt(max(value, 0) / top)


def _y(value: float, top: float) -> float:
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * math.sqrt(max(value, 0) / top)


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (at least 1)."""
    value = max(float(value), 1.0)
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _ticks(top: float) -> list[float]:
    return [top * f for f in (0, 0.1, 0.25, 0.5, 1)]
