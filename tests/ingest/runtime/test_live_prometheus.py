"""The shop against a real Prometheus: the planted runtime findings, and a snapshot of the same
server giving byte-identical findings and facts."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from click.testing import CliRunner

from analyzer.cli import main

SHOP = Path(__file__).resolve().parents[3] / "fixtures" / "shop"
RUNTIME = SHOP / "runtime"
RUNTIME_PACK = {p.stem for p in (SHOP.parents[1] / "rules" / "runtime").glob("*.yaml")}


@cache
def expected() -> dict:
    return yaml.safe_load((RUNTIME / "expected.yaml").read_text(encoding="utf-8"))


def pinned_config(tmp_path: Path, end) -> Path:
    """A trusted config fixing the window's end, so live and replayed answers are the same."""
    config = tmp_path / "archgov.yml"
    config.write_text(f"prometheus:\n  window: 1d\n  end: {end.isoformat()}\n", encoding="utf-8")
    return config


def audit(out: Path, prometheus: str, config: Path | None = None, *extra: str):
    args = ["audit", str(SHOP), "--out", str(out), "--no-cache", "--fail-on", "never",
            "--prometheus", prometheus, *extra]
    if config is not None:
        args += ["--config", str(config)]
    return CliRunner().invoke(main, args, catch_exceptions=False)


def runtime_findings(out: Path) -> set[tuple[str, str]]:
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return {(f["rule_id"], f["subject"]) for f in data["findings"] if f["rule_id"] in RUNTIME_PACK}


def want() -> set[tuple[str, str]]:
    return {(f["rule"], f["subject"]) for f in expected()["runtime_findings"]}


def test_live_audit_finds_the_planted_runtime_problems(shop_prometheus, tmp_path):
    url, end = shop_prometheus
    result = audit(tmp_path / "out", url, pinned_config(tmp_path, end), "--verbose")
    assert result.exit_code == 0, result.output
    assert runtime_findings(tmp_path / "out") == want()
    assert f"prometheus: 17 queries to {url} over 1d (presets: istio, kubernetes)" in result.output
    facts = json.loads((tmp_path / "out" / "facts.json").read_text(encoding="utf-8"))
    assert [d for d in facts["diagnostics"] if d["code"].startswith("prometheus")] == []
    runtime_only = sorted([e["source"], e["target"]] for e in facts["edges"]
                          if {v["origin"] for v in e["evidence"]} == {"runtime"})
    assert runtime_only == expected()["runtime_only_edges"]


def test_live_audit_reports_critical_path_and_impact(shop_prometheus, tmp_path):
    url, end = shop_prometheus
    audit(tmp_path / "out", url, pinned_config(tmp_path, end))
    summary = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["runtime"]
    paths = {p["entry"]: p["services"] for p in summary["critical_paths"]}
    assert paths["gateway"] == expected()["critical_path_from_gateway"]
    assert summary["impact"][0]["service"] == expected()["top_impact"]
    assert summary["queries"] == 17 and summary["runtime_only"] == 2
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="runtime"' in html and "Critical paths" in html
    dot = (tmp_path / "out" / "graph.dot").read_text(encoding="utf-8")
    assert "runtime-only" in dot and "p95" in dot


def test_snapshot_replays_to_identical_findings_and_facts(shop_prometheus, tmp_path):
    url, end = shop_prometheus
    config = pinned_config(tmp_path, end)
    snapshot = tmp_path / "shop-snapshot.json"
    captured = CliRunner().invoke(main, ["prometheus", "snapshot", "--url", url, "--window", "1d",
                                         "-o", str(snapshot), "--config", str(config)],
                                  catch_exceptions=False)
    assert captured.exit_code == 0, captured.output
    assert audit(tmp_path / "live", url, config).exit_code == 0
    assert audit(tmp_path / "replay", str(snapshot), config).exit_code == 0
    for name in ("findings.json", "facts.json", "graph.dot"):
        assert (tmp_path / "live" / name).read_bytes() == (tmp_path / "replay" / name).read_bytes(), name


def test_committed_snapshot_gives_the_expected_findings_without_a_server(tmp_path):
    result = audit(tmp_path / "out", str(RUNTIME / "snapshot.json"))
    assert result.exit_code == 0, result.output
    assert runtime_findings(tmp_path / "out") == want()
