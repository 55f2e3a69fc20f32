"""load_rules: valid packs load; every broken file is a diagnostic and loading goes on."""

from __future__ import annotations

from pathlib import Path

from analyzer.engine import load_rules
from analyzer.engine.builtin import builtin_rules_dir

GOOD = """\
id: {id}
title: Too many calls
category: coupling
severity: warning
kind: fan-out
params:
  max: 3
message: "{{service}} calls {{count}} things (max {{max}})"
rationale: Because.
remediation: Call fewer things.
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_rule_loads_with_kind_defaults_filled_in(tmp_path):
    write(tmp_path, "few-calls.yaml", GOOD.format(id="few-calls"))
    rules, diagnostics = load_rules([tmp_path])
    assert diagnostics == []
    [rule] = rules
    assert (rule.id, rule.kind, rule.params, rule.enabled) == ("few-calls", "fan-out",
                                                               {"max": 3}, True)
    assert rule.source == (tmp_path / "few-calls.yaml").as_posix()


def test_every_field_error_of_a_file_is_listed_in_one_diagnostic(tmp_path):
    write(tmp_path, "bad.yaml", """\
id: bad
title: ""
category: coupling
severity: critical
kind: fan-out
params: {max: ten, maxx: 2}
message: "{service} has {nope}"
rationale: r
remediation: no period
colour: red
""")
    write(tmp_path, "fine.yaml", GOOD.format(id="fine"))
    rules, diagnostics = load_rules([tmp_path])
    assert [r.id for r in rules] == ["fine"]
    [diag] = diagnostics
    assert diag.code == "invalid-rule" and diag.file.endswith("bad.yaml")
    for part in ["title: ", "severity: must be one of info, warning, error (got 'critical')",
                 "params.max: must be an integer >= 1 (got 'ten')",
                 "params: unknown key 'maxx'", "remediation: must end with a period",
                 "unknown key 'colour'", "message: unknown field {nope}"]:
        assert part in diag.message, part


def test_unknown_kind_lists_the_valid_kinds(tmp_path):
    write(tmp_path, "x.yaml", GOOD.format(id="x").replace("kind: fan-out", "kind: fan-outt"))
    rules, [diag] = load_rules([tmp_path])
    assert rules == []
    assert "kind: unknown kind 'fan-outt' (valid: " in diag.message
    assert "did you mean 'fan-out'?" in diag.message


def test_id_must_equal_the_file_name(tmp_path):
    write(tmp_path, "other-name.yaml", GOOD.format(id="some-rule"))
    rules, [diag] = load_rules([tmp_path])
    assert rules == [] and "id: 'some-rule' must equal the file name" in diag.message


def test_malformed_yaml_gives_file_and_line(tmp_path):
    write(tmp_path, "broken.yaml", "id: broken\ntitle: [unclosed\nkind: x\n")
    write(tmp_path, "list.yaml", "- just\n- a list\n")
    rules, diagnostics = load_rules([tmp_path])
    assert rules == []
    by_file = {Path(d.file).name: d for d in diagnostics}
    assert by_file["broken.yaml"].line == 3 and "invalid YAML" in by_file["broken.yaml"].message
    assert "expected a mapping" in by_file["list.yaml"].message


def test_duplicate_ids_keep_the_first_folder_and_report_the_second(tmp_path):
    write(tmp_path / "one", "dup.yaml", GOOD.format(id="dup"))
    write(tmp_path / "two", "dup.yaml", GOOD.format(id="dup").replace("max: 3", "max: 9"))
    rules, [diag] = load_rules([tmp_path / "one", tmp_path / "two"])
    assert [r.params["max"] for r in rules] == [3]
    assert diag.code == "duplicate-rule" and diag.file.endswith("two/dup.yaml")


def test_missing_folder_and_non_yaml_files(tmp_path):
    write(tmp_path, "README.md", "not a rule")
    write(tmp_path, "bin.yaml", "")
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00binary")
    rules, diagnostics = load_rules([tmp_path, tmp_path / "nowhere"])
    assert rules == []
    assert sorted(d.code for d in diagnostics) == ["rule-pack-missing", "unreadable-rule"]


def test_user_packs_load_after_the_builtins(tmp_path):
    write(tmp_path, "few-calls.yaml", GOOD.format(id="few-calls"))
    rules, diagnostics = load_rules([builtin_rules_dir(), tmp_path])
    assert diagnostics == []
    assert "few-calls" in [r.id for r in rules] and "no-service-cycles" in [r.id for r in rules]
    assert [r.id for r in rules] == sorted(r.id for r in rules)


def test_hostile_message_templates_are_refused_at_load(tmp_path):
    write(tmp_path, "wide.yaml", GOOD.format(id="wide").replace(
        '"{service} calls {count} things (max {max})"', '"{service:>300000000}"'))
    write(tmp_path, "attr.yaml", GOOD.format(id="attr").replace(
        '"{service} calls {count} things (max {max})"', '"{service.__class__}"'))
    rules, diagnostics = load_rules([tmp_path])
    assert rules == []
    by_file = {Path(d.file).name: d.message for d in diagnostics}
    assert "width 300000000 is above the limit of 200" in by_file["wide.yaml"]
    assert "may not use '.' or '[...]'" in by_file["attr.yaml"]
    assert all(len(m) < 600 for m in by_file.values())


def test_a_module_path_kind_is_an_unknown_kind_and_nothing_is_imported(tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    write(plugins, "evilkind.py", "raise SystemExit('imported!')\n")
    monkeypatch.syspath_prepend(str(plugins))
    pack = tmp_path / "pack"
    write(pack, "evil.yaml", GOOD.format(id="evil").replace("kind: fan-out", "kind: evilkind:Evil"))
    rules, [diag] = load_rules([pack])
    assert rules == [] and "kind: unknown kind 'evilkind:Evil'" in diag.message
    import sys
    assert "evilkind" not in sys.modules


def test_long_texts_are_refused_so_reports_only_echo_bounded_text(tmp_path):
    write(tmp_path, "long.yaml", GOOD.format(id="long").replace(
        "title: Too many calls", "title: " + "t" * 5_000))
    rules, [diag] = load_rules([tmp_path])
    assert rules == [] and "title: string should have at most 200 characters" in diag.message
    assert len(diag.message) < 300


def test_a_huge_rule_file_is_not_parsed(tmp_path):
    write(tmp_path, "huge.yaml", GOOD.format(id="huge") + "#" * 300_000 + "\n")
    rules, [diag] = load_rules([tmp_path])
    assert rules == [] and "larger than 256000 bytes" in diag.message
