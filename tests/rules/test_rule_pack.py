"""Meta-test of the built-in rule pack: every rule is well formed, documented and has cases.

Cases live in tests/rules/cases/<rule-id>/: either `pass/` and `fail/` folders of real input
files (manifests, Dockerfiles, code), scanned as `archgov audit` would scan them, or
`pass.json` and `fail.json` facts documents (SystemModel) for graph rules whose input is
easier written as facts. The fail case must give at least one finding of that rule, the
pass case none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analyzer.analysis import compute_metrics
from analyzer.engine import KINDS, describe_rule, judge, load_rules
from analyzer.engine.builtin import builtin_rules_dir
from analyzer.engine.rule import template_fields
from analyzer.ingest import ScanOptions, scan
from analyzer.model import SystemModel

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
CASES = Path(__file__).resolve().parent / "cases"
RULE_FILES = sorted(RULES_DIR.glob("*/*.yaml"))
RULES, DIAGNOSTICS = load_rules([RULES_DIR])
BY_ID = {r.id: r for r in RULES}


def test_the_builtin_dir_is_the_repository_rules_folder():
    assert builtin_rules_dir() == RULES_DIR


def test_every_rule_file_loads_without_diagnostics():
    assert RULE_FILES, "no built-in rules found"
    assert [d.render() for d in DIAGNOSTICS] == []
    assert sorted(BY_ID) == sorted(p.stem for p in RULE_FILES)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_file_is_well_formed(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = BY_ID[path.stem]
    assert data["id"] == path.stem
    assert rule.remediation.endswith(".")
    assert rule.kind in KINDS
    assert template_fields(rule.message) <= KINDS[rule.kind].fields
    assert rule.rationale.strip() and rule.docs.strip() and rule.title.strip()
    assert set(data.get("params", {})) <= set(KINDS[rule.kind].Params.model_fields)
    assert rule.id in describe_rule(rule)


@pytest.mark.parametrize("kind", sorted(KINDS), ids=str)
def test_every_kind_is_documented_and_params_have_defaults(kind):
    rule_kind = KINDS[kind]
    assert rule_kind.name == kind and rule_kind.description.endswith(".")
    assert rule_kind.subject_kind in {"service", "edge", "datastore", "cycle", "endpoint",
                                       "file", "library", "system", "resource"}
    params = rule_kind.Params()  # every param has a default
    assert not {"enabled", "severity"} & set(type(params).model_fields)
    assert all(f.description for f in type(params).model_fields.values())


def test_every_rule_has_a_pass_and_a_fail_case():
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == sorted(BY_ID)
    for rule_id in BY_ID:
        for case in ("pass", "fail"):
            folder, facts = CASES / rule_id / case, CASES / rule_id / f"{case}.json"
            assert folder.is_dir() != facts.is_file(), f"{rule_id}: give exactly one {case} case"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_metadata_is_complete_and_its_pack_is_its_folder(path):
    rule = BY_ID[path.stem]
    assert rule.pack == path.parent.name
    assert rule.rationale.rstrip().endswith(".") and rule.title[0].isupper()
    assert set(yaml.safe_load(path.read_text(encoding="utf-8"))) >= {
        "id", "title", "category", "severity", "kind", "message", "rationale", "remediation",
        "docs"}


def case_model(rule_id: str, case: str) -> SystemModel:
    """The facts of one case: its folder scanned (no cache), or its facts document read."""
    folder = CASES / rule_id / case
    if folder.is_dir():
        return scan([folder], ScanOptions(cache_dir=""))
    return SystemModel.from_json((CASES / rule_id / f"{case}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rule_id", sorted(BY_ID))
@pytest.mark.parametrize("case", ["pass", "fail"])
def test_rule_case(rule_id, case):
    model = case_model(rule_id, case)
    findings, evaluated = judge(model, compute_metrics(model), [BY_ID[rule_id]])
    assert evaluated == [rule_id]
    mine = [f for f in findings if f.rule_id == rule_id]
    if case == "fail":
        assert mine, f"{rule_id}: fail.json gave no finding"
        assert all(f.message and f.fingerprint for f in mine)
    else:
        assert mine == [], [f.message for f in mine]
