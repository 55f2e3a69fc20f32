"""Per-project re-grading of rules: enable/disable, change severity, change params.

Severity and enablement live apart from the rule files (as in Polaris), so a team re-grades
a built-in check without forking it. Params are merged over the rule's own and validated
against its kind; every error is collected before `OverrideError` is raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analyzer.engine.errors import field_errors, unknown_key
from analyzer.engine.kinds import KINDS
from analyzer.engine.loader import check_params
from analyzer.engine.rule import Rule
from analyzer.engine.template import clip, show
from analyzer.model import Severity


RULE_SWITCHES = ("enabled", "severity")


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


def apply_packs(rules: list[Rule], enabled: Mapping[str, bool]) -> tuple[list[Rule], list[str]]:
    """The rules with whole packs switched on or off (`packs: {smells: {enabled: false}}`),
    and a `packs: unknown pack ...` error per name no rule has."""
    known = sorted({r.pack for r in rules})
    errors = [f"packs: {unknown_key(name, known, 'pack')}" for name in sorted(enabled)
              if name not in known]
    return [r.model_copy(update={"enabled": enabled[r.pack]})
            if r.pack in enabled and not enabled[r.pack] else r for r in rules], errors


def overrides_from_config(entries: dict[str, Any], rules: list[Rule], prefix: str,
               errors: list[str]) -> dict[str, RuleOverride]:
    """RuleOverrides from a config's `rules:` entries (switches and params side by side);
    problems appended to `errors`, all of them, keys prefixed with `prefix`."""
    by_id = {r.id: r for r in rules}
    result = {}
    for rule_id, entry in sorted(entries.items()):
        key = _key(prefix, f"rules.{clip(rule_id, 60)}")
        rule = by_id.get(rule_id)
        if rule is None:
            errors.append(f"{_key(prefix, 'rules')}: {unknown_key(rule_id, sorted(by_id), 'rule')}")
            continue
        if not isinstance(entry, dict):
            errors.append(f"{key}: must be a mapping of enabled, severity and params "
                          f"(got {show(entry)})")
            continue
        param_names = list(KINDS[rule.kind].Params.model_fields)
        valid = sorted([*RULE_SWITCHES, *param_names])
        unknown = [k for k in entry if k not in valid]
        errors += [f"{key}: {unknown_key(str(k), valid)}" for k in unknown]
        params = {k: v for k, v in entry.items() if k in param_names}
        problems = check_params(rule.kind, {**rule.params, **params}, prefix=key)
        switches = {k: v for k, v in entry.items() if k in RULE_SWITCHES}
        try:
            override = RuleOverride.model_validate({**switches, "params": params})
        except ValidationError as err:
            problems += field_errors(err, RuleOverride, key)
        errors += problems
        if not problems and not unknown:
            result[rule_id] = override
    return result


def _key(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
