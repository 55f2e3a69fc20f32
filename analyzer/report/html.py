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
from analyzer.model import AuditResult, Diagnostic, Severity
from analyzer.model.resources import builtin_dir
from analyzer.report.dot import render_dot
from analyzer.report.findings_json import sorted_findings
from analyzer.report.graph_json import system_name
from analyzer.report.graphview import UNDECLARED_NOTE, anchor, build_view, undeclared_origin
from analyzer.report.hotspot_chart import hotspot_svg
from analyzer.report.html_sections import (
    datastore_section, edge_row, service_section, topic_section, where,
)
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
        "svg": svg,
        "svg_note": svg_note,
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
        "services": [service_section(result, model, s, findings, nodes) for s in model.services],
        "datastores": [datastore_section(model, d, nodes) for d in model.datastores],
        "topics": [topic_section(model, t, nodes) for t in model.topics],
        "diagnostics": [_diagnostic(d) for d in model.diagnostics],
        "rules_evaluated": sorted(result.rules_evaluated),
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
