"""apply_overrides re-grades rules, collecting errors; describe_rule and rules_markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.engine import (OverrideError, RuleOverride, apply_overrides, describe_rule,
                             load_builtin_rules, rules_markdown)
from analyzer.model import Severity
from analyzer.model.resources import builtin_dir

RULES, _ = load_builtin_rules()


def by_id(rules):
    return {r.id: r for r in rules}


def test_overrides_change_severity_enablement_and_merge_params():
    result = by_id(apply_overrides(RULES, {
        "max-fan-out": RuleOverride(severity=Severity.ERROR, params={"max": 3}),
        "orphan-service": RuleOverride(enabled=False),
        "shared-datastore": RuleOverride(params={"categories": ["cache"]}),
    }))
    assert (result["max-fan-out"].severity, result["max-fan-out"].params) == (
        Severity.ERROR, {"max": 3})
    assert result["orphan-service"].enabled is False
    assert result["shared-datastore"].params == {"categories": ["cache"],
                                                 "ignore_kinds": ["depends-on"]}
    assert by_id(RULES)["max-fan-out"].params == {"max": 6}  # originals untouched
    assert len(result) == len(RULES)


def test_every_override_error_is_collected():
    with pytest.raises(OverrideError) as err:
        apply_overrides(RULES, {
            "max-fan-out": RuleOverride(params={"max": "ten"}),
            "max-fan-in": RuleOverride(params={"maximum": 3}),
            "no-such-rule": RuleOverride(enabled=False),
        })
    assert err.value.errors == [
        "rules.max-fan-in.params: unknown key 'maximum' (valid: max; did you mean 'max'?)",
        "rules.max-fan-out.params.max: must be an integer >= 1 (got 'ten')",
        "rules.no-such-rule: unknown rule 'no-such-rule' (valid: change-coupled-services, "
        "code-hotspot, error-hotspot, hard-coded-endpoint, idle-service, latency-hotspot, "
        "max-fan-in, max-fan-out, no-service-cycles, orphan-service, saturation-hotspot, "
        "shared-datastore, undeclared-runtime-dependency, unknown-runtime-service, "
        "unobserved-declared-dependency)",
    ]


def test_describe_rule_shows_everything_a_reader_needs():
    rule = by_id(apply_overrides(RULES, {"max-fan-out": RuleOverride(params={"max": 4})}))[
        "max-fan-out"]
    text = describe_rule(rule)
    assert text.startswith("max-fan-out: A service should not depend on too many")
    for part in ["severity: warning", "category: coupling", "kind:     fan-out",
                 "max = 4  (default 6; an integer >= 1)", "rationale:", "remediation:",
                 "docs:", "defined in:"]:
        assert part in text, part


def test_generated_rules_doc_covers_every_rule_and_is_current_if_committed():
    text = rules_markdown(RULES)
    assert all(f"## {r.id}" in text for r in RULES)
    committed = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    if committed.exists():
        assert committed.read_text(encoding="utf-8") == text, (
            "docs/rules.md is stale: run python -m analyzer.engine.docs > docs/rules.md")


def test_builtin_dir_points_at_the_checkout_folders():
    root = Path(__file__).resolve().parents[2]
    assert builtin_dir("rules") == root / "rules"
    assert builtin_dir("reports") == root / "reports"
