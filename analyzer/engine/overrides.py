"""Per-project re-grading of rules: enable/disable, change severity, change params.

Severity and enablement live apart from the rule files (as in Polaris), so a team re-grades
a built-in check without forking it. Params are merged over the rule's own and validated
against its kind; every error is collected before `OverrideError` is raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from analyzer.engine.errors import unknown_key
from analyzer.engine.kinds import KINDS
from analyzer.engine.loader import check_params
from analyzer.engine.rule import Rule
from analyzer.model import Severity


class RuleOverride(BaseModel):
    """What a project changes about one rule; None / empty means "keep the rule's own"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool | None = None
    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class OverrideError(ValueError):
    """Overrides that do not fit the rules: unknown rule ids or invalid params."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def apply_overrides(rules: list[Rule], overrides: Mapping[str, RuleOverride]) -> list[Rule]:
    """The rules with `overrides` applied (disabled rules stay listed with enabled=False).

    Errors read `rules.<id>: unknown rule (...)` or `rules.<id>.params.<field>: <message>`.
    """
    by_id = {rule.id: rule for rule in rules}
    errors = [f"rules.{rule_id}: {unknown_key(rule_id, sorted(by_id), 'rule')}"
              for rule_id in sorted(overrides) if rule_id not in by_id]
    result = []
    for rule in rules:
        override = overrides.get(rule.id)
        if override is None:
            result.append(rule)
            continue
        merged = {**rule.params, **override.params}
        problems = check_params(rule.kind, merged, prefix=f"rules.{rule.id}.params")
        errors.extend(problems)
        if problems:
            continue
        params = KINDS[rule.kind].Params.model_validate(merged).model_dump(mode="json")
        update: dict[str, Any] = {"params": params}
        if override.enabled is not None:
            update["enabled"] = override.enabled
        if override.severity is not None:
            update["severity"] = override.severity
        result.append(rule.model_copy(update=update))
    if errors:
        raise OverrideError(sorted(errors))
    return result
