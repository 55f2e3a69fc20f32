"""Kubernetes ingestion: workloads + Services as one service, env via ConfigMap/Secret, resources."""

from __future__ import annotations

import base64

from analyzer.ingest import ScanOptions, scan

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout, tier: web}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: checkout
          image: shop/checkout:1.4
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          resources: {requests: {cpu: 100m}}
          envFrom:
            - configMapRef: {name: endpoints}
            - secretRef: {name: creds}
          env:
            - name: ORDERS_URL
              value: http://orders.shop.svc.cluster.local:8080
            - name: CART_HOST
              valueFrom:
                configMapKeyRef: {name: endpoints, key: cart-host}
            - name: DB_URL
              valueFrom:
                secretKeyRef: {name: creds, key: db-url}
            - name: PAYMENTS_URL
              value: http://$(PAY_HOST):8080
            - name: APP_NAME
              value: orders
            - name: SELF_URL
              value: http://checkout-svc:8080/health
---
apiVersion: v1
kind: Service
metadata: {name: checkout-svc, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: checkout}
  ports: [{port: 80, targetPort: 8080}]
"""

SECRET_URL = "postgres://app:TopSecretPw@orders-db:5432/orders"
CONFIG = f"""\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {{name: endpoints, namespace: shop}}
    data:
      cart-host: cart
      PAY_HOST: payments.shop
  - apiVersion: v1
    kind: Secret
    metadata: {{name: creds, namespace: shop}}
    data:
      db-url: {base64.b64encode(SECRET_URL.encode()).decode()}
    stringData:
      API_TOKEN: tok-very-secret
