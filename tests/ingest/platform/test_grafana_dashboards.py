"""Grafana dashboards and provisioning; huge and deep dashboards are bounded."""

from __future__ import annotations

import json
import time

from platformfacts import codes, kinds

COMPOSE = "services:\n  orders:\n    image: acme/orders:1\n  payments:\n    image: acme/payments:1\n"


def test_dashboards_name_the_services_their_queries_title_and_tags_show(scan_tree):
    dashboard = {"title": "Shop overview", "tags": ["payments"], "uid": "shop", "panels": [
        {"type": "row", "panels": [{"targets": [{"expr": 'rate(x{job="orders"}[5m])'}]}]}]}
    model = scan_tree({"docker-compose.yml": COMPOSE,
                       "grafana/dashboards/shop.json": json.dumps(dashboard),
                       "package.json": '{"name": "x", "panels": []}',
                       "grafana/provisioning/datasources/ds.yml":
                           "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n"
                           "    url: http://prometheus:9090\n"})
    [found] = kinds(model, "Dashboard")
    assert found.facts["services"] == ["orders", "payments"] and found.facts["panels"] == 2
    [provisioning] = kinds(model, "GrafanaProvisioning")
    assert provisioning.facts["datasources"] == [
        {"name": "P", "type": "prometheus", "url": "http://prometheus:9090"}]


def test_a_huge_dashboard_is_capped_with_a_diagnostic(scan_tree):
    panels = [{"type": "stat", "targets": [{"expr": f'up{{job="orders", i="{i}"}}'}]}
              for i in range(20_000)]
    start = time.monotonic()
    model = scan_tree({"docker-compose.yml": COMPOSE,
                       "dash.json": json.dumps({"title": "Big", "panels": panels})})
    assert time.monotonic() - start < 120  # no hang
    assert kinds(model, "Dashboard")[0].facts["panels"] == 2_000
    assert ("platform-too-many", None) in codes(model)


def test_deep_and_broken_dashboards_are_diagnostics(scan_tree):
    deep = '{"panels": ' + "[" * 5_000 + "]" * 5_000 + "}"
    model = scan_tree({"docker-compose.yml": COMPOSE, "deep.json": deep,
                       "broken.json": '{"panels": [}'})
    assert [d.code for d in model.diagnostics if d.file in ("deep.json", "broken.json")] == [
        "json-parse-error", "json-too-deep"]
    assert kinds(model, "Dashboard") == []
