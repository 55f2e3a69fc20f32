"""A scanned repository is untrusted: its own archgov.yml cannot reach outside the scanned
folders, blow up memory or time, or flood the terminal; a --config file is trusted."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.config import ConfigError, load_config

MARKER = "MARKER-OUTSIDE-7f3a"
OUTSIDE_RULE = f"""\
id: outside-rule
title: {MARKER} title
category: coupling
severity: error
kind: fan-out
params: {{max: 1}}
message: "{MARKER} {{service}}"
rationale: {MARKER} rationale.
remediation: {MARKER} fix.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def world(tmp_path):
    """(repo, outside): a scanned repository and a folder beside it holding a marker rule."""
    outside = tmp_path / "outside"
    write(outside / "outside-rule.yaml", OUTSIDE_RULE)
    repo = tmp_path / "work" / "repo"
    repo.mkdir(parents=True)
    return repo, outside


def audit(repo: Path, *extra: str):
    start = time.monotonic()
    result = CliRunner().invoke(main, ["audit", str(repo), "--out", str(repo / "out"), *extra])
    assert time.monotonic() - start < 5  # no hang
    return result


def error_lines(result) -> list[str]:
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("archgov: error: ") for line in lines), result.stderr
    return lines


def assert_marker_never_shown(result) -> None:
    assert MARKER not in result.output and MARKER not in result.stderr


@pytest.mark.parametrize("rule_paths", ["[/etc]", "['{outside}']"])
def test_absolute_rule_paths_are_refused(world, rule_paths):
    repo, outside = world
    write(repo / "archgov.yml", f"rule_paths: {rule_paths.format(outside=outside)}\n")
    result = audit(repo)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "archgov.yml: rule_paths.0: " in line and "is an absolute path" in line
    assert "--config" in line
    assert_marker_never_shown(result)


def test_rule_paths_climbing_out_with_dotdot_are_refused(world):
    repo, _ = world
    write(repo / "archgov.yml", "rule_paths: [../../outside]\n")
    result = audit(repo)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "rule_paths.0: '../../outside' resolves to outside the scanned folders" in line
    assert_marker_never_shown(result)


def test_a_symlinked_rule_folder_or_rule_file_pointing_outside_is_refused(world):
    repo, outside = world
    (repo / "rules-link").symlink_to(outside, target_is_directory=True)
    (repo / "pack").mkdir()
    (repo / "pack" / "outside-rule.yaml").symlink_to(outside / "outside-rule.yaml")
    write(repo / "archgov.yml", "rule_paths: [rules-link, pack]\n")
    result = audit(repo)
    assert result.exit_code == 2
    lines = error_lines(result)
    assert any("rule_paths.0: 'rules-link' resolves to outside" in line for line in lines)
    assert any(line.startswith("archgov: error: pack/outside-rule.yaml: is a symlink to outside")
               for line in lines)
    assert_marker_never_shown(result)


def test_a_symlinked_config_file_pointing_outside_is_not_read(world):
    repo, outside = world
    write(outside / "evil.yml", f"fail_on: {MARKER}\n")
    (repo / "archgov.yml").symlink_to(outside / "evil.yml")
    result = audit(repo)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "archgov.yml: is a symlink to outside the scanned folders" in line
    assert_marker_never_shown(result)


@pytest.mark.parametrize(("source", "problem"), [
    ("/etc", "is an absolute path"), ("../../outside", "resolves to outside")])
def test_sources_outside_the_roots_are_refused(world, source, problem):
    repo, _ = world
    write(repo / "archgov.yml", f"sources: {{cart: '{source}'}}\n")
    [line] = error_lines(audit(repo))
    assert f"archgov.yml: sources.cart: '{source}' {problem}" in line


def test_paths_inside_another_scanned_root_are_allowed(world, tmp_path):
    repo, outside = world
    write(repo / "archgov.yml", "rule_paths: [../../outside]\n")
    settings = load_config(None, repo, [repo, outside])
    assert settings.rule("outside-rule") is not None


def test_a_config_passed_with_dash_dash_config_is_trusted(world, tmp_path):
    repo, outside = world
    trusted = write(tmp_path / "ci" / "archgov.yml", f"rule_paths: ['{outside}']\n")
    result = CliRunner().invoke(main, ["rules", "list", "--config", str(trusted)])
    assert result.exit_code == 0, result.stderr
    assert "outside-rule" in result.output and MARKER in result.output
    write(trusted, "rule_paths: [../outside]\n")
    assert load_config(trusted, repo, [repo]).rule("outside-rule") is not None
    with pytest.raises(ConfigError):  # the same file found in a scanned folder is confined
        load_config(None, trusted.parent)


def test_alias_bomb_is_one_short_line_in_milliseconds(world):
    repo, _ = world
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
               for i in range(8)]
    write(repo / "archgov.yml", "\n".join(levels) + "\nfail_on: *i\n")
    start = time.monotonic()
    result = audit(repo)
    assert time.monotonic() - start < 2
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "billion-laughs" in line and len(line) < 300 and "lol" not in line


