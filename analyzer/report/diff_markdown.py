"""The pull-request comment of `archgov diff`: a `ResultDiff` as GitHub/GitLab Markdown.

It starts with the hidden marker `<!-- archgov -->` so CI can find and update its earlier
comment, then a one-line verdict, new / fixed / unchanged findings by severity, new cycles,
edges added and removed with their evidence, readiness score changes, and a Mermaid drawing
of the changed neighbourhood. It never exceeds `MAX_CHARS` (GitHub refuses comments over
65,536 characters): rows are kept by importance (new findings first) and a note says how many
were left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.model import Edge, Finding, Severity
from analyzer.model.diff import ResultDiff
from analyzer.report.markdown import md_text, md_where
from analyzer.report.mermaid import _label as mermaid_label  # the one Mermaid label escaping

MARKER = "<!-- archgov -->"
MAX_CHARS = 65_000  # below GitHub's 65,536 with room for the truncation note
MAX_EVIDENCE = 3  # per edge row
MAX_DRAWN_EDGES = 150


@dataclass
class _Section:
    """A titled block whose rows may be dropped to fit; `atomic` blocks are kept whole or left out."""

    priority: int
    head: list[str]
    rows: list[str] = field(default_factory=list)
    atomic: bool = False
    tail: list[str] = field(default_factory=list)
    kept: int = -1


def render_diff_markdown(diff: ResultDiff, max_chars: int = MAX_CHARS) -> str:
    """The comment text, at most `max_chars` characters."""
    top = [MARKER, f"## archgov: architecture change `{_code(diff.base)}` → `{_code(diff.head)}`",
           "", verdict(diff), ""]
    sections = [s for s in (
        _findings(1, "New findings", diff.new_findings),
        _cycles(diff.new_cycles),
        _edges(3, "Edges added", diff.added_edges),
        _edges(4, "Edges removed", diff.removed_edges),
        _findings(5, "Fixed findings", diff.fixed_findings),
        _services(diff),
        _scores(diff),
        _unchanged(diff.unchanged_findings),
        _diagram(diff),
    ) if s is not None]
    text = _fit(top, sections, max_chars)
    return text


def verdict(diff: ResultDiff) -> str:
    """One line: what this change does to the architecture."""
    if not diff.changed:
        return "✅ **No architecture change**: same edges, cycles and findings."
    parts = []
    if diff.new_findings:
        parts.append(f"{_count(len(diff.new_findings), 'new finding')} ({_by_severity(diff.new_findings)})")
    if diff.new_cycles:
        parts.append(_count(len(diff.new_cycles), "new cycle"))
    if diff.added_edges or diff.removed_edges:
        parts.append(f"{_count(len(diff.added_edges), 'edge')} added, {len(diff.removed_edges)} removed")
    if diff.fixed_findings:
        parts.append(_count(len(diff.fixed_findings), "finding") + " fixed")
    if diff.added_services or diff.removed_services:
        parts.append(f"{_count(len(diff.added_services), 'service')} added, "
                     f"{len(diff.removed_services)} removed")
    worst = max((f.severity.rank for f in diff.new_findings), default=-1)
    icon = "❌" if worst >= Severity.ERROR.rank else "⚠️" if worst >= 0 or diff.new_cycles else "✅"
    return f"{icon} **{'; '.join(parts) or 'readiness scores changed'}**"


def _fit(top: list[str], sections: list[_Section], max_chars: int) -> str:
    """Keep every heading, then rows by section priority while they fit."""
    notes = 300 + 80 * len(sections)  # the final note and one "left out" line per section
    fixed = len("\n".join(top)) + sum(len("\n".join(s.head + s.tail)) + 2 for s in sections) + notes
    budget = max_chars - fixed
    for section in sorted(sections, key=lambda s: s.priority):
        size = sum(len(r) + 1 for r in section.rows)
        if size <= budget:
            section.kept, budget = len(section.rows), budget - size
        elif section.atomic:
            section.kept = 0
        else:
            kept = 0
            for row in section.rows:
                if len(row) + 1 > budget:
                    break
                budget -= len(row) + 1
                kept += 1
            section.kept = kept
    lines, left_rows, left_chars = list(top), 0, 0
    for section in sections:
        lines += section.head
        lines += section.rows[:section.kept]
        dropped = section.rows[section.kept:]
        if dropped:
            left_rows += len(dropped)
            left_chars += sum(len(r) + 1 for r in dropped)
            lines.append("_… left out to fit the comment: " + (
                "the diagram_" if section.atomic else f"{len(dropped)} more rows_"))
        lines += section.tail
        lines.append("")
    if left_rows:
        lines.append(f"> Truncated to stay under GitHub's 65,536-character comment limit: "
                     f"{left_rows} rows ({left_chars:,} characters) left out. "
                     "`archgov diff --format json` has everything.")
    return "\n".join(lines).rstrip() + "\n"


def _findings(priority: int, title: str, findings: list[Finding]) -> _Section | None:
    if not findings:
        return None
    head = [f"### {title} ({len(findings)}: {_by_severity(findings)})", "",
            "| Severity | Rule | Subject | Message | Where |", "|---|---|---|---|---|"]
    rows = [f"| {f.severity.value} | {md_text(f.rule_id)} | {md_text(f.subject)} | "
            f"{md_text(f.message)} | {md_where(f.location.file, f.location.line)} |" for f in findings]
    return _Section(priority, head, rows)


def _unchanged(findings: list[Finding]) -> _Section | None:
    if not findings:
        return None
    head = [f"<details><summary>Unchanged findings ({len(findings)}: {_by_severity(findings)})"
            "</summary>", "", "| Severity | Rule | Subject |", "|---|---|---|"]
    rows = [f"| {f.severity.value} | {md_text(f.rule_id)} | {md_text(f.subject)} |" for f in findings]
    return _Section(8, head, rows, tail=["", "</details>"])


def _cycles(cycles: list[list[str]]) -> _Section | None:
    if not cycles:
        return None
    return _Section(2, [f"### New cycles ({len(cycles)})", ""],
                    [f"- {md_text(' → '.join([*c, c[0]]))}" for c in cycles])


def _edges(priority: int, title: str, edges: list[Edge]) -> _Section | None:
    if not edges:
        return None
    head = [f"### {title} ({len(edges)})", "", "| From | To | Kind | Evidence |", "|---|---|---|---|"]
    return _Section(priority, head, [f"| {md_text(e.source)} | {md_text(e.target)} | "
                                     f"{md_text(e.kind.value)} | {_evidence(e)} |" for e in edges])


def _evidence(edge: Edge) -> str:
    shown = [f"{md_where(e.file, e.line)} ({e.origin.value})" for e in edge.evidence[:MAX_EVIDENCE]
             if e.file]
    more = len(edge.evidence) - MAX_EVIDENCE
    return "<br>".join(shown + ([f"+{more} more"] if more > 0 else [])) or "–"


def _services(diff: ResultDiff) -> _Section | None:
    rows = [f"- added: {md_text(s)}" for s in diff.added_services]
    rows += [f"- removed: {md_text(s)}" for s in diff.removed_services]
    return _Section(6, ["### Services", ""], rows) if rows else None


def _scores(diff: ResultDiff) -> _Section | None:
    if not diff.score_changes:
        return None
    head = ["### Readiness score per touched service", "",
            "| Service | Before | After | Change |", "|---|---:|---:|---:|"]
    rows = []
    for change in diff.score_changes:
        delta = "–" if change.before is None or change.after is None else \
            f"{round((change.after - change.before) * 100):+d} pts"
        rows.append(f"| {md_text(change.service)} | {_pct(change.before)} | {_pct(change.after)} | {delta} |")
    return _Section(7, head, rows)


def _diagram(diff: ResultDiff) -> _Section | None:
    drawn = [(e, "added") for e in diff.added_edges] + [(e, "removed") for e in diff.removed_edges]
    drawn += [(e, "context") for e in diff.context_edges]
    if not drawn:
        return None
    drawn = drawn[:MAX_DRAWN_EDGES]
    nodes = sorted({end for e, _ in drawn for end in (e.source, e.target)})
    key = {node: f"n{i}" for i, node in enumerate(nodes)}
    cyclic = {(a, b) for c in diff.new_cycles for a, b in zip(c, [*c[1:], c[0]])}
    body = ["```mermaid", "flowchart LR"]
    body += [f'    {key[n]}["{mermaid_label(n)}"]' for n in nodes]
    styles = []
    for index, (edge, status) in enumerate(drawn):
        arrow = {"added": "==>", "removed": "-.->", "context": "-->"}[status]
        label = edge.kind.value if status == "context" else f"{status} {edge.kind.value}"
        body.append(f"    {key[edge.source]} {arrow}|{mermaid_label(label)}| {key[edge.target]}")
        in_cycle = (edge.source, edge.target) in cyclic
        if status == "added":
            styles.append((index, "stroke:#d73a49,stroke-width:3px"))
        elif status == "removed":
            styles.append((index, "stroke:#6e7781,stroke-width:2px"))
        elif in_cycle:
            styles.append((index, "stroke:#d73a49,stroke-width:1px"))
    for style in sorted({st for _, st in styles}):
        indexes = ",".join(str(i) for i, st in styles if st == style)
        body.append(f"    linkStyle {indexes} {style}")
    body.append("```")
    head = ["### Changed neighbourhood", "",
            "Thick: added; dotted: removed; thin: unchanged edges between the changed nodes; "
            "red: part of a new cycle (or added)."]
    return _Section(9, head, ["", *body], atomic=True)


def _by_severity(findings: list[Finding]) -> str:
    counts = [(s, sum(f.severity == s for f in findings)) for s in reversed(list(Severity))]
    return ", ".join(f"{n} {s.value}" for s, n in counts if n)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _code(text: str) -> str:
    """A ref name for inside a code span (where Markdown and HTML are not read)."""
    return " ".join(text.split())[:60].replace("`", "'") or "?"
