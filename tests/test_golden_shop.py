"""Golden test: archgov's view of fixtures/shop must equal what fixtures/shop/expected.yaml says.

expected.yaml is the truth an architect reads off the files; this test is the acceptance test
of the ingestors (compose, Kubernetes, code) and of the architecture rules. On a mismatch it
prints precision, recall and the missing/extra items so the culprit is obvious.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml

from analyzer.config import Settings
from analyzer.ingest import scan
from analyzer.ingest.options import ScanOptions
from analyzer.model import SystemModel
from analyzer.pipeline import run_audit

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "shop"
SECRET_VALUES = ("s3cr3t-shop-db-pass", "s3cr3t-shop-inv-pass")
MANIFEST_ORIGINS = {"manifest", "config"}


@cache
def expected() -> dict:
    return yaml.safe_load((SHOP / "expected.yaml").read_text(encoding="utf-8"))


@cache
def shop_model(code: bool) -> SystemModel:
    return scan([SHOP], _options(code))


def test_manifest_edges_match_expected():
    want = {_key(e) for e in expected()["edges"] if MANIFEST_ORIGINS & set(e["origins"])}
    got = {e.key for e in shop_model(code=False).edges}
    assert got == want, _edge_report(got, want, "manifests only (code=False)")


def test_full_scan_edges_match_expected():
    want = {_key(e) for e in expected()["edges"]}
    got = {e.key for e in shop_model(code=True).edges}
    assert got == want, _edge_report(got, want, "full scan (code=True)")


def test_code_only_edges_are_exactly_those_marked_code():
    """Edges with no manifest/config origin in expected.yaml must come from code evidence."""
    model = shop_model(code=True)
    by_key = {e.key: e for e in model.edges}
    code_only = [_key(e) for e in expected()["edges"] if set(e["origins"]) == {"code"}]
    assert code_only, "the fixture must plant code-only edges"
    for key in code_only:
        edge = by_key.get(key)
        assert edge is not None, f"code-only edge {key} not found"
        assert {o.value for o in edge.origins} == {"code"}, \
            f"{key}: expected only code evidence, got {sorted(o.value for o in edge.origins)}"


def test_manifest_and_config_origins_match_expected():
    """ConfigMap/env-file values count as config, compose/Kubernetes env as manifest."""
    got = {e.key: {o.value for o in e.origins} & MANIFEST_ORIGINS
           for e in shop_model(code=True).edges}
    want = {_key(e): set(e["origins"]) & MANIFEST_ORIGINS for e in expected()["edges"]}
    wrong = {k: (sorted(got.get(k, ())), sorted(v)) for k, v in want.items() if got.get(k) != v}
    assert not wrong, "edge: (got, expected) manifest/config origins\n" + "\n".join(
        f"  {k}: {v}" for k, v in sorted(wrong.items()))


def test_code_evidence_matches_expected():
    """Every edge the code really makes carries code evidence (recall of the extractors)."""
    has_code = {e.key for e in shop_model(code=True).edges if "code" in {o.value for o in e.origins}}
    want = {_key(e) for e in expected()["edges"] if "code" in e["origins"]}
    assert has_code == want, (f"no code evidence: {sorted(want - has_code)}\n"
                              f"unexpected code evidence: {sorted(has_code - want)}")


@pytest.mark.parametrize("code", [False, True], ids=["manifests", "full"])
def test_services_and_datastores_match_expected(code: bool):
    model = shop_model(code)
    assert sorted(s.id for s in model.services) == sorted(expected()["services"])
    got = sorted((d.id, d.category.value) for d in model.datastores)
    want = sorted((d["id"], d["category"]) for d in expected()["datastores"])
    assert got == want


@pytest.mark.parametrize("code", [False, True], ids=["manifests", "full"])
def test_findings_match_expected(code: bool):
    exp = expected()
    checked = set(exp["rules_checked"])
    result = run_audit([SHOP], Settings.default(), _options(code))
    missing_rules = checked - set(result.rules_evaluated)
    assert not missing_rules, f"rules not evaluated: {sorted(missing_rules)}"
    got = {(f.rule_id, f.subject) for f in result.findings if f.rule_id in checked}
    want = {(f["rule"], f["subject"]) for f in exp["findings"]}
    if not code:
        want -= {(f["rule"], f["subject"]) for f in exp.get("code_only_findings") or []}
        want |= {(f["rule"], f["subject"]) for f in exp.get("manifest_only_findings") or []}
    assert got == want, (f"findings ({'full' if code else 'manifests'}):\n"
                         f"  missing: {sorted(want - got)}\n  extra:   {sorted(got - want)}")


def test_readiness_findings_match_expected():
    """The deploy layer's planted readiness gaps are found, and the clean objects pass."""
    exp = expected()
    checked = set(exp["readiness_rules_checked"])
    result = run_audit([SHOP], Settings.default(), _options(code=False))
    assert checked <= set(result.rules_evaluated)
    got = {(f.rule_id, f.subject) for f in result.findings if f.rule_id in checked}
    want = {(f["rule"], f["subject"]) for f in exp["readiness_findings"]}
    assert got == want, f"missing: {sorted(want - got)}\nextra:   {sorted(got - want)}"


