"""The `relation` kind: references across objects, coverage and consistency, read from real
manifests scanned as an audit would."""

from __future__ import annotations

import pytest

from analyzer.analysis import compute_metrics
from analyzer.engine.kinds import KINDS, EvalContext
from analyzer.engine.kinds.relation import RelationParams
from analyzer.ingest import ScanOptions, scan

KIND = KINDS["relation"]


@pytest.fixture
def tree(tmp_path):
    def write(files):
        for label, text in files.items():
            (tmp_path / label).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / label).write_text(text, encoding="utf-8")
        return tmp_path
    return write

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers:
        - {name: cart, image: "shop/cart:1.0", resources: {requests: {memory: 128Mi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "shop/web:1.0"}]
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ghost, namespace: shop}
spec: {selector: {app: nobody}, ports: [{port: 80}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: cart, namespace: shop}
spec:
  scaleTargetRef: {kind: Deployment, name: cart}
  minReplicas: 2
  maxReplicas: 6
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: old, namespace: shop}
spec: {scaleTargetRef: {kind: Deployment, name: cart-v1}, minReplicas: 2, maxReplicas: 3}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: cart, namespace: shop}
spec: {minAvailable: 2, selector: {matchLabels: {app: cart}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: cart, port: {number: 80}}}}
          - {path: /old, pathType: Prefix, backend: {service: {name: legacy, port: {number: 80}}}}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
    - route:
        - destination: {host: cart.shop.svc.cluster.local}
        - destination: {host: carts}
        - destination: {host: api.example.com}
"""


def _ctx(tree, text=APP):
    model = scan([tree({"k8s/app.yaml": text})], ScanOptions(code=False))
    return EvalContext.build(model, compute_metrics(model))


def _verdicts(context, **params):
    parsed = RelationParams.model_validate(params)
    found = {h.subject: h.fields["problem"] for h in KIND.check(context, parsed)}
    scope = sorted(s.subject for s in KIND.scope(context, parsed))
    return found, scope


def test_references_that_must_resolve(tree):
    context = _ctx(tree)
    found, scope = _verdicts(context, check="hpa-target-exists")
    assert found == {"horizontalpodautoscaler/shop/old":
                     "scaleTargetRef Deployment/cart-v1 does not exist"}
    assert scope == ["horizontalpodautoscaler/shop/cart", "horizontalpodautoscaler/shop/old"]
    assert _verdicts(context, check="backend-service-exists")[0] == {
        "ingress/shop/edge": "backend Service legacy does not exist"}
    assert _verdicts(context, check="service-selects-workload")[0] == {
        "service/shop/ghost": "selector app=nobody matches no workload"}
    assert _verdicts(context, check="destination-service-exists")[0] == {
        "virtualservice/shop/cart": "destination carts is no Service"}


def test_coverage_with_filters(tree):
    context = _ctx(tree)
    found, scope = _verdicts(context, check="workload-has", related="NetworkPolicy")
    assert found == {"deployment/shop/cart": "has no NetworkPolicy"} and len(scope) == 2
    found, scope = _verdicts(context, check="workload-has", related="PodDisruptionBudget",
                             min_replicas=2)
    assert found == {} and scope == ["deployment/shop/cart"]
    found, _ = _verdicts(context, check="workload-has", related="HorizontalPodAutoscaler")
    assert found == {"deployment/shop/web": "has no HorizontalPodAutoscaler"}


def test_consistency_pdb_and_hpa(tree):
    context = _ctx(tree)
    assert _verdicts(context, check="pdb-allows-disruption")[0] == {
        "poddisruptionbudget/shop/cart":
            "minAvailable 2 blocks every eviction with deployment/cart at 2 replicas"}
    assert _verdicts(context, check="hpa-has-requests")[0] == {
        "horizontalpodautoscaler/shop/cart": "container cart has no cpu request"}


def test_mesh_mtls_only_where_a_mesh_is_present(tree):
    plain = APP.split("---\napiVersion: networking.istio.io")[0]
    assert _verdicts(_ctx(tree, plain), check="mesh-mtls-strict") == ({}, [])
    found, scope = _verdicts(_ctx(tree), check="mesh-mtls-strict")
    assert set(found) == {"deployment/shop/cart", "deployment/shop/web"}
    strict = APP + ("---\napiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\n"
                    "metadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n")
    assert _verdicts(_ctx(tree, strict), check="mesh-mtls-strict")[0] == {}


def test_hits_carry_the_service_and_evidence(tree):
    parsed = RelationParams(check="hpa-target-exists")
    [hit] = list(KIND.check(_ctx(tree), parsed))
    assert hit.evidence[0].file == "k8s/app.yaml" and hit.evidence[0].line
    assert hit.fields["resource"] == "horizontalpodautoscaler/shop/old"
