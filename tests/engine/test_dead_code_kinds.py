"""Kinds about what nobody uses: route shapes, silence without route metrics, orphan config."""

from __future__ import annotations

from analyzer.analysis import compute_metrics
from analyzer.engine import judge, load_builtin_rules
from analyzer.engine.kinds.dead_code import route_shape
from analyzer.model import Resource, RouteFact, Service, SystemModel
from analyzer.model.runtime import RouteTraffic, RuntimeSource

RULES = {r.id: r for r in load_builtin_rules()[0]}


def findings(model: SystemModel, rule_id: str) -> list[str]:
    found, _ = judge(model, compute_metrics(model), [RULES[rule_id]])
    return [f.subject for f in found if f.rule_id == rule_id]


def test_route_templates_of_every_framework_have_one_shape():
    shapes = {route_shape(p) for p in ("/carts/{id}", "/carts/:id", "/carts/<int:id>",
                                       "/Carts/{cartId}/", "/carts/*?expand=1")}
    assert shapes == {"/carts/*"}
    assert route_shape("/") == "/" and route_shape("/carts/items") == "/carts/items"


def test_only_services_whose_metrics_carry_routes_are_judged():
    routes = [RouteFact(service=s, method="GET", path="/api/x", framework="flask") for s in
              ("orders", "billing")]
    model = SystemModel(services=[Service(id="orders"), Service(id="billing")], routes=routes,
                        runtime_sources=[RuntimeSource(source="s.json", window="7d")],
                        runtime_routes=[RouteTraffic(service="orders", method="GET",
                                                     route="/api/other", rate=3.0)])
    assert findings(model, "unused-endpoint") == ["orders GET /api/x"]  # billing: no evidence


def test_orphan_config_needs_workloads_in_the_namespace_and_skips_platform_names():
    def config(name: str, namespace: str, users: list[str], kind: str = "ConfigMap") -> Resource:
        return Resource(kind=kind, name=name, namespace=namespace, file="k8s/c.yaml", line=1,
                        facts={"keys": [], "referenced_by": users})

    model = SystemModel(services=[Service(id="cart")], resources=[
        Resource(kind="Deployment", name="cart", namespace="shop", file="k8s/cart.yaml"),
        config("cart-config", "shop", ["Deployment/cart"]),
        config("old-config", "shop", []),
        config("kube-root-ca.crt", "shop", []),
        config("elsewhere", "tools", []),  # no workload in that namespace: not judged
    ])
    assert findings(model, "orphan-config") == ["configmap/shop/old-config"]
