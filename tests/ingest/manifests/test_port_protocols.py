"""Port protocols from Kubernetes port names, appProtocol and gRPC probes decide env edge kinds."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.port_protocols import port_protocols, protocol_of

CALLER = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: acme/web:1
          env:
            - {name: LEDGER_ADDR, value: "ledger:6000"}
            - {name: PRICES_ADDR, value: "prices:80"}
            - {name: STOCK_ADDR, value: "stock"}
            - {name: AUDIT_URL, value: "http://audit:7000"}
"""

CALLEES = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger}
spec:
  selector: {matchLabels: {app: ledger}}
  template:
    metadata: {labels: {app: ledger}}
    spec:
      containers:
        - name: ledger
          image: acme/ledger:1
          ports: [{containerPort: 9000}]
---
apiVersion: v1
kind: Service
metadata: {name: ledger}
spec:
  selector: {app: ledger}
  ports: [{name: grpc-ledger, port: 6000, targetPort: 9000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: prices}
spec:
  selector: {matchLabels: {app: prices}}
  template:
    metadata: {labels: {app: prices}}
    spec:
      containers:
        - name: prices
          image: acme/prices:1
          ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: prices}
spec:
  selector: {app: prices}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: stock}
spec:
  selector: {matchLabels: {app: stock}}
  template:
    metadata: {labels: {app: stock}}
    spec:
      containers:
        - name: stock
          image: acme/stock:1
          ports: [{containerPort: 5005}]
          readinessProbe:
            exec: {command: ["/bin/grpc_health_probe", "-addr=:5005"]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: audit}
spec:
  selector: {matchLabels: {app: audit}}
  template:
    metadata: {labels: {app: audit}}
    spec:
      containers:
        - name: audit
          image: acme/audit:1
          ports: [{name: grpc, containerPort: 7000}]
"""


def test_protocol_of_reads_names_and_app_protocol():
    assert protocol_of("grpc") == "grpc"
    assert protocol_of("grpc-orders") == "grpc"
    assert protocol_of("http-metrics") == "http"
    assert protocol_of("tcp-db") is None
    assert protocol_of("metrics") is None
    assert protocol_of("web", "kubernetes.io/h2c") == "http"
    assert protocol_of("http", "grpc") == "grpc"  # appProtocol is explicit and wins
    assert protocol_of(None) is None


def test_port_protocols_maps_service_and_target_ports_and_probes():
    containers = [{"ports": [{"name": "api", "containerPort": 8443}],
                   "livenessProbe": {"grpc": {"port": "api"}}},
                  {"readinessProbe": {"exec": {"command": ["grpc_health_probe", "-addr=localhost:7070"]}}}]
    services = [{"ports": [{"name": "grpc", "port": 443, "targetPort": "api"},
                           {"name": "http-admin", "port": 9090, "targetPort": 9091}]}]
    assert port_protocols(containers, services) == (
        (443, "grpc"), (7070, "grpc"), (8443, "grpc"), (9090, "http"), (9091, "http"))


def test_port_named_both_ways_is_left_out():
    services = [{"ports": [{"name": "grpc", "port": 80}]}, {"ports": [{"name": "http", "port": 80}]}]
    assert port_protocols([], services) == ()


def test_env_edges_take_the_protocol_the_callee_declares(tree):
    root = tree({"k8s/web.yaml": CALLER, "k8s/backends.yaml": CALLEES})
    model = scan([root], ScanOptions(code=False))
    kinds = {(e.target, e.kind.value) for e in model.edges if e.source == "web"}
    assert kinds == {("ledger", "grpc"),  # Service port 6000 is named grpc-ledger
                     ("prices", "http"),  # named http
                     ("stock", "grpc"),   # no port in the value; its only protocol is grpc
                     ("audit", "http")}   # an explicit http:// scheme is never overridden
