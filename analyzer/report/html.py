"""report.html: one self-contained page an architect opens in a browser.

The page is rendered from `reports/report.html.j2` with autoescape on, so every id, path,
detail and message from a scanned repository is escaped. The only markup inserted as-is is
archgov's own SVG (the graph drawing: Graphviz escapes its own text, and the built-in
layout's writer makes every text drawable and XML-escapes it; the charts escape theirs),
the graph data as inert JSON (`html_graph_data.embed_json`), and archgov's own script and
style, which a Content-Security-Policy admits by their SHA-256 hashes and nothing else: no
request leaves the page, and no script from the scanned input could run. No timestamps: the
bytes depend only on the AuditResult (and the Graphviz version, when Graphviz draws).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from analyzer import __version__
from analyzer.model import AuditResult, Diagnostic, Severity
from analyzer.model.resources import builtin_dir
from analyzer.report.drawing import Drawing, GraphLimits, draw
from analyzer.report.findings_chart import findings_svg
from analyzer.report.findings_json import sorted_findings
from analyzer.report.graph_json import system_name
from analyzer.report.graphview import UNDECLARED_NOTE, anchor, build_view, undeclared_origin
from analyzer.report.hotspot_chart import hotspot_svg
from analyzer.report.html_graph_data import embed_json, graph_data
from analyzer.report.html_sections import (
    SectionIndex, datastore_section, edge_row, finding_row, service_section, topic_section,
    where,
)
from analyzer.report.svg import inline_svg
from analyzer.report.trend_chart import render_trend_chart

TEMPLATE = "report.html.j2"
OVERVIEW_FIRST = 300  # nodes above which a grouped graph opens on its clustered overview
MANY_EDGES = 1500  # edges above which the page hides edge labels until an edge is marked


@dataclass(frozen=True)
class Focus:
    """The node the page opens on (`archgov audit --focus SVC --depth N`) and the depth 1..3."""

    node: str
    depth: int = 1


def render_html(result: AuditResult, limits: GraphLimits | None = None,
                focus: Focus | None = None) -> str:
    """The full report page; when Graphviz did not draw the graph, a note above it says why."""
    return html_output(result, limits, focus)[0]


def html_output(result: AuditResult, limits: GraphLimits | None = None,
                focus: Focus | None = None) -> tuple[str, Drawing]:
    """The page and the drawing of its graph (whose note the CLI may print as a warning)."""
    context = report_context(result, limits, focus)
    page = _environment().get_template(TEMPLATE).render(**context)
    return page, context["drawing"]


def report_context(result: AuditResult, limits: GraphLimits | None = None,
                   focus: Focus | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain values already sorted for display."""
    model = result.model.normalized()
    view = build_view(model, components=result.metrics.components)
    drawing = draw(view, links=True, limits=limits)
    nodes = model.node_ids()  # the nodes with a section of their own
    findings = sorted_findings(result.findings)
    index = SectionIndex.of(model, findings)
    data = graph_data(view, model, focus.node if focus else None, focus.depth if focus else 1)
    script, style = _asset("report.js") + _asset("graph.js"), _asset("report.css")
    score = result.score()
    undeclared = [  # edges no manifest or config declares, for the list under the graph
        {"source": e.source, "source_href": "#" + anchor(e.source) if e.source in nodes else None,
         **edge_row(e, e.target, nodes)}
        for e in model.edges if undeclared_origin(e.evidence)
    ]
    return {
        "system_name": system_name(model.roots),
        "roots": model.roots,
        "version": __version__,
        "schema_version": model.schema_version,
        "counts": {
            "services": len(model.services), "datastores": len(model.datastores),
            "edges": len(model.edges), "cycles": len(result.metrics.components),
            "routes": len(model.routes),
            "code_only": sum(1 for u in undeclared if u["undeclared"] == "code"),
            "literal_addresses": len(model.literal_addresses),
            "diagnostics": len(model.diagnostics), "findings": len(findings),
            **{s.value: result.count(s) for s in Severity},
        },
        "score": None if score is None else f"{round(score * 100)}%",
        "checks": len(result.checks),
        "drawing": drawing,
        "svg": inline_svg(drawing.svg),
        "many_edges": len(view.edges) > MANY_EDGES,
        "overview_first": len(view.nodes) > OVERVIEW_FIRST and bool(data["groupings"]),
        "graph_json": embed_json(data),
        "kinds": data["kinds"], "origins": data["origins"], "groupings": data["groupings"],
        "focus": focus,
        "script": script, "style": style,
        "csp": _csp(script, style),
        "findings_svg": findings_svg(findings),
        "trends_svg": render_trend_chart(result.trend) if result.trend else None,
        "svg_note": drawing.note,
        "hotspot_svg": hotspot_svg(model),  # escapes its own text, like Graphviz
        "undeclared_edges": undeclared,
        "undeclared_note": UNDECLARED_NOTE,
        "components": result.metrics.components,
        "cycles": result.metrics.cycles,
        "cycles_truncated": result.metrics.cycles_truncated,
        "findings": [finding_row(f, nodes) for f in findings],
        "finding_rules": sorted({f.rule_id for f in findings}),
        "finding_services": sorted({s for f in findings for s in finding_row(f, nodes)["services"]}),
        "services": [service_section(result, index, s, nodes) for s in model.services],
        "datastores": [datastore_section(index, d, nodes) for d in model.datastores],
        "topics": [topic_section(index, t, nodes) for t in model.topics],
        "diagnostics": [_diagnostic(d) for d in model.diagnostics],
        "rules_evaluated": sorted(result.rules_evaluated),
        "runtime": _runtime(result, nodes),
    }


def _runtime(result: AuditResult, nodes: set[str]) -> dict[str, Any] | None:
    """The runtime section: sources, edge classes, critical paths and the impact ranking."""
    summary = result.runtime
    if summary is None:
        return None
    link = lambda sid: "#" + anchor(sid) if sid in nodes else None  # noqa: E731
    return {
        "sources": result.model.runtime_sources,
        "counts": {"confirmed": summary.confirmed, "runtime_only": summary.runtime_only,
                   "static_only": summary.static_only, "queries": summary.queries},
        "paths": [{"entry": p.entry, "latency": f"{p.latency:.0f}",
                   "hops": [{"id": sid, "href": link(sid),
                             "p95": f"{p.hops_p95[i - 1]:.0f}" if i else None}
                            for i, sid in enumerate(p.services)]}
                  for p in summary.critical_paths],
        "impact": [{"service": r.service, "href": link(r.service), "rate": f"{r.rate:.3g}",
                    "p95": "" if r.p95 is None else f"{r.p95:.0f}",
                    "errors": "" if r.error_ratio is None else f"{r.error_ratio:.1%}",
                    "blast_radius": r.blast_radius, "impact": f"{r.impact:.3g}"}
                   for r in summary.impact],
    }


def _diagnostic(d: Diagnostic) -> dict[str, str]:
    return {"where": where(d.file, d.line) or "<input>", "severity": d.severity.value,
            "code": d.code, "message": d.message}


def _csp(script: str, style: str) -> str:
    """Nothing may load; only archgov's own script and style (by hash) may apply."""
    return ("default-src 'none'; img-src data:; "
            f"script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
            "base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    """A script or style file from reports/, inlined whole (the CSP hashes these exact bytes)."""
    return (builtin_dir("reports") / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(builtin_dir("reports"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
