"""Reporters: pure functions `AuditResult -> str`, listed in one registry.

`REPORTERS` feeds `archgov audit --format`; `render_graph` serves `archgov graph`. A reporter
renders the facts, metrics and findings it is given and computes nothing new. Only the SVG
formats need the Graphviz `dot` binary; without it they raise `GraphvizUnavailable` and the
caller writes everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analyzer.model import AuditResult, SystemModel
from analyzer.report.csv_tables import render_csv
from analyzer.report.dot import render_dot
from analyzer.report.findings_json import render_findings_json
from analyzer.report.graph_json import render_graph_json
from analyzer.report.graphview import GraphView, UnknownNode, build_view
from analyzer.report.html import render_html
from analyzer.report.mermaid import render_mermaid
from analyzer.report.svg import GraphvizUnavailable, render_svg

__all__ = ["GRAPH_FORMATS", "REPORTERS", "GraphvizUnavailable", "Reporter", "UnknownNode",
           "render_graph"]

GRAPH_FORMATS = ("dot", "json", "mermaid", "svg")


@dataclass(frozen=True)
class Reporter:
    """One output format: its `--format` name, the file it writes, and its renderer."""

    name: str
    file_name: str
    description: str
    render: Callable[[AuditResult], str]


def render_graph(model: SystemModel, fmt: str, focus: str | None = None,
                 depth: int | None = None) -> str:
    """The service graph of `model` as json|dot|svg|mermaid, optionally around `focus`.

    `focus` keeps the nodes at most `depth` hops downstream or upstream of it (None: any
    distance) and every edge among them. Raises ValueError for an unknown format,
    UnknownNode for an unknown focus, GraphvizUnavailable for svg without `dot`.
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format '{fmt}' (choose from {', '.join(GRAPH_FORMATS)})")
    view = build_view(model, focus=focus, depth=depth)
    if fmt == "json":
        return render_graph_json(view, model)
    if fmt == "mermaid":
        return render_mermaid(view)
    source = render_dot(view)
    return render_svg(source) if fmt == "svg" else source


def _graph_of(result: AuditResult) -> GraphView:
    return build_view(result.model, components=result.metrics.components)


REPORTERS: dict[str, Reporter] = {r.name: r for r in sorted([
    Reporter("html", "report.html", "Self-contained HTML report: graph, findings, services, coverage",
             render_html),
    Reporter("dot", "graph.dot", "Graphviz DOT source of the service graph",
             lambda result: render_dot(_graph_of(result))),
    Reporter("svg", "graph.svg", "Service graph as SVG, laid out by Graphviz dot",
             lambda result: render_svg(render_dot(_graph_of(result)))),
    Reporter("mermaid", "graph.mmd", "Mermaid flowchart of the service graph",
             lambda result: render_mermaid(_graph_of(result))),
    Reporter("json", "graph.json", "Service graph as networkx node-link JSON (multigraph)",
             lambda result: render_graph_json(_graph_of(result), result.model)),
    Reporter("findings", "findings.json", "Findings with a summary per severity",
             render_findings_json),
    Reporter("facts", "facts.json", "The SystemModel facts document",
             lambda result: result.model.to_json()),
    Reporter("csv", "metrics.csv", "History and code-health tables: per file, service, pair",
             render_csv),
], key=lambda r: r.name)}
