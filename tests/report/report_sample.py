"""A hand-built AuditResult for the reporter tests: a few services, datastores, a cycle,
two kinds of edge between one pair, an undeclared node, diagnostics, findings, and a
hostile service name and evidence detail to prove the reports escape everything.

Code-level facts too: inbound routes (an RPC method, a hostile path, and one service with
more routes than the report shows open), aliases, masked environment, edges seen in code
only (CODE_ONLY) next to declared ones, and a literal address in code."""

from __future__ import annotations

from analyzer.model import (
    AuditResult, CodeLiteralAddress, Datastore, DatastoreCategory, Diagnostic, Edge, EdgeKind,
    EnvVar, Evidence, Finding, GraphMetrics, Location, Origin, RouteFact, Service,
    ServiceMetrics, Severity, SystemModel, Topic,
)

HOSTILE_SERVICE = "<script>alert(1)</script>"
HOSTILE_DETAIL = '"><img src=x onerror=alert(1)>'
TOPIC = "topic:order.created"
SERVICES = ("gateway", "inventory", "orders", "payments", HOSTILE_SERVICE)
CODE_ONLY = {  # edges no manifest or config declares (source, target, kind)
    ("gateway", "orders", "http"),  # code and runtime: still undeclared
    ("orders", "payments", "grpc"),  # through a literal address
    ("orders", "inventory", "async"),
    ("inventory", "legacy-erp", "http"),
    (HOSTILE_SERVICE, "gateway", "http"),
}
ORDERS_ROUTES = ("/orders", "/orders/{id}", "/orders/{id}/cancel", "/orders/{id}/items",
                 "/orders/{id}/refund", "/orders/search", "/healthz")


def ev(origin: str, file: str | None = None, line: int | None = None, detail: str = "") -> Evidence:
    return Evidence(origin=Origin(origin), file=file, line=line, detail=detail)


def _env(key: str, value: str, file: str, line: int, masked: bool = False) -> EnvVar:
    return EnvVar(key=key, value=value, masked=masked,
                  evidence=ev("manifest", file, line, f"env {key}={value}"))


