"""Smell kinds beyond their pass/fail cases: the params that change their verdicts."""

from __future__ import annotations

from analyzer.analysis import compute_metrics
from analyzer.engine import judge
from analyzer.model import Library, Resource, RouteFact, Service, SystemModel
from tests.engine.helpers import edge, make_rule, services


def run(model, rule):
    findings, _ = judge(model, compute_metrics(model), [rule])
    return findings


def test_no_gateway_accepts_an_ingress_resource_or_a_configured_gateway_name():
    public = [Service(id="shop", entry_points=["HTTP"]), Service(id="front-door",
                                                                 entry_points=["HTTP"])]
    assert len(run(SystemModel(services=public), make_rule("no-gateway"))) == 1
    ingress = Resource(kind="Ingress", name="web", file="k8s/ingress.yaml")
    assert run(SystemModel(services=public, resources=[ingress]), make_rule("no-gateway")) == []
    assert run(SystemModel(services=public), make_rule("no-gateway", gateways=["front-*"])) == []


def test_unversioned_api_skips_ignored_paths_and_dated_versions():
    model = SystemModel(services=[Service(id="api", entry_points=["HTTP"])], routes=[
        RouteFact(service="api", method="GET", path=p, framework="express")
        for p in ("/2024-01-31/orders", "/v1.2/items", "/status")])
    [finding] = run(model, make_rule("unversioned-api", message="{examples}"))
    assert finding.message == "GET /status"
    assert run(model, make_rule("unversioned-api", ignore_paths=["/status"])) == []


def test_hub_needs_both_outliers_and_a_large_enough_system():
    ids = [f"s{i}" for i in range(10)]
    edges = [edge(s, "hub") for s in ids[:4]] + [edge("hub", s) for s in ids[5:9]]
    model = SystemModel(services=services("hub", *ids), edges=edges)
    assert [f.subject for f in run(model, make_rule("hub-service"))] == ["hub"]
    assert run(model, make_rule("hub-service", min_services=20)) == []
    assert run(model, make_rule("hub-service", sigmas=5)) == []
    only_in = SystemModel(services=services("hub", *ids), edges=edges[:4])
    assert run(only_in, make_rule("hub-service")) == []


def test_too_many_standards_reports_each_dimension_over_its_limit():
    model = SystemModel(services=services("a", "b"), libraries=[
        Library(service="a", ecosystem=e, name="x", file="f") for e in ("npm", "go", "pypi")])
    assert run(model, make_rule("too-many-standards")) == []
    [finding] = run(model, make_rule("too-many-standards", max_languages=2,
                                     message="{dimension}: {values}"))
    assert finding.message == "languages: go, javascript, python"  # ecosystems name languages


def test_shared_library_uses_the_configured_internal_group():
    libs = [Library(service=s, ecosystem="maven", name="com.acme:money", file="pom.xml")
            for s in ("a", "b")]
    model = SystemModel(services=services("a", "b"), libraries=libs)
    assert run(model, make_rule("shared-library")) == []
    [finding] = run(model, make_rule("shared-library", internal=["com.acme:*"]))
    assert finding.subject == "com.acme:money"


def test_no_resilience_is_silent_with_a_mesh_and_without_library_facts():
    libs = [Library(service="a", ecosystem="npm", name="express", file="package.json")]
    model = SystemModel(services=services("a", "b"), edges=[edge("a", "b")], libraries=libs)
    assert [f.subject for f in run(model, make_rule("no-resilience"))] == ["a"]
    mesh = Resource(kind="VirtualService", name="b", file="istio.yaml")
    meshed = model.model_copy(update={"resources": [mesh]})
    assert run(meshed, make_rule("no-resilience")) == []
    unknown = model.model_copy(update={"libraries": []})
    assert run(unknown, make_rule("no-resilience")) == []
    async_only = model.model_copy(update={"edges": [edge("a", "b", "async")]})
    assert run(async_only, make_rule("no-resilience")) == []
