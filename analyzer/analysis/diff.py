"""Compare two audit results (base and head revision): the pure core of `archgov diff`.

Findings match by fingerprint (rule, subject and a line-free salt), counted as a multiset so
two findings sharing one fingerprint stay two; cycles match by their members in rotation
order; edges by (source, target, kind). The context edges (unchanged edges between nodes an
added or removed edge or a new cycle touches) let a drawing show the changed neighbourhood. A service is touched when an edge at it, a finding
about it or its existence changed; its readiness score is compared when either side has one.
"""

from __future__ import annotations

from collections import Counter

from analyzer.model import AuditResult, Edge, Finding
from analyzer.model.diff import ResultDiff, ScoreChange


def diff_results(base: AuditResult, head: AuditResult, base_label: str = "base",
                 head_label: str = "head") -> ResultDiff:
    """What `head` changes relative to `base`; every list sorted."""
    new, fixed, unchanged = _match_findings(base.findings, head.findings)
    base_edges = {e.key: e for e in base.model.edges}
    head_edges = {e.key: e for e in head.model.edges}
    added = [head_edges[k] for k in sorted(head_edges.keys() - base_edges.keys())]
    removed = [base_edges[k] for k in sorted(base_edges.keys() - head_edges.keys())]
    base_cycles = {_rotation(c) for c in base.metrics.cycles}
    head_cycles = {_rotation(c) for c in head.metrics.cycles}
    base_ids = {s.id for s in base.model.services}
    head_ids = {s.id for s in head.model.services}
    touched = _touched(added + removed, new + fixed, head_ids | base_ids) | (head_ids ^ base_ids)
    new_cycles = sorted(head_cycles - base_cycles)
    touched |= {member for cycle in new_cycles for member in cycle if member in head_ids}
    changed = {end for e in added + removed for end in (e.source, e.target)}
    changed |= {member for cycle in new_cycles for member in cycle}
    context = [e for k, e in sorted(head_edges.items()) if k in base_edges
               and e.source in changed and e.target in changed]
    scores = [ScoreChange(service=s, before=base.score(s), after=head.score(s))
              for s in sorted(touched | _rescored(base, head))]
    return ResultDiff(
        base=base_label, head=head_label,
        new_findings=_ordered(new), fixed_findings=_ordered(fixed),
        unchanged_findings=_ordered(unchanged),
        new_cycles=[list(c) for c in new_cycles],
        fixed_cycles=[list(c) for c in sorted(base_cycles - head_cycles)],
        added_edges=added, removed_edges=removed, context_edges=context,
        added_services=sorted(head_ids - base_ids), removed_services=sorted(base_ids - head_ids),
        touched_services=sorted(touched),
        score_changes=[s for s in scores if s.before is not None or s.after is not None],
    )


def _match_findings(base: list[Finding], head: list[Finding]
                    ) -> tuple[list[Finding], list[Finding], list[Finding]]:
    remaining = Counter(_identity(f) for f in base)
    new, unchanged = [], []
    for finding in head:
        key = _identity(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            unchanged.append(finding)
        else:
            new.append(finding)
    matched = Counter(_identity(f) for f in unchanged)
    fixed = []
    for finding in base:
        key = _identity(finding)
        if matched[key] > 0:
            matched[key] -= 1
        else:
            fixed.append(finding)
    return new, fixed, unchanged


def _identity(finding: Finding) -> tuple[str, str]:
    return finding.rule_id, finding.fingerprint or Finding.make_fingerprint(finding.rule_id,
                                                                            finding.subject)


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (*f.sort_key(), f.location.file or "",
                                           f.location.line or 0, f.message))


def _rotation(cycle: list[str]) -> tuple[str, ...]:
    """A cycle's members starting at the smallest, so a rotation is the same cycle."""
    if not cycle:
        return ()
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _touched(edges: list[Edge], findings: list[Finding], services: set[str]) -> set[str]:
    touched = {end for e in edges for end in (e.source, e.target) if end in services}
    for finding in findings:
        if finding.subject in services:
            touched.add(finding.subject)
        else:  # an edge subject "a -> b" or a cycle "a -> b -> a"
            touched |= {part.strip() for part in finding.subject.split("->")} & services
    return touched


def _rescored(base: AuditResult, head: AuditResult) -> set[str]:
    services = {c.service for c in base.checks} | {c.service for c in head.checks}
    return {s for s in services if base.score(s) != head.score(s)}
