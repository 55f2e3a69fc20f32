"""load_config: archgov.yml / pyproject [tool.archgov], overrides, and every error collected."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from analyzer.config import ConfigError, Settings, load_config
from analyzer.engine import load_builtin_rules
from analyzer.model import Severity

USER_RULE = """\
id: tiny-fan-out
title: Tiny services call few things
category: coupling
severity: info
kind: fan-out
params: {max: 2}
message: "{service} calls {count}"
rationale: Small is beautiful.
remediation: Call less.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path | None, search_dir: Path) -> list[str]:
    with pytest.raises(ConfigError) as err:
        load_config(path, search_dir)
    return err.value.errors


def test_no_config_gives_defaults_with_builtin_rules(tmp_path):
    settings = load_config(None, tmp_path)
    assert settings == Settings.default()
    assert settings.fail_on is Severity.ERROR and settings.config_file is None
    assert settings.rule("no-service-cycles").severity is Severity.ERROR
    assert settings.diagnostics == ()


def test_yaml_config_sets_every_key(tmp_path):
    write(tmp_path / "governance" / "tiny-fan-out.yaml", USER_RULE)
    write(tmp_path / "archgov.yml", """\
fail-on: warning
exclude: [node_modules, vendor]
entry_points: [gateway]
sources: {cart: services/cart}
rule_paths: [governance]
rules:
  max-fan-out: {severity: error, max: 4}
  orphan-service: {enabled: false}
  tiny-fan-out: {max: 5}
""")
    settings = load_config(None, tmp_path)
    assert settings.fail_on is Severity.WARNING
    assert settings.exclude == ("node_modules", "vendor")
    assert settings.entry_points == ("gateway",)
    assert settings.sources == {"cart": "services/cart"}
    assert settings.config_file == "archgov.yml"
    assert settings.rule_paths == ((tmp_path / "governance").resolve(),)
    fan_out = settings.rule("max-fan-out")
    assert (fan_out.severity, fan_out.params) == (Severity.ERROR, {"max": 4})
    assert settings.rule("orphan-service").enabled is False
    assert settings.rule("tiny-fan-out").params == {"max": 5}
    assert dataclasses.replace(settings, fail_on=None).fail_on is None  # CLI overrides


def test_fail_on_never_and_yaml_spelling(tmp_path):
    write(tmp_path / "archgov.yaml", "fail_on: never\n")
    settings = load_config(None, tmp_path)
    assert settings.fail_on is None and settings.config_file == "archgov.yaml"


def test_all_errors_are_collected_with_file_and_dotted_key(tmp_path):
    write(tmp_path / "archgov.yml", """\
fail-onn: warning
exclude: node_modules
rule_paths: [nowhere]
rules:
  max-fan-out: {severity: critical, max: ten, maxx: 3}
  orphan-servic: {enabled: false}
""")
    assert errors_of(None, tmp_path) == [
        "archgov.yml: exclude: must be a list of strings (got 'node_modules')",
        "archgov.yml: rule_paths.0: folder not found: nowhere",
        "archgov.yml: rules.max-fan-out.max: must be an integer >= 1 (got 'ten')",
        "archgov.yml: rules.max-fan-out.severity: must be one of info, warning, error "
        "(got 'critical')",
        "archgov.yml: rules.max-fan-out: unknown key 'maxx' (valid: enabled, max, severity; "
        "did you mean 'max'?)",
        "archgov.yml: rules: unknown rule 'orphan-servic' (valid: "
        + ", ".join(sorted(r.id for r in Settings.default().rules))
        + "; did you mean 'orphan-service'?)",
        "archgov.yml: unknown key 'fail-onn' (valid: entry_points, escalation, exclude, "
        "fail_on, graph, history, ignores, kinds, layers, packs, prometheus, rule_paths, rules, "
        "scorecard_packs, sources; did you mean 'fail_on'?)",
    ]


def test_bad_values_of_known_keys(tmp_path):
    write(tmp_path / "archgov.yml", "fail_on: sometimes\nrules:\n  orphan-service: false\n")
    assert errors_of(None, tmp_path) == [
        "archgov.yml: fail_on: must be one of error, warning, never (got 'sometimes')",
        "archgov.yml: rules.orphan-service: must be a mapping of enabled, severity and params "
        "(got False)",
    ]


def test_malformed_yaml_names_file_and_line(tmp_path):
    write(tmp_path / "archgov.yml", "fail_on: warning\nrules:\n  max-fan-out: {max: [\n")
    [error] = errors_of(None, tmp_path)
    assert error.startswith("archgov.yml:4: invalid YAML")


def test_top_level_must_be_a_mapping(tmp_path):
    write(tmp_path / "archgov.yml", "- fail_on\n")
    assert errors_of(None, tmp_path) == ["archgov.yml: must be a mapping of settings (got list)"]


def test_pyproject_table_is_read_with_tool_prefix_in_errors(tmp_path):
    write(tmp_path / "pyproject.toml", """\
[project]
name = "shop"

[tool.archgov]
fail_on = "warning"

[tool.archgov.rules.max-fan-in]
max = 0
""")
    assert errors_of(None, tmp_path) == [
        "pyproject.toml: tool.archgov.rules.max-fan-in.max: must be an integer >= 1 (got 0)"]
    write(tmp_path / "pyproject.toml", '[tool.archgov]\nfail_on = "warning"\n'
                                       '[tool.archgov.rules.max-fan-in]\nmax = 3\n')
    settings = load_config(None, tmp_path)
    assert settings.config_file == "pyproject.toml" and settings.fail_on is Severity.WARNING
    assert settings.rule("max-fan-in").params == {"max": 3}


