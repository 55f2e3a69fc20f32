"""The hard-coded-endpoint rule on literal internal addresses written in code."""

from __future__ import annotations

from analyzer.analysis import compute_metrics
from analyzer.engine import apply_overrides, judge, load_builtin_rules
from analyzer.engine.overrides import RuleOverride
from analyzer.model import (CodeLiteralAddress, Datastore, DatastoreCategory, Evidence, Origin,
                            Service, SystemModel)

RULES, _ = load_builtin_rules()


def _rule(**params):
    [found] = [r for r in RULES if r.id == "hard-coded-endpoint"]
    if params:
        [found] = apply_overrides([found], {found.id: RuleOverride(params=params)})
    return found


def _literal(service, host, target, line=19):
    return CodeLiteralAddress(service=service, host=host, target=target, evidence=Evidence(
        origin=Origin.CODE, file=f"services/{service}/client.go", line=line, detail=host))


def _model(*literals):
    return SystemModel(
        services=[Service(id="pricing", entry_points=["HTTP"]), Service(id="inventory"),
                  Service(id="orders")],
        datastores=[Datastore(id="orders-db", technology="postgres",
                              category=DatastoreCategory.DB)],
        literal_addresses=list(literals)).normalized()


def _run(model, rule):
    findings, _ = judge(model, compute_metrics(model), [rule])
    return findings


def test_one_finding_per_service_and_host_naming_the_internal_service_and_file():
    model = _model(_literal("pricing", "inventory", "inventory", 19),
                   _literal("pricing", "inventory", "inventory", 40))
    [finding] = _run(model, _rule())
    assert finding.subject == "pricing:inventory"
    assert finding.message == ("pricing hard-codes the address of internal service inventory "
                               "'inventory' in code (services/pricing/client.go)")
    assert (finding.location.file, finding.location.line) == ("services/pricing/client.go", 19)
    assert len(finding.evidence) == 2


def test_a_datastore_address_is_named_as_a_datastore():
    [finding] = _run(_model(_literal("orders", "orders-db", "orders-db")), _rule())
    assert "internal datastore orders-db" in finding.message


def test_code_literals_false_allow_hosts_and_ip_literals_only_silence_it():
    model = _model(_literal("pricing", "inventory", "inventory"))
    assert _run(model, _rule(code_literals=False)) == []
    assert _run(model, _rule(allow_hosts=["inv*"])) == []
    assert _run(model, _rule(ip_literals_only=True)) == []
    ip = _model(_literal("pricing", "10.1.2.3", "inventory"))
    assert [f.subject for f in _run(ip, _rule(ip_literals_only=True))] == ["pricing:10.1.2.3"]


def test_the_fact_round_trips_through_json_sorted():
    model = _model(_literal("pricing", "orders", "orders", 5),
                   _literal("pricing", "inventory", "inventory", 9))
    again = SystemModel.from_json(model.to_json())
    assert [x.host for x in again.literal_addresses] == ["inventory", "orders"]


def test_models_scanned_apart_merge_their_literal_addresses():
    from analyzer.model.merge import merge_models
    a = _model(_literal("pricing", "inventory", "inventory"))
    b = _model(_literal("pricing", "inventory", "inventory"), _literal("orders", "orders-db",
                                                                      "orders-db"))
    merged = merge_models([a, b])
    assert [(x.service, x.host) for x in merged.literal_addresses] == [
        ("orders", "orders-db"), ("pricing", "inventory")]
