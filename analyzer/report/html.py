"""report.html: one self-contained page an architect opens in a browser.

The page is rendered from `reports/report.html.j2` with autoescape on, so every id, path,
detail and message from a scanned repository is escaped. The only markup inserted as-is is
the SVG produced by Graphviz, which escapes its own text. No timestamps: the bytes depend
only on the AuditResult (and the Graphviz version).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

from analyzer import __version__
from analyzer.model import AuditResult, Diagnostic, Edge, Evidence, Finding, Service, Severity
from analyzer.model.resources import builtin_dir
from analyzer.report.dot import render_dot
from analyzer.report.findings_json import sorted_findings
from analyzer.report.graph_json import system_name
from analyzer.report.graphview import anchor, build_view
from analyzer.report.svg import GraphvizUnavailable, inline_svg, render_svg

TEMPLATE = "report.html.j2"


def render_html(result: AuditResult) -> str:
    """The full report page; without Graphviz it carries a note where the graph would be."""
    return _environment().get_template(TEMPLATE).render(**report_context(result))


def report_context(result: AuditResult) -> dict[str, Any]:
    """Everything the template shows, as plain values already sorted for display."""
    model = result.model.normalized()
    view = build_view(model, components=result.metrics.components)
    try:
        svg, svg_note = inline_svg(render_svg(render_dot(view, links=True))), None
    except GraphvizUnavailable as err:
        svg, svg_note = None, str(err)
    nodes = model.node_ids()  # the nodes with a section of their own
    findings = sorted_findings(result.findings)
    return {
        "system_name": system_name(model.roots),
        "roots": model.roots,
        "version": __version__,
        "schema_version": model.schema_version,
        "counts": {
            "services": len(model.services), "datastores": len(model.datastores),
            "edges": len(model.edges), "cycles": len(result.metrics.components),
            "diagnostics": len(model.diagnostics), "findings": len(findings),
            **{s.value: result.count(s) for s in Severity},
        },
        "svg": svg,
        "svg_note": svg_note,
        "components": result.metrics.components,
        "cycles": result.metrics.cycles,
        "cycles_truncated": result.metrics.cycles_truncated,
        "findings": [
            {"severity": f.severity.value, "rule_id": f.rule_id, "subject": f.subject,
             "subject_kind": f.subject_kind,
             "href": "#" + anchor(f.subject) if f.subject in nodes else None,
             "message": f.message, "location": _where(f.location.file, f.location.line)}
            for f in findings
        ],
        "services": [_service(result, s, model.edges, findings, nodes) for s in model.services],
        "datastores": [
            {"id": d.id, "anchor": anchor(d.id), "technology": d.technology,
             "category": d.category.value, "image": d.image,
             "declared_in": [_evidence(e) for e in d.declared_in],
             "inbound": [_edge(e, e.source, nodes) for e in model.edges if e.target == d.id]}
            for d in model.datastores
        ],
        "topics": [
            {"id": t.id, "anchor": anchor(t.id), "name": t.name, "system": t.system,
             "declared_in": [_evidence(e) for e in t.declared_in],
             "inbound": [_edge(e, e.source, nodes) for e in model.edges if e.target == t.id],
             "outbound": [_edge(e, e.target, nodes) for e in model.edges if e.source == t.id]}
            for t in model.topics
        ],
        "diagnostics": [_diagnostic(d) for d in model.diagnostics],
        "rules_evaluated": sorted(result.rules_evaluated),
    }


def _service(result: AuditResult, service: Service, edges: list[Edge],
             findings: list[Finding], nodes: set[str]) -> dict[str, Any]:
    metrics = result.metrics.for_service(service.id)
    return {
        "id": service.id, "anchor": anchor(service.id), "namespace": service.namespace,
        "image": service.image, "source_dir": service.source_dir, "replicas": service.replicas,
        "ports": service.ports, "entry_points": service.entry_points,
        "declared_in": [_evidence(e) for e in service.declared_in],
        "metrics": None if metrics is None else {
            "fan_in": metrics.fan_in, "fan_out": metrics.fan_out,
            "instability": f"{metrics.instability:.2f}", "sync_depth": metrics.sync_depth,
            "blast_radius": metrics.blast_radius},
        "outbound": [_edge(e, e.target, nodes) for e in edges if e.source == service.id],
        "inbound": [_edge(e, e.source, nodes) for e in edges if e.target == service.id],
        "findings": [{"severity": f.severity.value, "rule_id": f.rule_id, "message": f.message}
                     for f in findings if f.subject == service.id],
    }


def _edge(edge: Edge, other: str, nodes: set[str]) -> dict[str, Any]:
    """One row of an edge table; `href` only when `other` has a section to jump to."""
    return {"other": other, "href": "#" + anchor(other) if other in nodes else None,
            "kind": edge.kind.value,
            "evidence": [_evidence(e) for e in edge.evidence]}


def _evidence(ev: Evidence) -> dict[str, str]:
    return {"origin": ev.origin.value, "where": _where(ev.file, ev.line), "detail": ev.detail}


def _diagnostic(d: Diagnostic) -> dict[str, str]:
    return {"where": _where(d.file, d.line) or "<input>", "severity": d.severity.value,
            "code": d.code, "message": d.message}


def _where(file: str | None, line: int | None) -> str:
    if not file:
        return ""
    return f"{file}:{line}" if line is not None else file


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