def test_pyproject_without_archgov_table_means_defaults(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(None, tmp_path).config_file is None


def test_malformed_toml_names_file_and_line(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.archgov]\nfail_on = "warning\n')
    [error] = errors_of(None, tmp_path)
    assert error.startswith("pyproject.toml:2: invalid TOML")


def test_explicit_file_wins_and_missing_file_is_an_error(tmp_path):
    write(tmp_path / "archgov.yml", "fail_on: warning\n")
    explicit = write(tmp_path / "ci" / "strict.yml", "fail_on: error\n")
    assert load_config(explicit, tmp_path).fail_on is Severity.ERROR
    [error] = errors_of(tmp_path / "absent.yml", tmp_path)
    assert error.endswith("absent.yml: config file not found")


def test_two_config_files_are_ambiguous(tmp_path):
    write(tmp_path / "archgov.yml", "fail_on: warning\n")
    write(tmp_path / "archgov.yaml", "fail_on: error\n")
    [error] = errors_of(None, tmp_path)
    assert "both archgov.yml and archgov.yaml" in error


def test_invalid_user_rule_is_an_error_per_field_naming_its_file(tmp_path):
    write(tmp_path / "rules" / "broken.yaml", "id: broken\nkind: nope\n")
    write(tmp_path / "archgov.yml", "rule_paths: [rules]\nfail_on: sometimes\n")
    errors = errors_of(None, tmp_path)
    assert "archgov.yml: fail_on: must be one of error, warning, never (got 'sometimes')" in errors
    assert "rules/broken.yaml: title: is required" in errors
    assert any(e.startswith("rules/broken.yaml: kind: unknown kind 'nope' (valid: ") for e in errors)
    assert len(errors) == 8  # fail_on, the unknown kind and six missing fields


def test_empty_config_file_is_defaults(tmp_path):
    write(tmp_path / "archgov.yml", "")
    settings = load_config(None, tmp_path)
    assert settings.fail_on is Severity.ERROR and settings.config_file == "archgov.yml"


def test_policy_keys_fill_the_settings_policy(tmp_path):
    write(tmp_path / "archgov.yml", """\
layers: {edge: [gateway*], core: [orders]}
escalation: {blast_radius: 3, to: warning, packs: [smells]}
scorecard_packs: [smells]
ignores:
  - {rule: max-*, subject: cart, reason: legacy, expires: 2027-01-31}
packs: {history: {enabled: false}}
""")
    settings = load_config(None, tmp_path)
    policy = settings.policy
    assert policy.layers == {"core": ("orders",), "edge": ("gateway*",)}
    assert (policy.escalation.blast_radius, policy.escalation.to) == (3, Severity.WARNING)
    assert policy.scorecard_packs == ("smells",)
    assert [(i.rule, i.subject, str(i.expires)) for i in policy.ignores] == [
        ("max-*", "cart", "2027-01-31")]
    assert {r.id for r in settings.rules if not r.enabled} == {
        "change-coupled-services", "code-hotspot", "dead-code", "orphan-config", "stale-code",
        "unused-topic"}


def test_escalation_can_be_switched_off_and_defaults_to_readiness(tmp_path):
    assert Settings.default().policy.escalation.packs == ["readiness"]
    write(tmp_path / "archgov.yml", "escalation: {enabled: false}\n")
    assert load_config(None, tmp_path).policy.escalation is None


def test_policy_errors_are_all_listed(tmp_path):
    write(tmp_path / "archgov.yml", """\
ignores: [{rule: x, expires: someday}, {subject: y, reason: z}]
escalation: {blast_radius: 0}
layers: {edge: gateway}
""")
    errors = errors_of(None, tmp_path)
    assert "archgov.yml: ignores.0.reason: is required" in errors
    assert any(e.startswith("archgov.yml: ignores.0.expires: ") for e in errors)
    assert "archgov.yml: ignores.1.rule: is required" in errors
    assert any(e.startswith("archgov.yml: escalation.blast_radius: ") for e in errors)
    assert any(e.startswith("archgov.yml: layers.edge: ") for e in errors)


def test_user_pack_in_dot_archgov_rules_loads_without_a_config(tmp_path):
    write(tmp_path / ".archgov" / "rules" / "tiny-fan-out.yaml", USER_RULE + "docs: d\n")
    settings = load_config(None, tmp_path)
    rule = settings.rule("tiny-fan-out")
    assert rule is not None and rule.pack == "rules" and settings.config_file is None


def test_history_section_reaches_the_scan_options(tmp_path):
    from analyzer.pipeline import scan_options

    (tmp_path / "archgov.yml").write_text(
        "history: {bot_patterns: [release-robot], max_commit_files: 20}\n", encoding="utf-8")
    options = scan_options(load_config(None, tmp_path))
    assert (options.bot_patterns, options.max_commit_files) == (("release-robot",), 20)
    default = scan_options(Settings.default())
    assert default.max_commit_files == 50 and "dependabot" in default.bot_patterns
    (tmp_path / "archgov.yml").write_text("history: {max_commit_files: 0}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(None, tmp_path)
    assert any("history.max_commit_files" in e for e in err.value.errors)
