"""Graph reporters with runtime facts: every edge styled as confirmed, runtime-only or
static-only, rate and p95 on small graphs; without runtime facts nothing changes."""

from __future__ import annotations

from report_sample import sample_result

from analyzer.analysis import compute_metrics
from analyzer.analysis.runtime import summarize
from analyzer.model import AuditResult, Edge, EdgeKind, Evidence, Origin
from analyzer.model.runtime import EdgeTraffic, Latency, RuntimeSource
from analyzer.report import REPORTERS
from analyzer.report.graphview import build_view


def with_runtime() -> AuditResult:
    base = sample_result()
    model = base.model
    observed = Evidence(origin=Origin.RUNTIME, detail="istio http: 3 req/s")
    edges = [e.model_copy(update={"evidence": [*e.evidence, observed]})
             if (e.source, e.target) == ("orders", "payments") else e for e in model.edges]
    edges.append(Edge(source="payments", target="inventory", kind=EdgeKind.HTTP,
                      evidence=[observed]))
    model = model.model_copy(update={
        "edges": edges,
        "runtime_edges": [EdgeTraffic(source="orders", target="payments", rate=3.0,
                                      latency=Latency(p95=120.0), preset="istio"),
                          EdgeTraffic(source="payments", target="inventory", rate=0.5,
                                      preset="istio")],
        "runtime_sources": [RuntimeSource(source="http://prom:9090", window="7d")]}).normalized()
    metrics = compute_metrics(model)
    return base.model_copy(update={"model": model, "metrics": metrics,
                                   "runtime": summarize(model, metrics)})


def test_every_edge_gets_a_runtime_class_only_with_runtime_facts():
    assert {e.runtime_class for e in build_view(sample_result().model).edges} == {None}
    classes = {(e.source.id, e.target.id): e.runtime_class
               for e in build_view(with_runtime().model).edges}
    assert classes[("orders", "payments")] == "confirmed"
    assert classes[("payments", "inventory")] == "runtime-only"
    assert classes[("gateway", "orders")] == "confirmed"  # code and runtime evidence
    assert "static-only" in classes.values()

def test_dot_and_svg_style_the_classes_and_label_traffic():
    result = with_runtime()
    dot = REPORTERS["dot"].render(result)
    assert "3/s, p95 120 ms" in dot and "#8250df" in dot and "#afb8c1" in dot
    svg = REPORTERS["svg"].render(result)
    assert "runtime&#45;only (0.5/s)" in svg and "#8250df" in svg
    mermaid = REPORTERS["mermaid"].render(result)
    assert "stroke:#8250df,stroke-dasharray:5 3" in mermaid


def test_findings_json_and_html_have_a_runtime_section_only_with_runtime_facts():
    assert '"runtime"' not in REPORTERS["findings"].render(sample_result())
    assert '"runtime": {' in REPORTERS["findings"].render(with_runtime())
    assert 'id="runtime"' not in REPORTERS["html"].render(sample_result())
    assert 'id="runtime"' in REPORTERS["html"].render(with_runtime())
