"""Golden test: archgov's view of fixtures/platform must equal fixtures/platform/expected.yaml.

The acceptance test of the platform readers (Kong routes, Prometheus, Grafana, Fluent Bit,
GitHub Actions, Flyway), of infrastructure classification and of the readiness pack: every
planted gap is found, no clean service is reported, and Prometheus/Grafana are no orphans.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from analyzer.config import Settings
from analyzer.ingest import scan
from analyzer.ingest.options import ScanOptions
from analyzer.model import AuditResult, SystemModel
from analyzer.pipeline import run_audit

PLATFORM = Path(__file__).resolve().parents[1] / "fixtures" / "platform"
SECRET_VALUES = ("s3cr3t-platform-orders", "s3cr3t-platform-payments")
GRAPH_RULES = {"orphan-service", "max-fan-in", "max-fan-out", "no-service-cycles",
               "shared-datastore", "hard-coded-endpoint"}


@cache
def expected() -> dict:
    return yaml.safe_load((PLATFORM / "expected.yaml").read_text(encoding="utf-8"))


@cache
def model() -> SystemModel:
    return scan([PLATFORM], ScanOptions(cache_dir=""))


@cache
def audit() -> AuditResult:
    return run_audit([PLATFORM], Settings.default(), ScanOptions(cache_dir=""))


def _expected_rules() -> set[str]:
    readiness = Path(__file__).resolve().parents[1] / "rules" / "readiness"
    mine = {p.stem for p in readiness.glob("*.yaml")
            if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] in ("presence", "exclusive")}
    return mine | GRAPH_RULES


def test_services_and_roles_match_expected():
    got = sorted((s.id, s.role.value) for s in model().services)
    assert got == sorted((s["id"], s["role"]) for s in expected()["services"])
    assert sorted(d.id for d in model().datastores) == expected()["datastores"]


def test_edges_and_origins_match_expected():
    got = {e.key: sorted({o.value for o in e.origins}) for e in model().edges}
    want = {(e["source"], e["target"], e["kind"]): sorted(e["origins"])
            for e in expected()["edges"]}
    assert got == want


def test_gateway_route_edges_point_at_the_route_lines():
    edge = next(e for e in model().edges if e.key == ("kong", "payments", "http"))
    routes = [ev for ev in edge.evidence if ev.origin.value == "config"]
    assert [(ev.file, ev.line) for ev in routes] == [("kong/kong.yml", 38)]
    assert "payments-route" in routes[0].detail


def test_platform_resources_match_expected():
    counts = Counter(r.kind for r in model().resources if r.kind in expected()["resources"])
    assert dict(counts) == expected()["resources"]


def test_diagnostics_match_expected():
    got = {(d.code, d.file, d.line) for d in model().diagnostics
           if d.code not in ("history-not-git", "promtool")}
    assert got == {(d["code"], d["file"], d["line"]) for d in expected()["diagnostics"]}


def test_findings_equal_expected_and_infra_is_never_judged():
    mine = _expected_rules()
    got = {(f.rule_id, f.subject) for f in audit().findings if f.rule_id in mine}
    want = {(f["rule"], f["subject"]) for f in expected()["findings"]}
    missing, extra = sorted(want - got), sorted(got - want)
    assert not missing and not extra, f"missing {missing}\nextra {extra}"
    infra = {s.id for s in model().services if s.is_infra}
    assert not [f for f in audit().findings if f.subject in infra]


def test_no_secret_reaches_the_facts():
    text = model().to_json()
    assert not [s for s in SECRET_VALUES if s in text]


def test_platform_facts_are_byte_identical_across_runs():
    again = scan([PLATFORM], ScanOptions(cache_dir=""))
    assert again.to_json() == model().to_json()
