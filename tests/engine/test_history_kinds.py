"""The change-coupling and hotspot kinds: messages, the dependency note, thresholds."""

from __future__ import annotations

from pathlib import Path

from analyzer.analysis import compute_metrics
from analyzer.engine import judge, load_rules
from analyzer.model import Edge, EdgeKind, Evidence, Origin, SystemModel

CASES = Path(__file__).resolve().parents[1] / "rules" / "cases"
RULES = {r.id: r for r in load_rules([Path(__file__).resolve().parents[2] / "rules"])[0]}


def _findings(model: SystemModel, rule_id: str, **params):
    rule = RULES[rule_id]
    if params:
        rule = rule.model_copy(update={"params": {**rule.params, **params}})
    return judge(model, compute_metrics(model), [rule])[0]


def _case(rule_id: str, case: str) -> SystemModel:
    return SystemModel.from_json((CASES / rule_id / f"{case}.json").read_text(encoding="utf-8"))


def test_coupled_pair_without_a_dependency_is_called_a_likely_wrong_cut():
    [finding] = _findings(_case("change-coupled-services", "fail"), "change-coupled-services")
    assert finding.subject == "billing <-> invoicing" and finding.subject_kind == "edge"
    assert finding.message == (
        "billing and invoicing changed together in 6 changes (degree 86% of 8 and 6 changes); "
        "no dependency between them explains it: a likely wrong cut")


def test_a_declared_dependency_explains_the_pair_and_is_the_evidence():
    model = _case("change-coupled-services", "fail")
    evidence = Evidence(origin=Origin.MANIFEST, file="docker-compose.yml", line=4)
    model = model.model_copy(update={"edges": [Edge(source="invoicing", target="billing",
                                                    kind=EdgeKind.HTTP, evidence=[evidence])]})
    [finding] = _findings(model, "change-coupled-services")
    assert "a dependency invoicing -> billing explains it" in finding.message
    assert finding.location.file == "docker-compose.yml"


def test_coupling_thresholds_come_from_params():
    model = _case("change-coupled-services", "fail")
    assert _findings(model, "change-coupled-services", min_degree=0.9) == []
    assert _findings(model, "change-coupled-services", min_shared=7) == []


def test_hotspot_points_at_the_file_and_respects_its_thresholds():
    model = _case("code-hotspot", "fail")
    [finding] = _findings(model, "code-hotspot")
    assert finding.subject_kind == "file" and finding.location.file == finding.subject
    assert finding.message.startswith("services/billing/billing.py (billing) is hotspot #1: "
                                      "14 changes, churn 340, cyclomatic complexity 45")
    assert _findings(model, "code-hotspot", min_revisions=15) == []
    assert _findings(model, "code-hotspot", min_cyclomatic=46) == []
