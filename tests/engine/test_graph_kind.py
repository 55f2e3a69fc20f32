"""The `graph` kind: forbidden, allowed-only and required dependencies, cycles, sync depth."""

from __future__ import annotations

from analyzer.analysis import compute_metrics
from analyzer.engine.assess import assess
from analyzer.engine.policy import Policy
from analyzer.model import Service, SystemModel
from tests.engine.helpers import edge, make_rule, services

LAYERS = {"edge": ("gateway*",), "core": ("orders", "billing"), "data": ("ledger",)}


def model():
    return SystemModel(
        services=[*services("gateway-web", "orders", "billing", "ledger"),
                  Service(id="audit", namespace="ops")],
        edges=[edge("gateway-web", "orders"), edge("orders", "billing"),
               edge("gateway-web", "ledger"), edge("billing", "orders", "async"),
               edge("ledger", "audit")])


def run(**params):
    m = model()
    rule = make_rule("graph", message="{subject}: {reason}", **params)
    return assess(m, compute_metrics(m), [rule], Policy(layers=LAYERS)).findings


def test_forbidden_dependency_between_layers_is_reported_with_evidence():
    [finding] = run(forbidden=[{"from": "layer:edge", "to": "layer:data"}])
    assert finding.subject == "gateway-web -> ledger"
    assert finding.message == ("gateway-web -> ledger: forbidden dependency "
                               "(layer:edge -> layer:data)")
    assert finding.location.file == "gateway-web.py"


def test_allowed_only_reports_every_other_dependency_of_the_group():
    findings = run(allowed=[{"from": "layer:edge", "to": "layer:core"}])
    assert [f.subject for f in findings] == ["gateway-web -> ledger"]
    assert "allowed: layer:core" in findings[0].message


def test_required_dependency_missing_is_reported_per_service():
    findings = run(required=[{"from": "layer:core", "to": "namespace:ops"}])
    assert sorted(f.subject for f in findings) == ["billing", "orders"]


def test_acyclic_reports_each_cycle_once():
    [finding] = run(acyclic=True)
    assert "billing, orders" in finding.message


def test_max_sync_depth():
    findings = run(max_sync_depth=1)
    assert [f.subject for f in findings] == ["gateway-web"]


def test_scope_limits_the_services_examined():
    assert run(forbidden=[{"from": "*", "to": "*"}], scope="orders") != []
    assert [f.subject for f in run(forbidden=[{"from": "*", "to": "*"}], scope="orders")] == [
        "orders -> billing"]


def test_no_constraint_no_finding():
    assert run() == []


def test_label_selector_reads_resource_labels():
    from analyzer.engine.kinds import EvalContext
    from analyzer.engine.kinds.graph import select
    from analyzer.model import Resource

    m = model().model_copy(update={"resources": [
        Resource(kind="Deployment", name="o", file="k.yaml", service="orders",
                 facts={"labels": {"tier": "core"}}),
        Resource(kind="Deployment", name="b", file="k.yaml", service="billing",
                 facts={"labels": {"tier": "back"}})]})
    ctx = EvalContext.build(m, compute_metrics(m))
    assert select(ctx, "label:tier=core") == ["orders"]
    assert select(ctx, "label:tier") == ["billing", "orders"]
    assert select(ctx, "label:team") == []