"""

OTHERS = """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: orders-db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: orders-db}}
    spec:
      containers: [{name: pg, image: "docker.io/library/postgres:16-alpine"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
        - name: orders
          image: shop/orders:2
          livenessProbe: {tcpSocket: {port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {selector: {app: orders}, ports: [{port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart}}
    spec: {containers: [{name: cart, image: shop/cart}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: payments, namespace: shop}
spec:
  template:
    metadata: {labels: {app: payments}}
    spec: {containers: [{name: p, image: shop/payments}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: reports, namespace: shop}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: r
              image: shop/reports
              env: [{name: DATABASE_URL, value: "postgres://orders-db:5432/orders"}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /cart
            pathType: Prefix
            backend: {service: {name: cart-svc, port: {number: 80}}}
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: legacy, namespace: shop}
spec:
  backend: {serviceName: orders, servicePort: 8080}
---
apiVersion: v1
kind: Service
metadata: {name: cart-svc, namespace: shop}
spec: {selector: {app: cart}, type: NodePort, ports: [{port: 80}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: checkout, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: checkout-pdb, namespace: shop}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: checkout}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _scan(tree):
    root = tree({"k8s/checkout.yaml": DEPLOY, "k8s/config.yaml": CONFIG, "k8s/others.yml": OTHERS})
    return scan([root], ScanOptions(code=False))


def test_workload_and_service_are_one_service(tree):
    model = _scan(tree)
    assert sorted(s.id for s in model.services) == ["cart", "checkout", "orders", "payments",
                                                   "reports"]
    checkout = model.service("checkout")
    assert checkout.namespace == "shop" and checkout.replicas == 2
    assert checkout.image == "shop/checkout:1.4" and checkout.aliases == ["checkout-svc"]
    assert checkout.ports == [8080]
    assert [e.detail for e in checkout.declared_in] == ["Deployment shop/checkout",
                                                        "Service shop/checkout-svc"]
    assert checkout.entry_points == ["service-type-LoadBalancer"]
    assert model.service("cart").entry_points == ["ingress-backend", "service-type-NodePort"]
    assert model.service("orders").entry_points == ["ingress-backend"]
    assert model.service("reports").entry_points == ["scheduled-job"]
    assert [(d.id, d.technology) for d in model.datastores] == [("orders-db", "postgres")]


def test_env_resolution_and_edges(tree):
    model = _scan(tree)
    edges = {(e.source, e.target, e.kind.value): e for e in model.edges}
    assert set(edges) == {("checkout", "orders", "http"), ("checkout", "cart", "http"),
                          ("checkout", "orders-db", "db"), ("checkout", "payments", "http"),
                          ("reports", "orders-db", "db")}
    cart = edges[("checkout", "cart", "http")].evidence
    # envFrom brings every key (cart-host), valueFrom the one it names (CART_HOST)
    assert [(e.origin.value, e.file, e.line, e.detail) for e in cart] == [
        ("config", "k8s/config.yaml", 8, "env CART_HOST=cart"),
        ("config", "k8s/config.yaml", 8, "env cart-host=cart")]
    orders = edges[("checkout", "orders", "http")].evidence
    assert [(e.origin.value, e.line) for e in orders] == [("manifest", _line(DEPLOY, "ORDERS_URL"))]
    db = edges[("checkout", "orders-db", "db")].evidence
    assert [e.detail for e in db] == ["env DB_URL=****", "env db-url=****"]


def test_secret_values_never_appear(tree):
    text = _scan(tree).to_json()
    assert "TopSecretPw" not in text and "tok-very-secret" not in text
    assert base64.b64encode(SECRET_URL.encode()).decode() not in text


def test_resources_and_facts(tree):
    model = _scan(tree)
    by_kind = {(r.kind, r.name): r for r in model.resources}
    deploy = by_kind[("Deployment", "checkout")]
    assert (deploy.file, deploy.line, deploy.namespace, deploy.service) == \
        ("k8s/checkout.yaml", 1, "shop", "checkout")
    assert deploy.facts["replicas"] == 2 and deploy.facts["images"] == ["shop/checkout:1.4"]
    assert deploy.facts["readiness_probe"] is True and deploy.facts["liveness_probe"] is False
    assert deploy.facts["resource_requests"] is True and deploy.facts["resource_limits"] is False
    assert deploy.facts["run_as_non_root"] is True
    svc = by_kind[("Service", "checkout-svc")]
    assert svc.line == _line(DEPLOY, "kind: Service") - 1 and svc.service == "checkout"
    assert svc.facts["type"] == "LoadBalancer" and svc.facts["ports"][0]["port"] == 80
    hpa = by_kind[("HorizontalPodAutoscaler", "checkout")]
    assert hpa.service == "checkout" and (hpa.facts["min_replicas"], hpa.facts["max_replicas"]) == (2, 10)
    assert by_kind[("PodDisruptionBudget", "checkout-pdb")].service == "checkout"
    assert by_kind[("Ingress", "web")].facts["backends"] == [["cart-svc", "80", "shop.example.com/cart"]]
    assert by_kind[("Ingress", "legacy")].service == "orders"
    assert by_kind[("ConfigMap", "endpoints")].facts == {"keys": ["PAY_HOST", "cart-host"],
                                                         "referenced_by": ["Deployment/checkout"]}
    assert by_kind[("Secret", "creds")].facts == {"keys": ["API_TOKEN", "db-url"], "type": "Opaque",
                                                  "referenced_by": ["Deployment/checkout"]}
    assert by_kind[("ConfigMap", "endpoints")].line == 4  # the List item line
    assert by_kind[("Namespace", "shop")].namespace == "default"
    assert by_kind[("CronJob", "reports")].facts["schedule"] == "0 2 * * *"


def test_app_name_and_self_references_are_not_edges(tree):
    model = _scan(tree)
    assert not any(e.source == "checkout" and e.target == "checkout" for e in model.edges)
    assert not any(x.host in ("orders", "checkout-svc") for x in model.external_endpoints)
    # APP_NAME=orders names no address: the only checkout->orders evidence is ORDERS_URL
    orders = next(e for e in model.edges if (e.source, e.target) == ("checkout", "orders"))
    assert [e.detail.split("=")[0] for e in orders.evidence] == ["env ORDERS_URL"]


def test_namespace_defaults_and_other_namespace_not_joined(tree):
    root = tree({"a.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: a, image: x}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: api-public, namespace: other}
spec: {selector: {app: api}}
"""})
    model = scan([root], ScanOptions(code=False))
    assert model.service("api").namespace == "default" and model.service("api").aliases == []


def test_container_ports_of_the_wrong_type_are_ignored_not_a_crash():
    from analyzer.ingest.manifests.kubernetes import read_kubernetes
    from analyzer.ingest.yamlsafe import load_yaml

    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n"
            "    spec:\n      containers:\n      - name: c\n"
            "        ports: [{containerPort: [1]}, {containerPort: {a: 1}}, {containerPort: 80}]\n")
    docs, problems = load_yaml(text, "k.yaml")
    assert problems == []
    declared, _resources = read_kubernetes([("k.yaml", docs)])
    assert [d.ports for d in declared] == [(80,)]


def test_config_references_cover_volumes_init_containers_pull_secrets_and_tls():
    from analyzer.ingest.manifests.config_refs import config_references
    from analyzer.ingest.manifests.k8s_objects import collect_objects
    from analyzer.ingest.yamlsafe import load_yaml

    text = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    spec:
      imagePullSecrets: [{name: pull}]
      initContainers: [{name: i, envFrom: [{secretRef: {name: init-env}}]}]
      containers: [{name: c}]
      volumes:
        - {name: a, configMap: {name: files}}
        - {name: b, secret: {secretName: certs}}
        - {name: p, projected: {sources: [{configMap: {name: proj}}]}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec: {tls: [{secretName: tls}]}
"""
    documents, problems = load_yaml(text, "k8s/app.yaml")
    refs = config_references(collect_objects("k8s/app.yaml", documents))
    assert problems == []
    assert refs == {("Secret", "shop", "pull"): ["Deployment/cart"],
                    ("Secret", "shop", "init-env"): ["Deployment/cart"],
                    ("ConfigMap", "shop", "files"): ["Deployment/cart"],
                    ("Secret", "shop", "certs"): ["Deployment/cart"],
                    ("ConfigMap", "shop", "proj"): ["Deployment/cart"],
                    ("Secret", "shop", "tls"): ["Ingress/web"]}
