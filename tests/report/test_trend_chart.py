"""The trend chart: one line per severity over the runs, escaped, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.model.trend import TrendPoint
from analyzer.report.trend_chart import MAX_RUNS, render_trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def _point(run: int, error: int, warning: int = 0, root: str = "shop") -> TrendPoint:
    return TrendPoint(run=run, recorded_at=f"2026-01-{run:02d}T00:00:00+00:00", error=error,
                      warning=warning, commits={root: "abcdef1234567890"}, services=3, edges=4)


def test_one_polyline_per_severity_and_a_dot_per_run():
    svg = ET.fromstring(render_trend_chart([_point(1, 3), _point(2, 1, 2), _point(3, 0, 5)]))
    assert len(svg.findall(f"{SVG}polyline")) == 3
    assert len(svg.findall(f"{SVG}circle")) == 9
    tips = [c.find(f"{SVG}title").text for c in svg.findall(f"{SVG}circle")]
    assert "run 2 at 2026-01-02T00:00:00+00:00 (shop abcdef123456): 1 error" in tips[1]
    legend = [t.text for t in svg.findall(f"{SVG}text")]
    assert "error (0)" in legend and "warning (5)" in legend  # the newest run's counts


def test_more_errors_are_drawn_higher():
    svg = ET.fromstring(render_trend_chart([_point(1, 8), _point(2, 2)]))
    first, second = svg.findall(f"{SVG}circle")[:2]
    assert float(first.get("cy")) < float(second.get("cy"))


def test_no_runs_and_one_run():
    assert "No recorded runs yet" in render_trend_chart([])
    svg = ET.fromstring(render_trend_chart([_point(1, 2)]))
    assert svg.findall(f"{SVG}polyline") == [] and len(svg.findall(f"{SVG}circle")) == 3


def test_hostile_root_names_are_escaped_and_runs_bounded():
    text = render_trend_chart([_point(i, i, root="<script>alert(1)</script>") for i in range(1, 300)])
    assert "<script>" not in text
    ET.fromstring(text)
    assert text.count("<circle") == 3 * MAX_RUNS
    assert text == render_trend_chart([_point(i, i, root="<script>alert(1)</script>") for i in range(1, 300)])
