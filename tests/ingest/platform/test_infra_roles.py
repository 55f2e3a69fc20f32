"""Infrastructure classification: monitoring/logging/tracing stacks and registries are infra,
gateways keep their own role, and no graph rule judges infrastructure."""

from __future__ import annotations

import pytest

from analyzer.analysis import compute_metrics
from analyzer.analysis.graph import INFRA, build_graph, service_graph
from analyzer.engine import judge, load_builtin_rules
from analyzer.ingest.platform.roles import classify_role
from analyzer.model import ServiceRole

COMPOSE = """services:
  api:
    image: acme/api:1.0
    ports: ["8080:8080"]
  prometheus:
    image: prom/prometheus:v2.51.0
    ports: ["9090:9090"]
  grafana:
    image: grafana/grafana:10.4.1
    environment:
      GF_DATASOURCE_URL: http://prometheus:9090
  node-exporter:
    image: prom/node-exporter:v1.7.0
  worker:
    image: acme/worker:1.0
"""


@pytest.mark.parametrize("name,image,role", [
    ("prometheus", "prom/prometheus:v2.51.0", ServiceRole.INFRA),
    ("monitoring", "grafana/grafana", ServiceRole.INFRA),
    ("logs", "docker.elastic.co/logstash/logstash:8.13.0", ServiceRole.INFRA),
    ("shipper", "fluent/fluent-bit:3.0", ServiceRole.INFRA),
    ("tracing", "jaegertracing/all-in-one:1.56", ServiceRole.INFRA),
    ("pg-metrics", "quay.io/prometheuscommunity/postgres-exporter", ServiceRole.INFRA),
    ("cadvisor", None, ServiceRole.INFRA),
    ("config-server", "acme/config-server:1.0", ServiceRole.INFRA),
    ("edge", "kong:3.6", ServiceRole.GATEWAY),
    ("api-gateway", "acme/api-gateway:2", ServiceRole.GATEWAY),
    ("pushgateway", "prom/pushgateway", ServiceRole.INFRA),
    ("orders", "acme/orders:1.2", ServiceRole.SERVICE),
    ("vectorizer", "acme/vectorizer:1", ServiceRole.SERVICE),
])
def test_roles_follow_image_then_name(name, image, role):
    assert classify_role(name, image) == role


def test_prometheus_and_grafana_are_no_orphans_and_stay_out_of_the_service_graph(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE})
    roles = {s.id: s.role.value for s in model.services}
    assert roles == {"api": "service", "grafana": "infra", "node-exporter": "infra",
                     "prometheus": "infra", "worker": "service"}
    graph = build_graph(model)
    assert graph.nodes["prometheus"]["kind"] == INFRA
    assert ("grafana", "prometheus") in graph.edges  # drawn and reported ...
    assert "prometheus" not in service_graph(model, graph)  # ... but not a dependency
    assert "prometheus" not in [m.service for m in compute_metrics(model).services]
    rules = [r for r in load_builtin_rules()[0] if r.pack != "readiness"]
    findings, _ = judge(model, compute_metrics(model), rules)
    orphans = sorted(f.subject for f in findings if f.rule_id == "orphan-service")
    assert orphans == ["worker"]  # the application service nobody calls, nothing else
