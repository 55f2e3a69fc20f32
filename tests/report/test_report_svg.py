"""SVG through the real Graphviz `dot`, and the error when `dot` is missing."""

import xml.etree.ElementTree as ET

import pytest
from report_sample import SERVICES

from analyzer.report import REPORTERS, GraphvizUnavailable, render_graph
from analyzer.report.drawing import MISSING_NOTE
from analyzer.report.svg import GRAPHVIZ_MISSING, render_svg

SVG_NS = "{http://www.w3.org/2000/svg}"


def test_svg_is_valid_xml_with_every_service(result):
    svg = REPORTERS["svg"].render(result)
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG_NS}svg"
    texts = {t.text for t in root.iter(f"{SVG_NS}text")}
    assert set(SERVICES) <= texts
    assert {"orders-db", "cache", "legacy-erp"} <= texts


def test_svg_of_a_focused_graph(result):
    svg = render_graph(result.model, "svg", focus="inventory", depth=1)
    texts = {t.text for t in ET.fromstring(svg.encode()).iter(f"{SVG_NS}text")}
    assert {"inventory", "orders", "cache", "legacy-erp"} <= texts
    assert "payments" not in texts


def test_missing_dot_raises_graphviz_unavailable_and_the_reporter_draws_anyway(result, monkeypatch,
                                                                                 tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizUnavailable) as err:
        render_svg("digraph { a -> b }")
    assert str(err.value) == GRAPHVIZ_MISSING
    svg = REPORTERS["svg"].render(result)  # the built-in layout
    texts = {t.text for t in ET.fromstring(svg.encode()).iter(f"{SVG_NS}text")}
    assert set(SERVICES) <= texts
    assert MISSING_NOTE in svg  # said in a comment of the standalone file
    focused = render_graph(result.model, "svg", focus="inventory", depth=1)
    assert "payments" not in {t.text for t in ET.fromstring(focused.encode()).iter(f"{SVG_NS}text")}
    # everything else still renders
    assert REPORTERS["dot"].render(result).startswith("digraph archgov {")


def test_dot_runs_as_the_graphviz_package_would_run_it(result):
    """Running `dot` ourselves (for the timeout) gives the bytes `graphviz.Source.pipe` gave."""
    import graphviz

    from analyzer.report.dot import render_dot
    from analyzer.report.graphview import build_view

    source = render_dot(build_view(result.model, components=result.metrics.components), links=True)
    assert render_svg(source, timeout=60) == graphviz.Source(source).pipe(format="svg",
                                                                         encoding="utf-8")
