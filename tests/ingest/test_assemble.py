"""Assembly: identity merge, datastores, edges, external endpoints, source folders, entry points."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest import LOOKED_FOR, ScanOptions, scan

COMPOSE = """\
services:
  orders:
    build: ./orders
    image: shop/orders:dev
    ports: ["8080:8080"]
    environment:
      PAYMENTS_URL: http://payments:8080
      FX_URL: http://10.12.4.7:9000/rates
      STRIPE_URL: https://api.stripe.com/v1
      SELF_URL: http://orders:8080/health
      LOCAL: http://localhost:9000
      BIND_ADDR: 0.0.0.0:8080
      APP_NAME: payments
      MAIN_CLASS: com.example.orders.Main
      V6_URL: http://[2001:db8::5]:80/
      LEGACY_HOST: legacy
    depends_on: [payments, cache]
  payments:
    image: shop/payments:dev
  cache:
    image: valkey/valkey:8
"""
K8S = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  replicas: 4
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
        - name: orders
          image: registry/shop/orders:1.2
          ports: [{containerPort: 9090}]
          env:
            - {name: PAYMENTS_GRPC, value: "payments-svc.shop:50051"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: payments, namespace: shop}
spec:
  template:
    metadata: {labels: {app: payments}}
    spec: {containers: [{name: p, image: shop/payments:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: payments-svc, namespace: shop}
spec: {selector: {app: payments}}
"""


def _model(tree, **options):
    root = tree({"docker-compose.yml": COMPOSE, "k8s/all.yaml": K8S, "orders/app.py": ""})
    return scan([root], ScanOptions(code=False, **options))


def test_compose_and_kubernetes_merge_into_one_service(tree):
    model = _model(tree)
    assert sorted(s.id for s in model.services) == ["orders", "payments"]
    orders = model.service("orders")
    assert orders.image == "registry/shop/orders:1.2" and orders.replicas == 4
    assert orders.namespace == "shop" and orders.ports == [8080, 9090]
    assert orders.source_dir == "orders"
    assert [e.file for e in orders.declared_in] == ["docker-compose.yml", "k8s/all.yaml"]
    assert model.service("payments").aliases == ["payments-svc"]


def test_edges_kinds_and_depends_on_folding(tree):
    model = _model(tree)
    edges = {(e.source, e.target, e.kind.value): e for e in model.edges}
    assert set(edges) == {("orders", "payments", "http"), ("orders", "payments", "grpc"),
                          ("orders", "cache", "cache")}
    http = [e.detail for e in edges[("orders", "payments", "http")].evidence]
    assert http == ["env PAYMENTS_URL=http://payments:8080", "depends_on payments"]
    assert [e.detail for e in edges[("orders", "cache", "cache")].evidence] == ["depends_on cache"]


def test_external_endpoints(tree):
    model = _model(tree)
    found = {(x.host, x.key, x.is_ip_literal) for x in model.external_endpoints}
    assert found == {("10.12.4.7", "FX_URL", True), ("api.stripe.com", "STRIPE_URL", False),
                     ("2001:db8::5", "V6_URL", True)}
    # not endpoints: self, localhost, bind address, APP_NAME word, class names, bare words
    assert not any(x.host in ("orders", "localhost", "0.0.0.0", "legacy", "payments")
                   or "example" in x.host for x in model.external_endpoints)


def test_entry_points(tree):
    model = _model(tree, entry_points=("payments-svc",))
    assert model.service("orders").entry_points == ["published-port"]
    assert model.service("payments").entry_points == ["declared-in-config"]


def test_source_dirs_from_config_and_folders(tree, tmp_path: Path):
    root = tree({
        "docker-compose.yml": "services:\n  api:\n    image: a\n  worker:\n    image: w\n"
                              "  billing:\n    image: b\n",
        "code/backend/api-impl/main.go": "package main\n",
        "src/apps/worker/index.ts": "",
        "deploy/billing/values.yaml": "x: 1\n",
    })
    model = scan([root], ScanOptions(code=False, sources=(("api", "code/backend/api-impl"),)))
    assert model.service("api").source_dir == "code/backend/api-impl"
    assert model.service("worker").source_dir == "src/apps/worker"
    assert model.service("billing").source_dir is None  # only YAML there, not source
    outside = scan([root], ScanOptions(code=False, sources=(("api", str(tmp_path)),)))
    assert [d.code for d in outside.diagnostics] == ["source-dir-outside-roots"]


def test_multi_root_scan_with_service_repos(tree):
    deploy = tree({"docker-compose.yml": "services:\n  svc-a:\n    image: a\n    environment:\n"
                                         "      B_URL: http://svc-b:80\n  svc-b:\n    image: b\n"},
                  root="deploy")
    repo_a = tree({"main.py": "", "Dockerfile": "FROM python:3.12\n"}, root="svc-a")
    repo_b = tree({"src/index.js": ""}, root="svc-b")
    model = scan([deploy, repo_a, repo_b], ScanOptions(code=False))
    assert {s.id: s.source_dir for s in model.services} == {"svc-a": "svc-a", "svc-b": "svc-b"}
    edge = model.edges[0]
    assert (edge.source, edge.target, edge.evidence[0].file) == ("svc-a", "svc-b",
                                                                 "deploy/docker-compose.yml")
    dockerfile = next(r for r in model.resources if r.kind == "Dockerfile")
    assert (dockerfile.file, dockerfile.service) == ("svc-a/Dockerfile", "svc-a")


def test_scan_is_deterministic(tree):
    assert _model(tree).to_json() == _model(tree).to_json()


def test_looked_for_names_the_declarations():
    for word in ("compose", "Kubernetes", "Dockerfile"):
        assert word in LOOKED_FOR


def test_depends_on_folds_into_an_edge_added_later():
    from analyzer.ingest.assemble import fold_depends_on
    from analyzer.model import Edge, EdgeKind, Evidence, Origin, SystemModel

    dep = Evidence(origin=Origin.MANIFEST, file="c.yml", line=3, detail="depends_on b")
    code = Evidence(origin=Origin.CODE, file="a.py", line=9, detail="GET http://b/x")
    model = SystemModel(edges=[
        Edge(source="a", target="b", kind=EdgeKind.DEPENDS_ON, evidence=[dep]),
        Edge(source="a", target="b", kind=EdgeKind.HTTP, evidence=[code]),
        Edge(source="a", target="c", kind=EdgeKind.DEPENDS_ON, evidence=[dep])])
    folded = fold_depends_on(model)
    assert [(e.target, e.kind.value, len(e.evidence)) for e in folded.edges] == [
        ("b", "http", 2), ("c", "depends-on", 1)]
