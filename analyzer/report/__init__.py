"""Reporters: pure functions `AuditResult -> str`, listed in one registry.

`REPORTERS` feeds `archgov audit --format`; `render_graph` serves `archgov graph`. A reporter
renders the facts, metrics and findings it is given and computes nothing new. The graph
drawings (report.html, graph.svg) are laid out by Graphviz `dot` when it is installed and the
graph is within `GraphLimits`, and by archgov's built-in layout otherwise; `Reporter.output`
returns the reason as a warning when something went wrong (no `dot`, a timeout).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analyzer.model import AuditResult, SystemModel
from analyzer.report.csv_tables import render_csv
from analyzer.report.dot import render_dot
from analyzer.report.drawing import Drawing, GraphLimits, draw
from analyzer.report.findings_json import render_findings_json
from analyzer.report.graph_json import render_graph_json
from analyzer.report.graphview import GraphView, UnknownNode, build_view
from analyzer.report.html import Focus, html_output, render_html
from analyzer.report.junit import render_junit
from analyzer.report.markdown import render_markdown
from analyzer.report.mermaid import render_mermaid
from analyzer.report.sarif import render_sarif
from analyzer.report.scorecard import SCORECARD_RENDERERS, render_scorecard_json
from analyzer.report.svg import GraphvizUnavailable

__all__ = ["GRAPH_FORMATS", "REPORTERS", "SCORECARD_RENDERERS", "Focus", "GraphLimits",
           "GraphvizUnavailable", "Rendered",
           "Reporter", "UnknownNode", "graph_output", "render_graph"]

GRAPH_FORMATS = ("dot", "json", "mermaid", "svg")


@dataclass(frozen=True)
class Rendered:
    """A reporter's text and the warnings to print about it (e.g. why Graphviz did not draw)."""

    text: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reporter:
    """One output format: its `--format` name, the file it writes, and its renderer.

    `drawn`, for the formats with a graph drawing, renders with the given `GraphLimits` and
    tells what happened to the drawing; `render` is the same with the default limits.
    """

    name: str
    file_name: str
    description: str
    render: Callable[[AuditResult], str]
    drawn: Callable[[AuditResult, GraphLimits], Rendered] | None = None

    def output(self, result: AuditResult, limits: GraphLimits | None = None,
               focus: Focus | None = None) -> Rendered:
        """The text to write and the warnings to print; `focus` is the node report.html opens on."""
        if self.drawn is None:
            return Rendered(self.render(result))
        if focus is not None and self.name == "html":
            return _html(result, limits or GraphLimits(), focus)
        return self.drawn(result, limits or GraphLimits())


def render_graph(model: SystemModel, fmt: str, focus: str | None = None,
                 depth: int | None = None, limits: GraphLimits | None = None) -> str:
    """The service graph of `model` as json|dot|svg|mermaid, optionally around `focus`.

    `focus` keeps the nodes at most `depth` hops downstream or upstream of it (None: any
    distance) and every edge among them. Raises ValueError for an unknown format,
    UnknownNode for an unknown focus. SVG is always drawn (see `graph_output`).
    """
    return graph_output(model, fmt, focus, depth, limits).text


def graph_output(model: SystemModel, fmt: str, focus: str | None = None,
                 depth: int | None = None, limits: GraphLimits | None = None) -> Rendered:
    """`render_graph` with the warnings about the drawing (svg without `dot`, a timeout)."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format '{fmt}' (choose from {', '.join(GRAPH_FORMATS)})")
    view = build_view(model, focus=focus, depth=depth)
    if fmt == "json":
        return Rendered(render_graph_json(view, model))
    if fmt == "mermaid":
        return Rendered(render_mermaid(view))
    if fmt == "dot":
        return Rendered(render_dot(view))
    return _rendered(draw(view, limits=limits))


def _graph_of(result: AuditResult) -> GraphView:
    return build_view(result.model, components=result.metrics.components)


def _rendered(drawing: Drawing, text: str | None = None) -> Rendered:
    warnings = (drawing.note,) if drawing.warn and drawing.note else ()
    return Rendered(drawing.svg if text is None else text, warnings)


def _html(result: AuditResult, limits: GraphLimits, focus: Focus | None = None) -> Rendered:
    page, drawing = html_output(result, limits, focus)
    return _rendered(drawing, page)


def _svg(result: AuditResult, limits: GraphLimits) -> Rendered:
    return _rendered(draw(_graph_of(result), limits=limits))


REPORTERS: dict[str, Reporter] = {r.name: r for r in sorted([
    Reporter("html", "report.html", "Self-contained HTML report: graph, findings, services, coverage",
             render_html, drawn=_html),
    Reporter("dot", "graph.dot", "Graphviz DOT source of the service graph",
             lambda result: render_dot(_graph_of(result))),
    Reporter("svg", "graph.svg",
             "Service graph as SVG, laid out by Graphviz dot (or the built-in layout)",
             lambda result: _svg(result, GraphLimits()).text, drawn=_svg),
    Reporter("mermaid", "graph.mmd", "Mermaid flowchart of the service graph",
             lambda result: render_mermaid(_graph_of(result))),
    Reporter("json", "graph.json", "Service graph as networkx node-link JSON (multigraph)",
             lambda result: render_graph_json(_graph_of(result), result.model)),
    Reporter("findings", "findings.json", "Findings with a summary per severity",
             render_findings_json),
    Reporter("facts", "facts.json", "The SystemModel facts document",
             lambda result: result.model.to_json()),
    Reporter("scorecard", "scorecard.json",
             "Readiness scorecard: pass/fail/n/a per service and check, with scores",
             render_scorecard_json),
    Reporter("csv", "metrics.csv", "History and code-health tables: per file, service, pair",
             render_csv),
    Reporter("sarif", "archgov.sarif", "Findings as SARIF 2.1.0 for code-scanning dashboards",
             render_sarif),
    Reporter("junit", "junit.xml", "JUnit XML: one test case per rule and subject",
             render_junit),
    Reporter("markdown", "report.md", "The audit as Markdown: counts, findings, cycles, services",
             render_markdown),
], key=lambda r: r.name)}
