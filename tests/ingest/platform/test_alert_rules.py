"""Alert rules (rule files, PrometheusRule), ServiceMonitors/PodMonitors and scrape
annotations: which services each watches or scrapes."""

from __future__ import annotations

from analyzer.ingest.platform.alerting import read_annotations
from analyzer.ingest.platform.common import ServiceIndex
from analyzer.model import Resource, Service, SystemModel
from platformfacts import kinds

COMPOSE = ("services:\n  orders:\n    image: acme/orders:1\n  payments:\n    image: acme/payments:1\n"
           "  catalog:\n    image: acme/catalog:1\n")
PROM = ("scrape_configs:\n  - job_name: orders\n    static_configs:\n      - targets: ['orders:8080']\n"
        "  - job_name: payments\n    static_configs:\n      - targets: ['payments:8080']\n")


def test_alerts_watch_the_services_their_matchers_name(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, "prometheus.yml": PROM,
                       "alerts/rules.yml": """groups:
  - name: apps
    rules:
      - alert: Down
        expr: up{job=~"orders|catalog"} == 0
      - alert: Errors
        expr: rate(errors_total{service="payments", env!="dev"}[5m]) > 1
        labels: {severity: page}
      - alert: AnythingDown
        expr: up == 0
      - alert: UnknownJob
        expr: up{job="legacy"} == 0
      - record: job:up:sum
        expr: sum by (job) (up)
"""})
    alerts = {r.name: r.facts for r in kinds(model, "AlertRule")}
    assert sorted(alerts) == ["AnythingDown", "Down", "Errors", "UnknownJob"]
    assert alerts["Down"]["services"] == ["catalog", "orders"]
    assert alerts["Errors"]["services"] == ["payments"]
    assert alerts["Errors"]["severity"] == "page"
    assert alerts["AnythingDown"]["generic"] is True
    assert alerts["AnythingDown"]["services"] == ["orders", "payments"]  # every scraped one
    assert alerts["UnknownJob"]["services"] == [] and alerts["UnknownJob"]["generic"] is False


def test_prometheus_rule_and_service_monitor_objects(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, "k8s/monitoring.yaml": """apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: orders-rules}
spec:
  groups:
    - name: orders
      rules:
        - alert: OrdersLatency
          expr: histogram_quantile(0.99, rate(latency_bucket{app="orders"}[5m])) > 1
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: payments, namespace: shop}
spec:
  selector:
    matchLabels: {app: payments}
  endpoints:
    - port: http
"""})
    alert = kinds(model, "AlertRule")[0]
    assert (alert.name, alert.facts["services"], alert.facts["origin"]) == (
        "OrdersLatency", ["orders"], "PrometheusRule")
    monitor = kinds(model, "ScrapeConfig")[0]
    assert monitor.facts["discovery"] == ["ServiceMonitor"]
    assert monitor.facts["services"] == ["payments"] and monitor.namespace == "shop"


def test_scrape_annotations_are_read_when_workload_facts_carry_them():
    model = SystemModel(services=[Service(id="orders"), Service(id="payments")], resources=[
        Resource(kind="Deployment", name="orders", file="k8s/orders.yaml", line=1,
                 service="orders", facts={"pod_annotations": {"prometheus.io/scrape": "true",
                                                               "prometheus.io/port": "9102"}}),
        Resource(kind="Deployment", name="payments", file="k8s/payments.yaml", line=1,
                 service="payments", facts={"replicas": 2}),  # no annotations fact at all
    ])
    found = read_annotations(model.resources, ServiceIndex(model))
    assert [(r.service, r.facts["port"], r.facts["discovery"]) for r in found] == [
        ("orders", "9102", ["annotation"])]
