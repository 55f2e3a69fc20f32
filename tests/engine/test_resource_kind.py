"""The `resource` kind and its condition language on small models of Resources."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from analyzer.analysis import compute_metrics
from analyzer.engine.kinds import KINDS, EvalContext
from analyzer.engine.kinds.conditions import Check, failures, holds, resolve
from analyzer.engine.kinds.resource import ResourceParams
from analyzer.model import Edge, EdgeKind, Evidence, Origin, Resource, Service, SystemModel

KIND = KINDS["resource"]


def deployment(name, containers, replicas=2, service=None, **facts):
    return Resource(kind="Deployment", name=name, file="k8s.yaml", line=3,
                    service=service or name,
                    facts={"replicas": replicas, "pod": {"containers": containers}, **facts})


def ctx(*resources, services=(), edges=()):
    model = SystemModel(services=[Service(id=s) for s in services], edges=list(edges),
                        resources=list(resources))
    return EvalContext.build(model, compute_metrics(model))


def hits(context, **params):
    parsed = ResourceParams.model_validate(params)
    return list(KIND.check(context, parsed)), sorted(KIND.scope(context, parsed))


READY = {"path": "pod.containers[*].readinessProbe", "op": "exists"}


def test_every_element_must_hold_and_the_failing_one_is_named():
    model = ctx(deployment("cart", [{"name": "cart", "readinessProbe": {"type": "httpGet"}},
                                    {"name": "envoy", "readinessProbe": None}]),
                deployment("web", [{"name": "web", "readinessProbe": {"type": "tcpSocket"}}]))
    found, scope = hits(model, match={"kinds": ["Deployment"]}, require=[READY])
    assert [(h.subject, h.fields["problems"], h.service) for h in found] == [
        ("deployment/cart", "container envoy has no readinessProbe", "cart")]
    assert [s.subject for s in scope] == ["deployment/cart", "deployment/web"]  # passes counted


def test_match_kinds_names_when_unless():
    model = ctx(deployment("cart", [{"name": "c"}], replicas=1),
                deployment("batch-x", [{"name": "c"}], replicas=3),
                Resource(kind="Job", name="migrate", file="j.yaml", facts={}))
    assert hits(model, match={"kinds": ["Job"]}, require=[READY])[1][0].subject == "job/migrate"
    _, scope = hits(model, match={"names": ["batch-*"]}, require=[READY])
    assert [s.subject for s in scope] == ["deployment/batch-x"]
    _, scope = hits(model, match={"when": [{"path": "replicas", "op": "gte", "value": 2}]},
                    require=[READY])
    assert [s.subject for s in scope] == ["deployment/batch-x"]
    _, scope = hits(model, match={"kinds": ["Deployment"],
                                  "unless": [{"path": "replicas", "op": "lte", "value": 1}]},
                    require=[READY])
    assert [s.subject for s in scope] == ["deployment/batch-x"]


def test_min_fan_in_reads_the_service_graph():
    edge = Edge(source="web", target="cart", kind=EdgeKind.HTTP,
                evidence=[Evidence(origin=Origin.MANIFEST, file="k8s.yaml", line=1)])
    model = ctx(deployment("cart", [], replicas=1), deployment("web", [], replicas=1),
                services=("cart", "web"), edges=[edge])
    found, scope = hits(model, match={"min_fan_in": 1},
                        require=[{"path": "replicas", "op": "gte", "value": 2}])
    assert [h.subject for h in found] == ["deployment/cart"] and len(scope) == 1


def test_unless_related_exempts_by_a_peer_of_the_same_service():
    dockerfile = Resource(kind="Dockerfile", name="cart", file="cart/Dockerfile", service="cart",
                          facts={"healthcheck": "absent"})
    lonely = Resource(kind="Dockerfile", name="tools", file="tools/Dockerfile", service="tools",
                      facts={"healthcheck": "absent"})
    model = ctx(dockerfile, lonely, deployment("cart", [{"name": "cart", "readinessProbe": {}}]))
    found, _ = hits(model, match={"kinds": ["Dockerfile"], "unless_related": [
        {"kinds": ["Deployment"], "require": [READY]}]},
        require=[{"path": "healthcheck", "op": "equals", "value": "present"}])
    assert [h.subject for h in found] == ["dockerfile/tools/Dockerfile"]


def test_ops():
    assert holds("exists", None, 0) and not holds("exists", None, None)
    assert holds("absent", None, None) and holds("truthy", None, [1]) and holds("falsy", None, [])
    assert holds("equals", "a", "a") and holds("not_equals", "a", "b")
    assert holds("in", [None, "x"], None) and holds("not_in", ["latest"], "1.0")
    assert holds("matches", "[0-9]+", "123") and not holds("matches", "[0-9]+", "123a")  # anchored
    assert holds("not_matches", "latest", "1.0") and not holds("matches", "x", None)
    assert holds("gte", 2, 3) and holds("gte", 2, "2") and not holds("gte", 2, True)
    assert holds("lte", 2, 1) and not holds("lte", 2, None)


def test_any_of_each_and_greater_than_field():
    facts = {"containers": [{"name": "a", "tag": "1.0"}, {"name": "b", "digest": "sha256:x"},
                            {"name": "c", "tag": "latest"}], "min": 2, "max": 2}
    pinned = Check.model_validate({"each": "containers", "require": [{"any_of": [
        {"path": "digest", "op": "exists"}, {"path": "tag", "op": "not_in", "value": [None, "latest"]}],
        "problem": "is not pinned"}]})
    assert failures(pinned, facts) == ["container c is not pinned"]
    above = Check(path="max", op="greater_than_field", value="min", problem="max <= min")
    assert failures(above, facts) == ["max <= min"]
    assert failures(above, {**facts, "max": 3}) == []


def test_resolve_missing_paths_are_none_and_values_can_be_quoted_in_problems():
    assert resolve({"a": {"b": 1}}, "a.c") == [("", None)]
    assert resolve({"a": [{"b": 1}, {"name": "x"}]}, "a[*].b") == [("a #1", 1), ("a x", None)]
    check = Check(path="keys", op="falsy", problem="has {value}")
    assert failures(check, {"keys": ["A", "B"]}) == ["has A, B"]


@pytest.mark.parametrize("bad", [
    {"path": "a..b"}, {"path": "a", "op": "nope"}, {"path": "a", "op": "matches", "value": "("},
    {"path": "a", "op": "matches", "value": "(a+)+$"}, {"path": "a", "op": "in", "value": 3},
    {"path": "a", "op": "gte", "value": "x"}, {}, {"path": "a", "any_of": [{"path": "b"}]},
    {"each": "a"}, {"path": "a", "op": "greater_than_field", "value": "not a path"},
    {"path": "a", "op": "matches", "value": "x" * 201},
])
def test_bad_checks_are_refused_on_load(bad):
    with pytest.raises(ValidationError):
        Check.model_validate(bad)


def test_unknown_params_are_refused():
    with pytest.raises(ValidationError):
        ResourceParams.model_validate({"match": {"kind": ["Deployment"]}})


def test_a_hostile_regex_subject_is_cut():
    check = Check(path="v", op="matches", value="a*b")
    assert failures(check, {"v": "a" * 100_000}) != []
