"""`--format markdown`: the audit as one Markdown document (report.md) for wikis and CI summaries.

Counts, findings by severity with their location, cycles, per-service coupling metrics and the
readiness score where the scorecard packs ran, the remediation of each rule that found
something, and the number of diagnostics. Every text that
came from the scanned input goes through `md_text`, so a service name cannot open an HTML tag,
a link or a table cell in a renderer. `md_text` and `md_code` are shared with the diff comment.
"""

from __future__ import annotations

import re

from analyzer.model import AuditResult, Finding, Severity
from analyzer.report.findings_json import sorted_findings

MAX_TEXT_CHARS = 300  # of one table cell
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(text: object, limit: int = MAX_TEXT_CHARS) -> str:
    """Inline text safe in Markdown and in a table cell: one line, HTML and Markdown escaped."""
    value = " ".join(str(text).split())
    if len(value) > limit:
        value = value[:limit - 1] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def md_where(file: str | None, line: int | None) -> str:
    """`file:line` as inline text, or a dash."""
    if not file:
        return "–"
    return md_text(f"{file}:{line}" if line else file)


def render_markdown(result: AuditResult) -> str:
    """The audit as Markdown; deterministic."""
    model = result.model
    lines = ["# archgov audit", "",
             f"{len(model.services)} services, {len(model.datastores)} datastores, "
             f"{len(model.edges)} edges; {len(result.rules_evaluated)} rules evaluated; "
             f"{len(model.diagnostics)} diagnostics.", "",
             "| Severity | Findings |", "|---|---:|"]
    lines += [f"| {s.value} | {result.count(s)} |" for s in reversed(list(Severity))]
    lines += ["", *findings_section(result.findings, result)]
    if result.metrics.cycles:
        lines += ["## Cycles", ""]
        lines += [f"- {md_text(' → '.join([*cycle, cycle[0]]))}" for cycle in result.metrics.cycles]
        if result.metrics.cycles_truncated:
            lines.append("- … more cycles exist (the list is bounded)")
        lines.append("")
    lines += _services(result)
    lines += _fixes(result)
    return "\n".join(lines).rstrip() + "\n"


def findings_section(findings: list[Finding], result: AuditResult | None = None,
                     title: str = "## Findings") -> list[str]:
    """A findings table per severity, most severe first."""
    if not findings:
        return [title, "", "No findings.", ""]
    lines = [title, ""]
    for severity in reversed(list(Severity)):
        chosen = [f for f in sorted_findings(findings) if f.severity == severity]
        if not chosen:
            continue
        lines += [f"### {severity.value.capitalize()} ({len(chosen)})", "",
                  "| Rule | Subject | Message | Where |", "|---|---|---|---|"]
        lines += [f"| {_rule_cell(f.rule_id, result)} | {md_text(f.subject)} | {md_text(f.message)} | "
                  f"{md_where(f.location.file, f.location.line)} |" for f in chosen]
        lines.append("")
    return lines


def _rule_cell(rule_id: str, result: AuditResult | None) -> str:
    info = result.rule(rule_id) if result is not None else None
    return f"{md_text(rule_id)}" if info is None else f"{md_text(rule_id)} ({md_text(info.title, 80)})"


def _fixes(result: AuditResult) -> list[str]:
    """The remediation of every rule that found something, once per rule."""
    found = sorted({f.rule_id for f in result.findings})
    infos = [info for info in (result.rule(r) for r in found) if info and info.remediation]
    if not infos:
        return []
    lines = ["## How to fix", ""]
    lines += [f"- **{md_text(i.id)}** ({md_text(i.title, 120)}): {md_text(i.remediation, 1000)}"
              for i in infos]
    return [*lines, ""]


def _services(result: AuditResult) -> list[str]:
    metrics = sorted(result.metrics.services, key=lambda m: m.service)
    if not metrics:
        return []
    scored = bool(result.checks)
    head = "| Service | Fan-in | Fan-out | Instability | Sync depth | Blast radius |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if scored:
        head, rule = head + " Readiness |", rule + "---:|"
    lines = ["## Services", "", head, rule]
    for m in metrics:
        row = (f"| {md_text(m.service)} | {m.fan_in} | {m.fan_out} | {m.instability:.2f} | "
               f"{m.sync_depth} | {m.blast_radius} |")
        if scored:
            score = result.score(m.service)
            row += f" {'–' if score is None else f'{score:.0%}'} |"
        lines.append(row)
    return [*lines, ""]
