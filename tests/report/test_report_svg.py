"""SVG through the real Graphviz `dot`, and the error when `dot` is missing."""

import xml.etree.ElementTree as ET

import pytest
from report_sample import SERVICES

from analyzer.report import REPORTERS, GraphvizUnavailable, render_graph
from analyzer.report.svg import GRAPHVIZ_MISSING

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


def test_missing_dot_raises_graphviz_unavailable(result, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizUnavailable) as err:
        REPORTERS["svg"].render(result)
    assert str(err.value) == GRAPHVIZ_MISSING
    with pytest.raises(GraphvizUnavailable):
        render_graph(result.model, "svg")
    # everything else still renders
    assert REPORTERS["dot"].render(result).startswith("digraph archgov {")
