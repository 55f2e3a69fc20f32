"""`--format sarif`: findings as SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure).

One run; the driver lists every evaluated rule (and any rule a finding names) with its title,
rationale, remediation and default level; each finding is a result pointing at its location
relative to `SRCROOT` (the scanned root), with the finding's fingerprint as a partial
fingerprint so a dashboard tracks it across line moves, and the rest of its evidence as
related locations. Diagnostics (what could not be read) are tool notifications.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from analyzer import __version__
from analyzer.model import AuditResult, Evidence, Finding, RuleInfo, Severity
from analyzer.report.findings_json import sorted_findings

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/archgov/archgov"
ROOT_BASE = "SRCROOT"
FINGERPRINT_KEY = "archgovFingerprint/v1"
MAX_RELATED = 20  # evidence entries per result beyond its main location
MAX_NOTIFICATIONS = 1000  # diagnostics listed; facts.json and the HTML coverage list them all

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(result: AuditResult) -> str:
    """The SARIF log of `result`: deterministic, sorted, one run."""
    rules = _rules(result)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run = {
        "tool": {"driver": {"name": "archgov", "version": __version__,
                            "informationUri": INFORMATION_URI, "rules": rules}},
        "originalUriBaseIds": {ROOT_BASE: {"description": {
            "text": "The scanned root: " + ", ".join(result.model.roots or ["."])}}},
        "invocations": [_invocation(result)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule_id]) for f in sorted_findings(result.findings)],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def uri_of(label: str) -> str:
    """A root-relative file label as a URI reference (spaces, `%`, non-ASCII escaped)."""
    return quote(label.replace("\\", "/"), safe="/", errors="backslashreplace")


def _rules(result: AuditResult) -> list[dict]:
    known = {r.id: r for r in result.rules}
    ids = sorted({*known, *result.rules_evaluated, *(f.rule_id for f in result.findings)})
    return [_rule(known.get(rule_id), rule_id, result) for rule_id in ids]


def _rule(info: RuleInfo | None, rule_id: str, result: AuditResult) -> dict:
    if info is None:  # a finding of a rule whose text the result does not carry
        severity = next((f.severity for f in result.findings if f.rule_id == rule_id), Severity.WARNING)
        info = RuleInfo(id=rule_id, title=rule_id, category="uncategorised", severity=severity)
    help_text = "\n\n".join(t for t in (info.remediation, info.docs) if t) or info.title
    markdown = f"**{info.title}**\n\n" + "\n\n".join(
        t for t in (info.rationale, f"**Fix:** {info.remediation}" if info.remediation else "",
                    info.docs) if t)
    tags = sorted({info.category, *( [info.pack] if info.pack else [])})
    return {
        "id": info.id,
        "name": "".join(part.capitalize() for part in info.id.split("-")),
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.rationale or info.title},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"tags": tags, "category": info.category, "pack": info.pack},
    }


def _result(finding: Finding, rule_index: int) -> dict:
    located = _located(finding)
    entry: dict = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint or
                                Finding.make_fingerprint(finding.rule_id, finding.subject)},
        "properties": {"subject": finding.subject, "subjectKind": finding.subject_kind,
                       "severity": finding.severity.value},
    }
    if located is not None:
        entry["locations"] = [{"physicalLocation": _physical(*located),
                               "logicalLocations": [_logical(finding)]}]
    else:
        entry["locations"] = [{"logicalLocations": [_logical(finding)]}]
    related = [e for e in finding.evidence if e.file and (e.file, e.line) != located][:MAX_RELATED]
    if related:
        entry["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(e.file, e.line),
             "message": {"text": _evidence_text(e)}} for i, e in enumerate(related, start=1)]
    return entry


def _located(finding: Finding) -> tuple[str, int | None] | None:
    """The finding's own location, or its first evidence with a file."""
    if finding.location.file:
        return finding.location.file, finding.location.line
    first = next((e for e in finding.evidence if e.file), None)
    return (first.file, first.line) if first else None


def _physical(file: str, line: int | None) -> dict:
    location: dict = {"artifactLocation": {"uri": uri_of(file), "uriBaseId": ROOT_BASE}}
    if line is not None and line >= 1:
        location["region"] = {"startLine": line}
    return location


def _logical(finding: Finding) -> dict:
    return {"name": finding.subject, "kind": "module" if finding.subject_kind == "service"
            else "element", "fullyQualifiedName": f"{finding.subject_kind}:{finding.subject}"}


def _evidence_text(evidence: Evidence) -> str:
    return f"{evidence.origin.value}: {evidence.detail}" if evidence.detail else evidence.origin.value


def _invocation(result: AuditResult) -> dict:
    notes = []
    diagnostics = result.model.diagnostics
    for d in diagnostics[:MAX_NOTIFICATIONS]:
        note: dict = {"descriptor": {"id": d.code}, "level": LEVELS[d.severity],
                      "message": {"text": d.message}}
        if d.file:
            note["locations"] = [{"physicalLocation": _physical(d.file, d.line)}]
        notes.append(note)
    if len(diagnostics) > MAX_NOTIFICATIONS:
        notes.append({"descriptor": {"id": "diagnostics-capped"}, "level": "note", "message": {
            "text": f"{len(diagnostics) - MAX_NOTIFICATIONS} more diagnostics are in facts.json"}})
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}
