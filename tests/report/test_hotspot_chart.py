"""The hotspot chart: well-formed SVG, escaped names, deterministic, in the HTML report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.model import AuditResult, GraphMetrics, SystemModel
from analyzer.model.history import FileComplexity, FileHistory
from analyzer.report.hotspot_chart import hotspot_svg
from analyzer.report.html import render_html

HOSTILE = 'svc/<script>alert("x")</script>&.py'


def _model() -> SystemModel:
    files = [("svc/a.py", 200, 40, 300), ("svc/b.py", 20, 5, 50), (HOSTILE, 90, 30, 80),
             ("other/c.go", 5, 2, 10)]
    return SystemModel(
        file_history=[FileHistory(file=f, service=f.split("/")[0], revisions=3, added=churn)
                      for f, churn, _c, _n in files],
        complexity=[FileComplexity(file=f, service=f.split("/")[0], language="python",
                                   tool="radon", cyclomatic=cc, nloc=nloc)
                    for f, _churn, cc, nloc in files])


def test_chart_is_well_formed_escaped_and_deterministic():
    svg = hotspot_svg(_model())
    root = ET.fromstring(svg)
    circles = root.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 4
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert hotspot_svg(_model()) == svg
    labels = [t.text for t in root.findall("{http://www.w3.org/2000/svg}text")]
    assert "a.py" in labels and "other" in labels  # a label and a legend entry


def test_no_history_no_chart():
    assert hotspot_svg(SystemModel()) is None
    only_complexity = SystemModel(complexity=[FileComplexity(
        file="a.py", language="python", tool="radon", cyclomatic=9)])
    assert hotspot_svg(only_complexity) is None


def test_html_report_shows_the_chart_only_with_history():
    with_history = render_html(AuditResult(model=_model(), metrics=GraphMetrics()))
    assert 'id="hotspots"' in with_history and 'class="hotspot-chart"' in with_history
    without = render_html(AuditResult(model=SystemModel(), metrics=GraphMetrics()))
    assert 'id="hotspots"' not in without
