"""The findings chart: one horizontal bar per rule, stacked by severity, drawn as SVG by archgov.

Rules with the most findings come first (ties by rule id), at most MAX_RULES bars with a
note for the rest; each segment carries a tooltip with its count, and each bar links to the
findings table filtered by its rule (`#findings?rule=<id>`, read by the page's script). No
script inside the SVG, every text escaped, the same findings give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from urllib.parse import quote

from analyzer.model import Finding, Severity

MAX_RULES = 25
BAR, GAP, LABEL_W, BAR_W, RIGHT = 18, 6, 220, 420, 60
COLOURS = {"error": "#d1242f", "warning": "#d4a72c", "info": "#0969da"}
ORDER = ("error", "warning", "info")


def findings_svg(findings: list[Finding]) -> str | None:
    """The chart as an SVG element, or None without findings."""
    if not findings:
        return None
    counts = Counter((f.rule_id, f.severity.value) for f in findings)
    totals = Counter(f.rule_id for f in findings)
    rules = sorted(totals, key=lambda r: (-totals[r], r))
    shown, hidden = rules[:MAX_RULES], rules[MAX_RULES:]
    top = max(totals.values())
    height = 28 + len(shown) * (BAR + GAP) + (18 if hidden else 0) + 8
    width = LABEL_W + BAR_W + RIGHT
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="findings-chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">',
             "<title>Findings by rule and severity</title>"]
    parts += _legend()
    for row, rule in enumerate(shown):
        y = 28 + row * (BAR + GAP)
        parts.append(f'<a href="#findings?rule={escape(quote(rule, safe=""))}" '
                     f'class="chart-rule" data-rule="{escape(rule)}">')
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR - 5}" text-anchor="end" '
                     f'fill="#1f2328">{escape(_short(rule))}</text>')
        x = float(LABEL_W)
        for severity in ORDER:
            n = counts.get((rule, severity), 0)
            if not n:
                continue
            w = BAR_W * n / top
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}" '
                         f'fill="{COLOURS[severity]}"><title>{escape(rule)}: {n} {severity}'
                         f"</title></rect>")
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 5}" fill="#656d76">'
                     f"{totals[rule]}</text></a>")
    if hidden:
        rest = sum(totals[r] for r in hidden)
        parts.append(f'<text x="{LABEL_W}" y="{height - 10}" fill="#656d76">and {len(hidden)} '
                     f"more rules with {rest} findings (see the table)</text>")
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> list[str]:
    parts, x = [], LABEL_W
    for severity in ORDER:
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{COLOURS[severity]}"/>'
                     f'<text x="{x + 14}" y="15" fill="#656d76">{Severity(severity).value}</text>')
        x += 80
    return parts


def _short(rule: str, limit: int = 34) -> str:
    return rule if len(rule) <= limit else rule[: limit - 1] + "…"
