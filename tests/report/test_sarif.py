"""SARIF 2.1.0: valid against the official schema, rule metadata, locations, fingerprints."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from analyzer.model import Evidence, Finding, Location, Origin, RuleInfo, Severity
from analyzer.report import REPORTERS
from analyzer.report.sarif import FINGERPRINT_KEY, render_sarif, uri_of

_SCHEMA_NAME = Path("schemas") / "sarif-schema-2.1.0.json"
# The official OASIS schema lives in the shared reference folder beside the repository (not
# copied into it): next to this checkout, named by ARCHGOV_SHARED_DIR, or the machine's /work/shared.
_CANDIDATES = [Path(d) / _SCHEMA_NAME for d in (
    os.environ.get("ARCHGOV_SHARED_DIR", ""), Path(__file__).resolve().parents[3] / "shared",
    "/work/shared") if str(d)]
SCHEMA = next((c for c in _CANDIDATES if c.is_file()), _CANDIDATES[-1])

RULES = [RuleInfo(id="no-sync-cycles", title="No synchronous cycles", category="structure",
                  severity=Severity.ERROR, pack="architecture", rationale="Cycles couple releases.",
                  remediation="Break the cycle with an event.", docs="See the guide.")]


@pytest.fixture
def schema() -> dict:
    if not SCHEMA.exists():
        pytest.skip("the SARIF 2.1.0 schema is in none of "
                    f"{', '.join(map(str, _CANDIDATES))} (set ARCHGOV_SHARED_DIR)")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _with_rules(result):
    return result.model_copy(update={"rules": RULES})


def test_sarif_is_valid_against_the_official_schema(result, schema):
    log = json.loads(render_sarif(_with_rules(result)))
    jsonschema.validate(log, schema)
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == len(result.findings)


def test_every_rule_has_metadata_and_results_point_at_their_rule(result):
    run = json.loads(render_sarif(_with_rules(result)))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(result.rules_evaluated)
    cycles = next(r for r in rules if r["id"] == "no-sync-cycles")
    assert cycles["shortDescription"]["text"] == "No synchronous cycles"
    assert cycles["fullDescription"]["text"] == "Cycles couple releases."
    assert "Break the cycle with an event." in cycles["help"]["text"]
    assert "**Fix:** Break the cycle" in cycles["help"]["markdown"]
    assert cycles["defaultConfiguration"]["level"] == "error"
    assert cycles["properties"]["tags"] == ["architecture", "structure"]
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]


def test_results_carry_level_location_and_fingerprint(result):
    results = json.loads(render_sarif(result))["runs"][0]["results"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {"no-sync-cycles": "error", "fan-out-max": "warning",
                      "image-tag-pinned": "warning", "dead-service": "note"}
    cycle = next(r for r in results if r["ruleId"] == "no-sync-cycles")
    physical = cycle["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "services/orders/pay.py", "uriBaseId": "SRCROOT"},
                        "region": {"startLine": 7}}
    finding = next(f for f in result.findings if f.rule_id == "no-sync-cycles")
    assert cycle["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
    located_nowhere = next(r for r in results if r["ruleId"] == "fan-out-max")
    assert "physicalLocation" not in located_nowhere["locations"][0]
    assert located_nowhere["locations"][0]["logicalLocations"][0]["name"] == "orders"


def test_further_evidence_becomes_related_locations(result, schema):
    finding = Finding(rule_id="no-sync-cycles", severity=Severity.ERROR, subject="a -> b",
                      subject_kind="edge", message="cycle", location=Location(file="a.py", line=3),
                      evidence=[Evidence(origin=Origin.CODE, file="a.py", line=3, detail="call b"),
                                Evidence(origin=Origin.MANIFEST, file="k8s/my app.yaml", line=9,
                                         detail="env B_URL")],
                      fingerprint="abc")
    log = json.loads(render_sarif(result.model_copy(update={"findings": [finding]})))
    jsonschema.validate(log, schema)
    [entry] = log["runs"][0]["results"]
    [related] = entry["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "k8s/my%20app.yaml"
    assert related["message"]["text"] == "manifest: env B_URL"


def test_diagnostics_are_tool_notifications(result):
    invocation = json.loads(render_sarif(result))["runs"][0]["invocations"][0]
    codes = [n["descriptor"]["id"] for n in invocation["toolExecutionNotifications"]]
    assert codes == [d.code for d in result.model.diagnostics]
    assert invocation["executionSuccessful"] is True


def test_sarif_is_deterministic_and_registered(result):
    assert render_sarif(result) == render_sarif(result)
    assert REPORTERS["sarif"].file_name == "archgov.sarif"
    assert REPORTERS["sarif"].render(result) == render_sarif(result)


def test_uris_escape_what_a_uri_cannot_hold():
    assert uri_of("dir/file name%.yaml") == "dir/file%20name%25.yaml"
    assert uri_of("naïve.py") == "na%C3%AFve.py"
    assert uri_of("bad\udcff.py").startswith("bad")


def test_an_audit_writes_every_format_at_once_and_its_sarif_is_valid(tmp_path, schema):
    from click.testing import CliRunner

    from analyzer.cli import main

    shop = Path(__file__).resolve().parents[2] / "fixtures" / "shop"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(shop), "--out", str(out), "--no-cache",
                                       "--format", "html,sarif,junit,csv,markdown", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"report.html", "archgov.sarif", "junit.xml",
                                               "metrics.csv", "report.md"}
    log = json.loads((out / "archgov.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(r["shortDescription"]["text"] != r["id"] and r["help"]["text"] for r in rules)
    assert all("physicalLocation" in r["locations"][0] for r in log["runs"][0]["results"])


def test_diagnostics_beyond_the_cap_become_one_note(result, schema):
    from analyzer.model import Diagnostic
    from analyzer.report.sarif import MAX_NOTIFICATIONS

    many = [Diagnostic(severity=Severity.WARNING, code="yaml-parse-error", message=f"bad {i}",
                       file=f"k8s/{i}.yaml", line=1) for i in range(MAX_NOTIFICATIONS + 5)]
    model = result.model.model_copy(update={"diagnostics": many})
    log = json.loads(render_sarif(result.model_copy(update={"model": model})))
    jsonschema.validate(log, schema)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == MAX_NOTIFICATIONS + 1
    assert notes[-1]["message"]["text"] == "5 more diagnostics are in facts.json"