def sample_model() -> SystemModel:
    services = [
        Service(id="gateway", image="shop/gateway:1.4", source_dir="services/gateway",
                ports=[8080], entry_points=["GET /", "POST /checkout"],
                declared_in=[ev("manifest", "docker-compose.yml", 3, "service gateway")]),
        Service(id="orders", image="shop/orders:2.0", source_dir="services/orders",
                namespace="shop", replicas=2,
                aliases=["orders-svc", "orders.shop.svc.cluster.local"],
                declared_in=[ev("manifest", "k8s/orders.yaml", 1, "Deployment orders")],
                env=[_env("DATABASE_URL", "****", "k8s/orders.yaml", 30, masked=True),
                     _env("LOG_LEVEL", "info", "k8s/orders.yaml", 32),
                     _env("LOG_LEVEL", "info", "docker-compose.yml", 12)]),
        Service(id="payments", image="shop/payments:2.1", source_dir="services/payments",
                declared_in=[ev("manifest", "docker-compose.yml", 20, "service payments")]),
        Service(id="inventory", source_dir="services/inventory"),
        Service(id=HOSTILE_SERVICE, image="evil:latest",
                declared_in=[ev("manifest", "docker-compose.yml", 40, HOSTILE_DETAIL)]),
    ]
    datastores = [
        Datastore(id="orders-db", technology="postgres", category=DatastoreCategory.DB,
                  image="postgres:16", declared_in=[ev("manifest", "docker-compose.yml", 50)],
                  aliases=["orders-postgres"]),
        Datastore(id="cache", technology="redis", category=DatastoreCategory.CACHE,
                  image="redis:7"),
    ]
    edges = [
        Edge(source="gateway", target="orders", kind=EdgeKind.HTTP,
             evidence=[ev("code", "services/gateway/app.py", 12, "requests.post http://orders/orders"),
                       ev("runtime", detail="http_requests_total 42/s")]),
        Edge(source="orders", target="payments", kind=EdgeKind.GRPC,
             evidence=[ev("code", "services/orders/pay.py", 7, "PaymentsStub.Charge")]),
        Edge(source="orders", target="payments", kind=EdgeKind.DEPENDS_ON,
             evidence=[ev("manifest", "docker-compose.yml", 15, "depends_on: payments")]),
        Edge(source="payments", target="orders", kind=EdgeKind.HTTP,
             evidence=[ev("config", "services/payments/.env", 3, "ORDERS_URL=http://orders:8080")]),
        Edge(source="orders", target="orders-db", kind=EdgeKind.DB,
             evidence=[ev("config", "k8s/orders.yaml", 30, "DATABASE_URL=postgres://orders-db/orders")]),
        Edge(source="orders", target="inventory", kind=EdgeKind.ASYNC,
             evidence=[ev("code", "services/orders/events.py", 21, "publish order.created")]),
        Edge(source="orders", target=TOPIC, kind=EdgeKind.ASYNC,
             evidence=[ev("code", "services/orders/events.py", 21, "producer.send order.created"),
                       ev("manifest", "k8s/orders.yaml", 34, "env ORDER_TOPIC=order.created"),
                       ev("manifest", "docker-compose.yml", 14, "env ORDER_TOPIC=order.created")]),
        Edge(source=TOPIC, target="inventory", kind=EdgeKind.ASYNC,
             evidence=[ev("code", "services/inventory/consumer.py", 5, "subscribe order.created"),
                       ev("config", "services/inventory/application.yml", 8, "topic: order.created")]),
        Edge(source="inventory", target="cache", kind=EdgeKind.CACHE,
             evidence=[ev("config", "services/inventory/settings.py", 4, "REDIS_URL")]),
        Edge(source="inventory", target="legacy-erp", kind=EdgeKind.HTTP,
             evidence=[ev("code", "services/inventory/erp.py", 9, "http://legacy-erp/api")]),
        Edge(source=HOSTILE_SERVICE, target="gateway", kind=EdgeKind.HTTP,
             evidence=[ev("code", "evil/main.py", 1, HOSTILE_DETAIL)]),
    ]
    diagnostics = [
        Diagnostic(severity=Severity.WARNING, code="yaml-parse", file="k8s/broken.yaml", line=7,
                   message="mapping values are not allowed here"),
        Diagnostic(severity=Severity.INFO, code="helm-template", file="charts/shop/templates/deploy.yaml",
                   message="Helm template skipped"),
    ]
    topics = [Topic(id=TOPIC, name="order.created", system="kafka",
                    declared_in=[ev("code", "services/orders/events.py", 3, "ORDER_CREATED")])]
    routes = [RouteFact(service="orders", method="GET" if "search" in path else "POST",
                        path=path, framework="fastapi", file="services/orders/api.py", line=10 + i)
              for i, path in enumerate(ORDERS_ROUTES)]
    routes += [
        RouteFact(service="gateway", method="GET", path="/", framework="express",
                  file="services/gateway/server.js", line=4),
        RouteFact(service="gateway", method="POST", path="/checkout", framework="express",
                  file="services/gateway/server.js", line=9),
        RouteFact(service="payments", method="RPC", path="payments.v1.Payments/Charge",
                  framework="grpc", file="services/payments/server.py", line=22),
        RouteFact(service=HOSTILE_SERVICE, method="GET", path="/" + HOSTILE_DETAIL,
                  framework="flask", file="evil/main.py", line=3),
    ]
    literal = CodeLiteralAddress(service="orders", host="payments", target="payments",
                                 evidence=ev("code", "services/orders/pay.py", 7,
                                             'grpc.Dial("payments:50051")'))
    return SystemModel(roots=["/srv/checkout/shop"], services=services, datastores=datastores,
                       topics=topics, edges=edges, diagnostics=diagnostics, routes=routes,
                       literal_addresses=[literal])


def sample_metrics() -> GraphMetrics:
    rows = {  # fan_in, fan_out, sync_depth, blast_radius
        "gateway": (1, 1, 3, 1), "orders": (2, 3, 2, 3), "payments": (1, 1, 2, 3),
        "inventory": (1, 0, 0, 4), HOSTILE_SERVICE: (0, 1, 4, 0),
    }
    return GraphMetrics(
        services=[ServiceMetrics(service=s, fan_in=i, fan_out=o,
                                 instability=round(o / (i + o), 2) if i + o else 0.0,
                                 sync_depth=d, blast_radius=b)
                  for s, (i, o, d, b) in sorted(rows.items())],
        components=[["orders", "payments"]],
        cycles=[["orders", "payments"]],
    )


def sample_findings() -> list[Finding]:
    def finding(rule: str, sev: Severity, subject: str, kind: str, msg: str,
                file: str | None = None, line: int | None = None) -> Finding:
        return Finding(rule_id=rule, severity=sev, subject=subject, subject_kind=kind, message=msg,
                       location=Location(file=file, line=line),
                       fingerprint=Finding.make_fingerprint(rule, subject))
    return [
        finding("no-sync-cycles", Severity.ERROR, "orders -> payments", "edge",
                "orders and payments call each other synchronously", "services/orders/pay.py", 7),
        finding("fan-out-max", Severity.WARNING, "orders", "service",
                "orders depends on 3 services (max 2)"),
        finding("image-tag-pinned", Severity.WARNING, HOSTILE_SERVICE, "service",
                f"image evil:latest uses the latest tag {HOSTILE_DETAIL}", "docker-compose.yml", 40),
        finding("dead-service", Severity.INFO, "inventory", "service",
                "inventory is only reached asynchronously"),
    ]


def sample_result() -> AuditResult:
    return AuditResult(model=sample_model(), metrics=sample_metrics(), findings=sample_findings(),
                       rules_evaluated=["no-sync-cycles", "fan-out-max", "image-tag-pinned", "dead-service"])
