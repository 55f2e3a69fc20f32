"""report.html: one self-contained page an architect opens in a browser.

The page is rendered from `reports/report.html.j2` with autoescape on, so every id, path,
detail and message from a scanned repository is escaped. The only markup inserted as-is is
the SVG drawing of the graph: Graphviz escapes its own text, and the built-in layout's writer
makes every text drawable and XML-escapes it. No timestamps: the bytes depend only on the
AuditResult (and the Graphviz version, when Graphviz draws the graph).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

from analyzer import __version__
from analyzer.model import AuditResult, Diagnostic, Severity
from analyzer.model.resources import builtin_dir
from analyzer.report.drawing import Drawing, GraphLimits, draw
from analyzer.report.findings_json import sorted_findings
from analyzer.report.graph_json import system_name
from analyzer.report.graphview import UNDECLARED_NOTE, anchor, build_view, undeclared_origin
from analyzer.report.hotspot_chart import hotspot_svg
from analyzer.report.html_sections import (
    SectionIndex, datastore_section, edge_row, service_section, topic_section, where,
)
from analyzer.report.svg import inline_svg

TEMPLATE = "report.html.j2"


def render_html(result: AuditResult, limits: GraphLimits | None = None) -> str:
    """The full report page; when Graphviz did not draw the graph, a note above it says why."""
    return html_output(result, limits)[0]


def html_output(result: AuditResult, limits: GraphLimits | None = None) -> tuple[str, Drawing]:
    """The page and the drawing of its graph (whose note the CLI may print as a warning)."""
    context = report_context(result, limits)
    page = _environment().get_template(TEMPLATE).render(**context)
    return page, context["drawing"]


def report_context(result: AuditResult, limits: GraphLimits | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain values already sorted for display."""
    model = result.model.normalized()
    view = build_view(model, components=result.metrics.components)
    drawing = draw(view, links=True, limits=limits)
    nodes = model.node_ids()  # the nodes with a section of their own
    findings = sorted_findings(result.findings)
    index = SectionIndex.of(model, findings)
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
        "drawing": drawing,
        "svg": inline_svg(drawing.svg),
        "svg_note": drawing.note,
        "hotspot_svg": hotspot_svg(model),  # escapes its own text, like Graphviz
        "undeclared_edges": undeclared,
        "undeclared_note": UNDECLARED_NOTE,
        "components": result.metrics.components,
        "cycles": result.metrics.cycles,
        "cycles_truncated": result.metrics.cycles_truncated,
        "findings": [
            {"severity": f.severity.value, "rule_id": f.rule_id, "subject": f.subject,
             "subject_kind": f.subject_kind,
             "href": "#" + anchor(f.subject) if f.subject in nodes else None,
             "message": f.message, "location": where(f.location.file, f.location.line)}
            for f in findings
        ],
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