@pytest.mark.parametrize("code", [False, True], ids=["manifests", "full"])
def test_external_endpoints_match_expected(code: bool):
    got = {(x.service, x.host) for x in shop_model(code).external_endpoints}
    want = {(x["service"], x["host"]) for x in expected()["external_endpoints"]}
    assert got == want, f"missing: {sorted(want - got)}\nextra:   {sorted(got - want)}"


def test_entry_points_are_the_expected_services():
    model = shop_model(code=False)
    got = sorted(s.id for s in model.services if s.entry_points)
    assert got == sorted(expected()["entry_points"]), \
        {s.id: s.entry_points for s in model.services if s.entry_points}


def test_compose_only_and_kubernetes_only_give_the_same_nodes(tmp_path: Path):
    compose_only = _copy_shop(tmp_path / "compose-only")
    shutil.rmtree(compose_only / "k8s")
    k8s_only = _copy_shop(tmp_path / "k8s-only")
    (k8s_only / "docker-compose.yml").unlink()
    shutil.rmtree(k8s_only / "env")

    views = {}
    for name, root in (("compose", compose_only), ("kubernetes", k8s_only)):
        model = scan([root], _options(code=False))
        views[name] = (sorted(s.id for s in model.services), sorted(d.id for d in model.datastores))
    assert views["compose"] == views["kubernetes"], views
    assert views["compose"][0] == sorted(expected()["services"])
    assert views["compose"][1] == sorted(d["id"] for d in expected()["datastores"])


def test_compose_only_and_kubernetes_only_give_the_same_manifest_edges(tmp_path: Path):
    """Both descriptions declare the same calls; compose adds only depends_on evidence."""
    compose_only = _copy_shop(tmp_path / "compose-only")
    shutil.rmtree(compose_only / "k8s")
    k8s_only = _copy_shop(tmp_path / "k8s-only")
    (k8s_only / "docker-compose.yml").unlink()
    shutil.rmtree(k8s_only / "env")
    want = {_key(e) for e in expected()["edges"] if MANIFEST_ORIGINS & set(e["origins"])}
    for name, root in (("compose", compose_only), ("kubernetes", k8s_only)):
        got = {e.key for e in scan([root], _options(code=False)).edges}
        assert got == want, _edge_report(got, want, f"{name} only")


@pytest.mark.parametrize("code", [False, True], ids=["manifests", "full"])
def test_secret_values_never_reach_the_facts(code: bool):
    facts = shop_model(code).to_json()
    for secret in SECRET_VALUES:
        assert secret not in facts, f"secret {secret!r} leaked into the facts JSON"


def test_secret_values_never_reach_the_audit_result():
    dumped = run_audit([SHOP], Settings.default(), _options(code=True)).model_dump_json()
    for secret in SECRET_VALUES:
        assert secret not in dumped, f"secret {secret!r} leaked into the audit result"


def test_fixture_plants_secrets_in_both_descriptions():
    """Guards the fixture itself: the secret tests above must have something to catch."""
    texts = [(SHOP / "docker-compose.yml").read_text(), (SHOP / "k8s" / "secrets.yaml").read_text(),
             (SHOP / "env" / "orders-db.env").read_text()]
    assert all(SECRET_VALUES[0] in t for t in texts)


def test_expected_file_is_consistent():
    """expected.yaml is sorted, its edges join known nodes, and its origins are known words."""
    exp = expected()
    nodes = set(exp["services"]) | {d["id"] for d in exp["datastores"]} | set(exp["topics"])
    keys = [_key(e) for e in exp["edges"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    for source, target, kind in keys:
        assert source in nodes and target in nodes, (source, target)
        assert kind in {"http", "grpc", "async", "db", "cache", "depends-on"}
    for e in exp["edges"]:
        assert set(e["origins"]) <= {"code", "manifest", "config"}, e
    assert exp["services"] == sorted(exp["services"])
    assert set(exp["entry_points"]) <= set(exp["services"])


# --- helpers -------------------------------------------------------------------------------

def _options(code: bool) -> ScanOptions:
    return ScanOptions(code=code, cache_dir="")


def _key(edge: dict) -> tuple[str, str, str]:
    return (edge["source"], edge["target"], edge["kind"])


def _copy_shop(dest: Path) -> Path:
    shutil.copytree(SHOP, dest, symlinks=True)
    return dest


def _edge_report(got: set, want: set, label: str) -> str:
    hit = got & want
    precision = len(hit) / len(got) if got else 0.0
    recall = len(hit) / len(want) if want else 1.0
    lines = [f"{label}: precision {precision:.2f}, recall {recall:.2f} "
             f"({len(hit)} of {len(want)} expected, {len(got - want)} extra)"]
    lines += [f"  missing: {s} -> {t} [{k}]" for s, t, k in sorted(want - got)]
    lines += [f"  extra:   {s} -> {t} [{k}]" for s, t, k in sorted(got - want)]
    return "\n".join(lines)
