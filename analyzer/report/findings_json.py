"""findings.json: the verdicts of an audit with a small summary, for machines and history."""

from __future__ import annotations

import json

from analyzer.model import AuditResult, Finding, Severity

FINDINGS_SCHEMA_VERSION = "1.0"


def render_findings_json(result: AuditResult) -> str:
    """Deterministic document: summary counts, then findings sorted by severity, rule, subject."""
    findings = sorted_findings(result.findings)
    by_severity = {s.value: result.count(s) for s in Severity}
    doc = {
        "schema_version": FINDINGS_SCHEMA_VERSION,
        "summary": {
            "findings": {**by_severity, "total": len(findings)},
            "services": len(result.model.services),
            "datastores": len(result.model.datastores),
            "edges": len(result.model.edges),
            "rules_evaluated": len(result.rules_evaluated),
            "suppressed": {by: sum(1 for s in result.suppressed if s.by == by)
                           for by in ("baseline", "ignore", "inline")},
        },
        "rules_evaluated": sorted(result.rules_evaluated),
        "findings": [f.model_dump(mode="json") for f in findings],
    }
    if result.runtime is not None:  # only with runtime facts: other documents stay as they were
        doc["runtime"] = result.runtime.model_dump(mode="json")
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in report order; location and message break ties so the order is total."""
    return sorted(findings, key=lambda f: (*f.sort_key(), f.location.file or "",
                                           f.location.line or 0, f.message))