@pytest.mark.parametrize("nesting", ["block", "flow"])
def test_three_thousand_levels_of_nesting_are_one_line(world, nesting):
    repo, _ = world
    if nesting == "flow":
        text = "rules: " + "[" * 3_000 + "]" * 3_000 + "\n"
    else:
        text = "rules:\n  x:\n    " + "- " * 3_000 + "x\n"
    write(repo / "archgov.yml", text)
    result = audit(repo)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "archgov.yml" in line and "nest" in line and len(line) < 300


def test_deeply_nested_toml_is_one_line(world):
    repo, _ = world
    write(repo / "pyproject.toml", "[tool.archgov]\nexclude = " + "[" * 3_000 + "]" * 3_000 + "\n")
    [line] = error_lines(audit(repo))
    assert line == "archgov: error: pyproject.toml: invalid TOML: nested too deep"


@pytest.mark.parametrize("rules", [
    "rules:\n  max-fan-out: 5\n  max-fan-in: {max: 0}\n  orphan-servic: {}\n",
    "rules: [max-fan-out, orphan-service]\n"])
def test_wrong_typed_rules_hide_no_other_error(world, rules):
    repo, _ = world
    write(repo / "archgov.yml", "fail_on: sometimes\nrule_paths: [nowhere]\n" + rules)
    lines = error_lines(audit(repo))
    assert any("fail_on: must be one of error, warning, never" in line for line in lines)
    assert any("rule_paths.0: folder not found: nowhere" in line for line in lines)
    if rules.startswith("rules: ["):
        assert any("archgov.yml: rules: must be a mapping" in line for line in lines)
        assert len(lines) == 3
    else:
        assert any("rules.max-fan-out: must be a mapping of enabled, severity and params "
                   "(got 5)" in line for line in lines)
        assert any("rules.max-fan-in.max: must be an integer >= 1 (got 0)" in line
                   for line in lines)
        assert any("unknown rule 'orphan-servic'" in line for line in lines)
        assert len(lines) == 5


def test_hostile_rule_message_in_the_repository_is_refused(world):
    repo, _ = world
    rule = OUTSIDE_RULE.replace(MARKER, "ok").replace('"ok {service}"', '"{service:>300000000}"')
    write(repo / "governance" / "outside-rule.yaml", rule)
    write(repo / "archgov.yml", "rule_paths: [governance]\n")
    [line] = error_lines(audit(repo))
    assert line.startswith("archgov: error: governance/outside-rule.yaml: message: field "
                           "{service}: width 300000000 is above the limit of 200")


def test_every_rule_file_error_is_listed_as_file_field_message(world):
    repo, _ = world
    write(repo / "governance" / "bad-rule.yaml", "id: other\nkind: fan-outt\nseverity: fatal\n")
    write(repo / "archgov.yml", "rule_paths: [governance]\nrules: {max-fan-out: {max: ten}}\n")
    lines = error_lines(audit(repo))
    expected = ["governance/bad-rule.yaml: id: 'other' must equal the file name",
                "governance/bad-rule.yaml: kind: unknown kind 'fan-outt'",
                "governance/bad-rule.yaml: severity: must be one of info, warning, error",
                "governance/bad-rule.yaml: title: is required",
                "archgov.yml: rules.max-fan-out.max: must be an integer >= 1 (got 'ten')"]
    for part in expected:
        assert any(part in line for line in lines), part


def test_echoed_values_are_capped(world):
    repo, _ = world
    write(repo / "archgov.yml", f"fail_on: {'x' * 100_000}\n{'k' * 1_000}: 1\n")
    lines = error_lines(audit(repo))
    assert len(lines) == 2 and all(len(line) < 400 for line in lines)


def test_a_million_mistakes_print_fifty_lines(world):
    repo, _ = world
    write(repo / "archgov.yml", "".join(f"bad{i}: 1\n" for i in range(5_000)))
    lines = error_lines(audit(repo))
    assert len(lines) == 50 and lines[-1].endswith("... and 4951 more configuration errors")


def test_several_yaml_documents_are_an_error(world):
    repo, _ = world
    write(repo / "archgov.yml", "fail_on: warning\n---\nfail_on: error\n")
    [line] = error_lines(audit(repo))
    assert "archgov.yml:3: holds 2 YAML documents; keep one mapping of settings" in line


def test_a_huge_config_file_is_not_parsed(world):
    repo, _ = world
    write(repo / "archgov.yml", "#" * 2_000_000 + "\n")
    [line] = error_lines(audit(repo))
    assert "archgov.yml: larger than 1000000 bytes" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_config_is_one_line(world):
    repo, _ = world
    config = write(repo / "archgov.yml", "fail_on: warning\n")
    config.chmod(0)
    [line] = error_lines(audit(repo))
    assert "archgov.yml: cannot be read: Permission denied" in line
