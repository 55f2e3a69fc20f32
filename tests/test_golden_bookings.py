"""Golden test: the bookings sample system (a Spring Cloud polyrepo) against its expected.yaml.

fixtures/bookings is shaped unlike fixtures/shop on purpose: one deploy repo plus one repo
per service, scanned as several roots, with dependencies hidden behind Eureka ids, Feign,
lb:// routes, a config server's config-repo and Spring profiles. expected.yaml is what an
architect states after reading the code; this test measures how close archgov comes to it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from analyzer.config import Settings
from analyzer.ingest import scan
from analyzer.ingest.options import ScanOptions
from analyzer.model import AuditResult, SystemModel
from analyzer.pipeline import run_audit

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "bookings"
OPTIONS = ScanOptions(code=True, jobs=1, cache_dir="")
# The graph rules expected.yaml judges; readiness and other rule families are not its concern.
GRAPH_RULES = frozenset({"no-service-cycles", "max-fan-out", "max-fan-in", "shared-datastore",
                         "hard-coded-endpoint", "orphan-service"})
# Values planted in the deploy repo that must never reach any output.
SECRETS = ("b00king-db-pw", "pa55-payments-db", "cust0mer-db-pw", "SG.not-a-real-key")

Key = tuple[str, str, str]


def test_roots_are_the_deploy_repo_and_every_service_repo() -> None:
    repos = sorted(p.name for p in (FIXTURE / "repos").iterdir() if p.is_dir())
    assert _expected()["roots"] == ["deploy"] + [f"repos/{name}" for name in repos]


def test_services_and_datastores() -> None:
    model = _model()
    expected = _expected()
    assert sorted(s.id for s in model.services) == sorted(expected["services"])
    assert sorted((d.id, d.category.value) for d in model.datastores) == sorted(
        (d["id"], d["category"]) for d in expected["datastores"])


def test_every_service_source_is_its_repo() -> None:
    model = _model()
    sources = {s.id: s.source_dir for s in model.services}
    assert sources == {sid: sid for sid in _expected()["services"]}, sources


def test_full_scan_edges_equal_expected() -> None:
    actual = {e.key for e in _model().edges}
    expected = _expected_edges()
    missing, extra = expected - actual, actual - expected
    hit = len(expected & actual)
    precision = hit / len(actual) if actual else 0.0
    recall = hit / len(expected) if expected else 1.0
    report = [f"precision {precision:.3f}  recall {recall:.3f}  "
              f"({hit} of {len(expected)} expected, {len(actual)} found)"]
    report += [f"  missing  {s} -> {t} [{k}]" for s, t, k in sorted(missing)]
    report += [f"  extra    {s} -> {t} [{k}]" + _where(s, t, k) for s, t, k in sorted(extra)]
    assert not missing and not extra, "\n".join(report)


def test_topics_are_nodes() -> None:
    assert sorted(t.id for t in _model().topics) == sorted(_expected()["topics"])


def test_entry_points() -> None:
    model = _model()
    actual = {s.id: sorted(s.entry_points) for s in model.services if s.entry_points}
    expected = {sid: sorted(reasons) for sid, reasons in _expected()["entry_points"].items()}
    assert actual == expected


def test_findings_equal_expected() -> None:
    result = _audit()
    actual = {(f.rule_id, f.subject) for f in result.findings if f.rule_id in GRAPH_RULES}
    expected = {(f["rule"], f["subject"]) for f in _expected()["findings"]}
    missing, extra = sorted(expected - actual), sorted(actual - expected)
    assert not missing and not extra, f"missing {missing}\nextra {extra}"


@pytest.mark.parametrize("secret", SECRETS)
def test_secret_values_never_reach_the_facts(secret: str) -> None:
    assert secret not in _model().to_json()


def test_planted_not_edges_stay_out() -> None:
    """Spot checks with a clearer message than the full diff for the traps planted on purpose."""
    keys = {e.key for e in _model().edges}
    pairs = {(s, t) for s, t, _ in keys}
    assert ("config-server", "payments-db") not in pairs, "config-repo files belong to their service"
    assert ("hotel-service", "booking-service") not in pairs, "src/test/** is not production code"
    assert ("pricing-engine", "booking-service") not in pairs, "tests/** is not production code"
    assert ("booking-service", "notification-service") not in pairs, "integration tests are not calls"
    assert not any("insurance" in s or "insurance" in t for s, t in pairs), "commented-out / target/"
    endpoints = {(x.service, x.host) for x in _model().external_endpoints}
    assert ("booking-service", "172.16.8.21") not in endpoints, "target/ is build output"


# --- helpers --------------------------------------------------------------------------------

@cache
def _expected() -> dict:
    return yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))


def _expected_edges() -> set[Key]:
    return {(e["source"], e["target"], e["kind"]) for e in _expected()["edges"]}


def _roots() -> list[Path]:
    return [FIXTURE / rel for rel in _expected()["roots"]]


@cache
def _model() -> SystemModel:
    return scan(_roots(), OPTIONS)


@cache
def _audit() -> AuditResult:
    return run_audit(_roots(), Settings.default(), OPTIONS)


def _where(source: str, target: str, kind: str) -> str:
    """The first evidence of an unexpected edge, so a failure says which file produced it."""
    for edge in _model().edges:
        if edge.key == (source, target, kind) and edge.evidence:
            ev = edge.evidence[0]
            return f"   ({ev.origin.value} {ev.file}:{ev.line or ''} {ev.detail})"
    return ""
