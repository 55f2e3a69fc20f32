"""The runtime kinds on small models: drift, hotspots, params, silence without runtime facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.analysis import compute_metrics
from analyzer.engine import KINDS
from analyzer.engine.kinds import EvalContext
from analyzer.model import SystemModel

CASES = Path(__file__).resolve().parents[1] / "rules" / "cases"
RUNTIME_KINDS = ["undeclared-runtime-dependency", "unobserved-declared-dependency",
                 "unknown-runtime-service", "idle-service", "latency-hotspot", "error-hotspot",
                 "saturation-hotspot"]


def case(rule_id: str, name: str) -> SystemModel:
    return SystemModel.from_json((CASES / rule_id / f"{name}.json").read_text(encoding="utf-8"))


def hits(kind: str, model: SystemModel, **params):
    ctx = EvalContext.build(model, compute_metrics(model))
    rule_kind = KINDS[kind]
    return list(rule_kind.check(ctx, rule_kind.Params(**params)))


def scope(kind: str, model: SystemModel):
    ctx = EvalContext.build(model, compute_metrics(model))
    return list(KINDS[kind].scope(ctx, KINDS[kind].Params()) or [])


@pytest.mark.parametrize("kind", RUNTIME_KINDS)
def test_silent_without_runtime_facts(kind):
    model = case(kind, "fail")
    bare = model.model_copy(update={"runtime_sources": [], "runtime_edges": [],
                                    "runtime_services": [], "runtime_saturation": []})
    assert hits(kind, bare) == [] and scope(kind, bare) == []


@pytest.mark.parametrize("kind,subject,service", [
    ("undeclared-runtime-dependency", "gateway -> payments", "gateway"),
    ("unobserved-declared-dependency", "orders -> payments", "orders"),
    ("unknown-runtime-service", "ghost", None),
    ("idle-service", "payments", "payments"),
    ("latency-hotspot", "payments", "payments"),
    ("error-hotspot", "payments", "payments"),
    ("saturation-hotspot", "orders", "orders")])
def test_each_kind_finds_its_case_and_names_the_service(kind, subject, service):
    [hit] = hits(kind, case(kind, "fail"))
    assert hit.subject == subject and hit.service == service
    assert hits(kind, case(kind, "pass")) == []


def test_scopes_list_what_was_examined():
    healthy = case("idle-service", "pass")
    assert sorted(s.subject for s in scope("idle-service", healthy)) == ["orders", "payments"]
    assert sorted(s.subject for s in scope("latency-hotspot", healthy)) == ["orders", "payments"]
    assert {s.subject for s in scope("unobserved-declared-dependency", healthy)} == {
        "gateway -> orders", "orders -> payments"}


def test_thresholds_are_params():
    slow = case("latency-hotspot", "fail")
    assert hits("latency-hotspot", slow, max_p95_ms=5000) == []
    assert hits("latency-hotspot", slow, min_rate=100) == []
    assert hits("latency-hotspot", slow, ignore=["pay*"]) == []
    assert hits("error-hotspot", case("error-hotspot", "fail"), max_error_ratio=0.5) == []
    saturated = case("saturation-hotspot", "fail")
    [hit] = hits("saturation-hotspot", saturated)
    assert hit.fields["reasons"] == ("memory peak at 97% of its limit; 30% of CPU periods "
                                     "throttled; 7 restarts")
    assert hits("saturation-hotspot", saturated, max_memory=1, max_throttling=0.5,
                max_restarts=10) == []
    assert hits("idle-service", case("idle-service", "pass"), min_rate=5) != []


def test_hotspot_messages_carry_the_impact_rank():
    [hit] = hits("latency-hotspot", case("latency-hotspot", "fail"))
    assert hit.fields["rank"] == 1 and hit.fields["p95"] == "2500"
    json.dumps(hit.fields)  # plain values only
