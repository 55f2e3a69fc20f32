"""diff_results: findings by fingerprint, cycles by rotation, edges by key, touched services."""

from __future__ import annotations

from analyzer.analysis.diff import diff_results
from analyzer.model import (AuditResult, Edge, EdgeKind, Evidence, Finding, GraphMetrics,
                            Location, Origin, Service, ServiceCheck, Severity, SystemModel)


def _edge(a: str, b: str, kind: str = "http", line: int = 1) -> Edge:
    return Edge(source=a, target=b, kind=EdgeKind(kind),
                evidence=[Evidence(origin=Origin.MANIFEST, file="compose.yml", line=line)])


def _finding(rule: str, subject: str, line: int = 1, sev: Severity = Severity.ERROR) -> Finding:
    return Finding(rule_id=rule, severity=sev, subject=subject, subject_kind="service",
                   message=f"{rule} {subject}", location=Location(file="compose.yml", line=line),
                   fingerprint=Finding.make_fingerprint(rule, subject))


def _result(services, edges, findings=(), cycles=(), checks=()) -> AuditResult:
    model = SystemModel(services=[Service(id=s) for s in services], edges=list(edges))
    return AuditResult(model=model, metrics=GraphMetrics(cycles=[list(c) for c in cycles]),
                       findings=list(findings), checks=list(checks))


def test_new_fixed_and_unchanged_findings_match_by_fingerprint():
    base = _result(["a", "b"], [], [_finding("r1", "a", line=3), _finding("r2", "b")])
    head = _result(["a", "b"], [], [_finding("r1", "a", line=40), _finding("r3", "b", sev=Severity.WARNING)])
    change = diff_results(base, head)
    assert [f.rule_id for f in change.unchanged_findings] == ["r1"]  # moved lines only
    assert [f.rule_id for f in change.new_findings] == ["r3"]
    assert [f.rule_id for f in change.fixed_findings] == ["r2"]
    assert change.gate_failed(Severity.WARNING) and not change.gate_failed(Severity.ERROR)
    assert not change.gate_failed(None)


def test_two_findings_with_one_fingerprint_count_twice():
    one = _finding("r1", "a")
    change = diff_results(_result(["a"], [], [one]), _result(["a"], [], [one, one]))
    assert len(change.new_findings) == 1 and len(change.unchanged_findings) == 1


def test_edges_cycles_and_the_touched_neighbourhood():
    base = _result(["a", "b", "c", "d"], [_edge("a", "b"), _edge("c", "d")],
                   cycles=[["x", "y"]])
    head = _result(["a", "b", "c", "e"], [_edge("a", "b"), _edge("b", "a", "grpc")],
                   cycles=[["b", "a"]])
    change = diff_results(base, head, "main", "feature")
    assert (change.base, change.head) == ("main", "feature")
    assert [e.key for e in change.added_edges] == [("b", "a", "grpc")]
    assert [e.key for e in change.removed_edges] == [("c", "d", "http")]
    assert change.new_cycles == [["a", "b"]] and change.fixed_cycles == [["x", "y"]]
    assert [e.key for e in change.context_edges] == [("a", "b", "http")]
    assert change.added_services == ["e"] and change.removed_services == ["d"]
    assert change.touched_services == ["a", "b", "c", "d", "e"]
    assert change.changed


def test_a_rotated_cycle_is_the_same_cycle():
    change = diff_results(_result(["a", "b", "c"], [], cycles=[["b", "c", "a"]]),
                          _result(["a", "b", "c"], [], cycles=[["c", "a", "b"]]))
    assert change.new_cycles == [] and change.fixed_cycles == [] and not change.changed


def test_readiness_scores_of_touched_and_rescored_services():
    def checks(status_a: str, status_b: str):
        return [ServiceCheck(rule_id="probes", service="a", status=status_a),
                ServiceCheck(rule_id="probes", service="b", status=status_b)]
    base = _result(["a", "b", "c"], [], checks=checks("fail", "pass"))
    head = _result(["a", "b", "c"], [_edge("b", "c")], checks=checks("pass", "pass"))
    change = diff_results(base, head)
    scores = {s.service: (s.before, s.after) for s in change.score_changes}
    assert scores == {"a": (0.0, 1.0), "b": (1.0, 1.0)}  # c has no checks: nothing to show


def test_no_checks_means_no_score_changes_and_no_change():
    same = _result(["a"], [_edge("a", "b")])
    change = diff_results(same, same)
    assert change.score_changes == [] and not change.changed
    assert change.to_json() == diff_results(same, same).to_json()
