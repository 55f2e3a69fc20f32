"""judge: order, disabled rules, broken kinds are errors (never a pass)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analyzer.analysis import compute_metrics
from analyzer.engine import KINDS, RuleEvaluationError, judge, load_builtin_rules
from analyzer.engine.kinds import EvalContext, Hit, RuleKind
from analyzer.model import Edge, EdgeKind, Service, SystemModel

# the graph packs: readiness rules would judge these bare facts documents too
RULES = [r for r in load_builtin_rules()[0] if r.pack != "readiness"]


def tangled_model() -> SystemModel:
    return SystemModel(
        services=[Service(id=s) for s in ("a", "b", "c", "lonely")],
        edges=[Edge(source=x, target=y, kind=EdgeKind.HTTP)
               for x, y in [("a", "b"), ("b", "a"), ("b", "c")]])


def test_findings_are_sorted_by_severity_then_rule_and_all_rules_reported():
    model = tangled_model()
    findings, evaluated = judge(model, compute_metrics(model), RULES)
    assert evaluated == sorted(r.id for r in RULES)
    assert [(f.severity.value, f.rule_id, f.subject) for f in findings] == [
        ("error", "no-service-cycles", "a -> b -> a"),
        ("warning", "orphan-service", "lonely"),
    ]


def test_disabled_rules_are_not_evaluated():
    model = tangled_model()
    rules = [r.model_copy(update={"enabled": False}) if r.id == "orphan-service" else r
             for r in RULES]
    findings, evaluated = judge(model, compute_metrics(model), rules)
    assert "orphan-service" not in evaluated
    assert [f.rule_id for f in findings] == ["no-service-cycles"]


def test_judge_is_deterministic():
    model = tangled_model()
    one = judge(model, compute_metrics(model), RULES)
    two = judge(model, compute_metrics(model), list(reversed(RULES)))
    assert one == two


class Exploding(RuleKind):
    name = "exploding"
    description = "Always fails."
    subject_kind = "service"
    fields = frozenset({"service"})

    def check(self, ctx: EvalContext, params) -> Iterator[Hit]:
        raise ZeroDivisionError("boom")


def test_a_kind_that_raises_stops_the_judgement_naming_the_rule(monkeypatch):
    monkeypatch.setitem(KINDS, "exploding", Exploding())
    broken = RULES[0].model_copy(update={"id": "always-broken", "kind": "exploding",
                                         "params": {}})
    model = tangled_model()
    with pytest.raises(RuleEvaluationError) as err:
        judge(model, compute_metrics(model), [*RULES, broken])
    assert err.value.rule_id == "always-broken"
    assert "ZeroDivisionError: boom" in str(err.value)


def test_an_unknown_kind_is_an_error_not_a_pass():
    broken = RULES[0].model_copy(update={"kind": "gone"})
    model = tangled_model()
    with pytest.raises(RuleEvaluationError, match="unknown kind 'gone'"):
        judge(model, compute_metrics(model), [broken])
