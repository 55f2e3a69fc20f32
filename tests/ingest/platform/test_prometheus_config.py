"""prometheus.yml: scrape jobs as ScrapeConfig facts, and what Prometheus itself rejects."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from analyzer.ingest.platform.prometheus import regex_problem, target_problem
from analyzer.model import Severity
from platformfacts import codes, kinds

COMPOSE = "services:\n  orders:\n    image: acme/orders:1\n  payments:\n    image: acme/payments:1\n"


def _prom(jobs: str) -> dict[str, str]:
    return {"docker-compose.yml": COMPOSE, "prometheus/prometheus.yml":
            "global:\n  scrape_interval: 15s\nrule_files: [alerts.yml]\nscrape_configs:\n" + jobs}


def test_jobs_become_scrape_configs_with_their_services(scan_tree):
    model = scan_tree(_prom("  - job_name: orders\n    static_configs:\n"
                            "      - targets: ['orders:8080', 'orders.shop.svc.cluster.local:8080']\n"
                            "  - job_name: k8s\n    kubernetes_sd_configs:\n      - role: pod\n"))
    jobs = {r.name: r for r in kinds(model, "ScrapeConfig")}
    assert jobs["orders"].facts["services"] == ["orders"]
    assert [t["line"] for t in jobs["orders"].facts["targets"]] == [7, 7]
    assert jobs["orders"].facts["valid"] is True
    assert jobs["k8s"].facts["discovery"] == ["kubernetes_sd_configs"]
    config = kinds(model, "PrometheusConfig")[0]
    assert config.facts == {"rule_files": ["alerts.yml"], "jobs": ["k8s", "orders"]}
    assert codes(model) == []


def test_what_prometheus_rejects_is_an_error_with_its_line(scan_tree):
    model = scan_tree(_prom(
        "  - job_name: orders\n    static_configs:\n      - targets: ['http://orders:8080']\n"
        "  - job_name: orders\n    scheme: ftp\n    static_configs:\n"
        "      - targets: ['payments:99999']\n"
        "    relabel_configs:\n      - source_labels: [__address__]\n        regex: '(?=x).*'\n"
        "      - action: explode\n"))
    assert codes(model) == [("prometheus-bad-scheme", 9), ("prometheus-duplicate-job", 8),
                            ("prometheus-invalid-relabel", 14),
                            ("prometheus-invalid-relabel", 15),
                            ("prometheus-invalid-target", 7),
                            ("prometheus-invalid-target", 11)]
    assert not any(r.facts["valid"] for r in kinds(model, "ScrapeConfig"))


@pytest.mark.parametrize("target,severity", [
    ("orders:8080", None), ("10.0.0.5:9100", None), ("[::1]:9090", None), ("orders", None),
    ("http://orders:8080", Severity.ERROR), ("orders:8080/metrics", Severity.ERROR),
    ("or ders:80", Severity.ERROR), ("", Severity.ERROR), ("orders:http", Severity.WARNING),
    ("orders:0", Severity.WARNING),
])
def test_target_checks(target, severity):
    problem = target_problem(target)
    assert (problem[1] if problem else None) == severity


@pytest.mark.parametrize("pattern,ok", [
    ("(.*):\\d+", True), ("orders|payments", True), ("a(b", False), ("(?=x)", False),
    ("(?<!x)y", False), ("(a)\\1", False), ("a++", False), ("x" * 5000, True),
])
def test_relabel_regexes_are_checked_as_re2_would(pattern, ok):
    assert (regex_problem(pattern) is None) == ok


def test_ten_thousand_jobs_are_capped_with_a_diagnostic(scan_tree):
    jobs = "".join(f"  - job_name: job{i}\n    static_configs:\n      - targets: ['h{i}:80']\n"
                   for i in range(10_000))
    start = time.monotonic()
    model = scan_tree(_prom(jobs))
    assert time.monotonic() - start < 120  # no hang
    assert len(kinds(model, "ScrapeConfig")) == 2_000
    assert ("platform-too-many", 5) in codes(model)


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed")
def test_promtool_results_are_diagnostics(scan_tree):
    model = scan_tree(_prom("  - job_name: a\n    scrape_interval: 5x\n"
                            "    static_configs:\n      - targets: ['orders:1']\n"))
    found = [d for d in model.diagnostics if d.code == "promtool"]
    assert len(found) == 1 and 'not a valid duration string: "5x"' in found[0].message
    assert found[0].file == "prometheus/prometheus.yml"
    assert "/tmp" not in found[0].message  # the real path is replaced by the label


def test_without_promtool_nothing_is_said(scan_tree, monkeypatch):
    monkeypatch.setenv("PATH", os.devnull)
    model = scan_tree(_prom("  - job_name: a\n    scrape_interval: 5x\n"))
    assert not [d for d in model.diagnostics if d.code == "promtool"]
