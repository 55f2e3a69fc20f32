"""The engine's commands and options through the CLI: readiness, baseline, ignores, user
packs and kinds, and every bad rule/config input as exit 2 with all errors listed."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.engine import KINDS

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "shop"

KIND_MODULE = '''
from analyzer.engine.kinds import Hit, Params, RuleKind, Scope


class NeedsImage(RuleKind):
    """Test kind: a service without an image fails; every service is in scope."""

    name = "needs-image"
    description = "A service without an image."
    subject_kind = "service"
    fields = frozenset({"service"})
    Params = Params

    def check(self, ctx, params):
        for s in ctx.model.services:
            if not s.image:
                yield Hit(subject=s.id, service=s.id, fields={"service": s.id})

    def scope(self, ctx, params):
        return [Scope(service=s.id, subject=s.id) for s in ctx.model.services]


class NotAKind:
    pass
'''

RULE = """\
id: needs-image
title: Every service runs a built image
category: packaging
severity: warning
kind: needs-image
message: "{service} has no image"
rationale: Readiness needs an image.
remediation: Build an image.
docs: Test rule.
"""

COMPOSE = """\
services:
  web:
    image: nginx:1.27
    ports: ["80:80"]
    environment: {API: "http://api:8080"}
  api:
    build: ./api
  # archgov:ignore=orphan-service kept for batch jobs
  worker:
    build: ./worker
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A compose system, a trusted config with a user kind and a readiness pack."""
    (tmp_path / "kinds_pkg").mkdir()
    (tmp_path / "kinds_pkg" / "__init__.py").write_text("")
    (tmp_path / "kinds_pkg" / "mykinds.py").write_text(KIND_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(KINDS, "needs-image", raising=False)
    pack = tmp_path / "packs" / "mypack"  # not "readiness": the built-in pack has that name
    pack.mkdir(parents=True)
    (pack / "needs-image.yaml").write_text(RULE)
    system = tmp_path / "system"
    system.mkdir()
    (system / "docker-compose.yml").write_text(COMPOSE)
    config = tmp_path / "trusted.yml"
    config.write_text("kinds: [kinds_pkg.mykinds:NeedsImage]\nrule_paths: [packs]\n"
                      "scorecard_packs: [mypack]\n")
    yield tmp_path, system, config
    KINDS.pop("needs-image", None)


def invoke(*args):
    return CliRunner().invoke(main, [*args, "--no-cache"] if args[0] != "rules" else list(args))


def test_readiness_text_json_markdown_and_min_score(project):
    _, system, config = project
    text = invoke("readiness", str(system), "--config", str(config))
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].split() == ["service", "needs-image", "score"]
    assert lines[1].split() == ["api", "FAIL", "0%"]
    assert lines[2].split() == ["web", "pass", "100%"]
    assert lines[-1].split() == ["overall", "33%"]
    doc = json.loads(invoke("readiness", str(system), "--config", str(config), "-f", "json").output)
    assert doc["score"] == 33.3 and doc["rules"] == ["needs-image"]
    md = invoke("readiness", str(system), "--config", str(config), "-f", "markdown").output
    assert "| api | FAIL | 0% |" in md and "**Overall score: 33%**" in md
    gate = invoke("readiness", str(system), "--config", str(config), "--min-score", "50")
    assert gate.exit_code == 1 and "below --min-score 50" in gate.output


def test_a_repository_config_may_not_load_python_kinds(project):
    _, system, _ = project
    (system / "archgov.yml").write_text("kinds: [kinds_pkg.mykinds:NeedsImage]\n")
    result = invoke("audit", str(system), "--out", str(system / "out"))
    assert result.exit_code == 2
    assert "kinds.0: a repository's own config may not load Python kinds" in result.output
    assert "needs-image" not in KINDS


@pytest.mark.parametrize(("spec", "message"), [
    ("kinds_pkg.mykinds:NotAKind", "is not a subclass of analyzer.engine.RuleKind"),
    ("kinds_pkg.nothere:X", "cannot import module 'kinds_pkg.nothere'"),
    ("kinds_pkg.mykinds:Missing", "has no attribute 'Missing'"),
    ("no colon", "must look like package.module:ClassName"),
])
def test_bad_user_kinds_are_exit_2_lines(project, spec, message):
    tmp_path, system, _ = project
    config = tmp_path / "bad.yml"
    config.write_text(f"kinds: ['{spec}']\n")
    result = invoke("audit", str(system), "--config", str(config), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"archgov: error: {config}: kinds.0: " in result.output and message in result.output


def test_user_pack_in_dot_archgov_rules_is_loaded_and_confined(project):
    tmp_path, system, _ = project
    pack = system / ".archgov" / "rules"
    pack.mkdir(parents=True)
    rule = RULE.replace("id: needs-image", "id: deep-chains").replace(
        "kind: needs-image", "kind: metric\nparams: {metric: fan_out, value: 0}").replace(
        '"{service} has no image"', '"{subject} calls others"')
    (pack / "deep-chains.yaml").write_text(rule)
    result = invoke("audit", str(system), "--out", str(tmp_path / "o"), "-f", "findings")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "o" / "findings.json").read_text())
    assert "deep-chains" in doc["rules_evaluated"]
    assert [f["subject"] for f in doc["findings"] if f["rule_id"] == "deep-chains"] == ["web"]
    outside = tmp_path / "outside.yaml"
    outside.write_text(rule.replace("deep-chains", "sneaky"))
    (pack / "sneaky.yaml").symlink_to(outside)
    result = invoke("audit", str(system), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "outside the scanned folders" in result.output


def test_baseline_create_then_audit_drops_them_and_strict_lists_stale(tmp_path):
    system = tmp_path / "shop"
    shutil.copytree(SHOP, system)
    baseline = tmp_path / "b.json"
    created = invoke("baseline", "create", str(system), "-o", str(baseline))
    assert created.exit_code == 0 and "findings baselined" in created.output
    entries = json.loads(baseline.read_text())["findings"]
    assert entries and all(set(e) == {"fingerprint", "rule", "subject"} for e in entries)
    out = tmp_path / "out"
    audit = invoke("audit", str(system), "--baseline", str(baseline), "--out", str(out),
                   "-f", "findings", "--fail-on", "warning")
    assert audit.exit_code == 0, audit.output
    summary = json.loads((out / "findings.json").read_text())["summary"]
    assert summary["findings"]["total"] == 0 and summary["suppressed"]["baseline"] == len(entries)
    data = json.loads(baseline.read_text())
    data["findings"] += [{"fingerprint": "0000000000000000", "rule": "gone", "subject": "x"},
                         {"fingerprint": "1111111111111111", "rule": "gone", "subject": "y"}]
    baseline.write_text(json.dumps(data))
    strict = invoke("audit", str(system), "--baseline", str(baseline), "--strict-baseline",
                    "--out", str(out))
    assert strict.exit_code == 1
    assert "0000000000000000 gone x" in strict.output and "1111111111111111 gone y" in strict.output
    assert "2 stale baseline entries" in strict.output


def test_baseline_survives_moved_lines(tmp_path):
    system = tmp_path / "sys"
    system.mkdir()
    plain = COMPOSE.replace("  # archgov:ignore=orphan-service kept for batch jobs\n", "")
    (system / "docker-compose.yml").write_text(plain)
    baseline = tmp_path / "b.json"
    assert invoke("baseline", "create", str(system), "-o", str(baseline)).exit_code == 0
    baselined = len(json.loads(baseline.read_text())["findings"])
    assert baselined >= 1
    (system / "docker-compose.yml").write_text("# a new header\n\n\n" + plain.replace(
        "  worker:", "  # moved down\n\n  worker:"))
    result = invoke("audit", str(system), "--baseline", str(baseline), "--strict-baseline",
                    "--out", str(tmp_path / "o"), "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    assert f"{baselined} baselined" in result.output


def test_bad_baseline_file_is_one_line(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text('{"findings": []}')
    result = invoke("audit", str(SHOP), "--baseline", str(bad), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "not an archgov baseline" in result.output


def test_inline_suppression_and_ignores_through_the_cli(tmp_path):
    system = tmp_path / "sys"
    system.mkdir()
    (system / "docker-compose.yml").write_text(COMPOSE + "  batch:\n    build: ./batch\n")
    (system / "archgov.yml").write_text(textwrap.dedent("""\
        packs: {readiness: {enabled: false}}
        ignores:
          - {rule: orphan-service, subject: batch, reason: called by cron, expires: 2999-01-01}
          - {rule: max-fan-in, subject: "*", reason: nothing matches}
          - {rule: hard-coded-endpoint, subject: "*", reason: old, expires: 2001-01-01}
        """))
    out = tmp_path / "o"
    result = invoke("audit", str(system), "--out", str(out), "-f", "findings")
    doc = json.loads((out / "findings.json").read_text())
    assert doc["summary"]["suppressed"] == {"baseline": 0, "ignore": 1, "inline": 1}
    assert [f["rule_id"] for f in doc["findings"]] == ["expired-ignore"]
    assert "stale-ignore" in result.output and "ignores.1" in result.output


def test_packs_can_be_switched_off_and_unknown_packs_are_errors(tmp_path):
    system = tmp_path / "sys"
    system.mkdir()
    (system / "docker-compose.yml").write_text(COMPOSE)
    (system / "archgov.yml").write_text("packs: {smells: {enabled: false}, nope: {}}\n")
    result = invoke("audit", str(system), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "packs: unknown pack 'nope'" in result.output
    (system / "archgov.yml").write_text("packs: {smells: {enabled: false}}\n")
    result = invoke("audit", str(system), "--out", str(tmp_path / "o"), "-f", "findings")
    doc = json.loads((tmp_path / "o" / "findings.json").read_text())
    assert result.exit_code == 0 and not any(r in doc["rules_evaluated"]
                                             for r in ("orphan-service", "max-fan-out"))


def test_every_bad_rule_and_config_input_is_listed_as_file_field_message(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad-kind.yaml").write_text(RULE.replace("needs-image", "bad-kind").replace(
        "kind: bad-kind", "kind: nosuchkind"))
    (pack / "bad-params.yaml").write_text(RULE.replace("id: needs-image", "id: bad-params")
                                          .replace("kind: needs-image",
                                                   "kind: metric\nparams: {metric: nope, op: '~'}")
                                          .replace("{service}", "{subject}"))
    (pack / "not-yaml.yaml").write_text("id: [unclosed\n")
    (pack / "missing.yaml").write_text("id: missing\n")
    config = tmp_path / "archgov.yml"
    config.write_text("rule_paths: [pack]\nrules: {no-such-rule: {}, max-fan-out: {max: 0}}\n"
                      "ignores: [{rule: x}]\nescalation: {to: fatal}\n")
    result = invoke("audit", str(SHOP), "--config", str(config), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    lines = [line.removeprefix("archgov: error: ") for line in result.output.splitlines()]
    text = "\n".join(lines)
    assert "pack/bad-kind.yaml: kind: unknown kind 'nosuchkind'" in text
    assert "pack/bad-params.yaml: params.metric: unknown metric 'nope'" in text
    assert "pack/bad-params.yaml: params.op: " in text
    assert "pack/not-yaml.yaml:2: invalid YAML" in text
    assert "pack/missing.yaml: title: is required" in text
    assert f"{config}: rules: unknown rule 'no-such-rule'" in text
    assert f"{config}: rules.max-fan-out.max: must be an integer >= 1 (got 0)" in text
    assert f"{config}: ignores.0.reason: is required" in text
    assert f"{config}: escalation.to: must be one of info, warning, error" in text
    assert "Traceback" not in result.output


def test_readiness_and_suppression_outputs_are_byte_identical_across_runs(project):
    _, system, config = project
    runs = [invoke("readiness", str(system), "--config", str(config), "-f", "json").output
            for _ in range(2)]
    assert runs[0] == runs[1] and json.loads(runs[0])["services"]
    facts = [invoke("scan", str(system)).output for _ in range(2)]
    assert facts[0] == facts[1] and "ArchgovSuppression" in facts[0]
