"""Small builders shared by the engine tests: models, edges and rules of any kind."""

from __future__ import annotations

from analyzer.engine import KINDS, Rule
from analyzer.model import Edge, EdgeKind, Evidence, Origin, Service, Severity


def make_rule(kind: str, rule_id: str = "test-rule", pack: str = "test",
              severity: Severity = Severity.WARNING, message: str = "{subject}", **params) -> Rule:
    """A rule of `kind` with `params` completed by the kind's defaults."""
    full = KINDS[kind].Params.model_validate(params).model_dump(mode="json")
    return Rule(id=rule_id, title="t", category="test", severity=severity, kind=kind,
                params=full, message=message, rationale="r", remediation="Fix it.", pack=pack)


def edge(a: str, b: str, kind: str = "http", line: int = 1) -> Edge:
    return Edge(source=a, target=b, kind=EdgeKind(kind),
                evidence=[Evidence(origin=Origin.CODE, file=f"{a}.py", line=line)])


def services(*ids: str, entry: bool = False) -> list[Service]:
    return [Service(id=i, entry_points=["HTTP"] if entry else []) for i in ids]
