"""Load rule packs: folders of `<id>.yaml` files, one rule each.

A file that cannot be read or fails validation becomes one Diagnostic naming the file and
every field error (`field: message`), and loading goes on with the next file. Checks: the
file's fields (RuleSpec), the kind is registered, params fit the kind's Params model, the
message only uses fields the kind provides, and the id equals the file name. When two files
share an id, the first folder wins (built-ins are passed first, so a user pack cannot
silently replace a built-in) and the second is reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from analyzer.engine.errors import field_errors, unknown_key
from analyzer.engine.kinds import KINDS
from analyzer.engine.rule import Rule, RuleSpec, template_fields
from analyzer.model import Diagnostic, Severity

RULE_SUFFIXES = (".yaml", ".yml")


def load_rules(dirs: list[Path]) -> tuple[list[Rule], list[Diagnostic]]:
    """Every valid rule under `dirs` (sorted by id) and a diagnostic per file skipped."""
    rules: dict[str, Rule] = {}
    diagnostics: list[Diagnostic] = []
    for directory in dirs:
        if not directory.is_dir():
            diagnostics.append(_diag("rule-pack-missing", directory,
                                     "rule pack folder not found"))
            continue
        files = sorted(p for p in directory.iterdir()
                       if p.suffix in RULE_SUFFIXES and p.is_file())
        for path in files:
            rule, problems = load_rule_file(path)
            diagnostics.extend(problems)
            if rule is None:
                continue
            if rule.id in rules:
                diagnostics.append(_diag("duplicate-rule", path,
                                         f"duplicate rule id '{rule.id}', skipped: "
                                         f"already loaded from {rules[rule.id].source}"))
                continue
            rules[rule.id] = rule
    return [rules[k] for k in sorted(rules)], diagnostics


def load_rule_file(path: Path) -> tuple[Rule | None, list[Diagnostic]]:
    """One rule file: the Rule, or None and a diagnostic listing every problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        return None, [_diag("unreadable-rule", path, f"cannot be read: {err.strerror}")]
    except UnicodeDecodeError:
        return None, [_diag("unreadable-rule", path, "cannot be read: not UTF-8 text")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        return None, [_diag("invalid-rule", path, f"invalid YAML, skipped: {problem}", line)]
    if not isinstance(data, dict):
        return None, [_diag("invalid-rule", path,
                            "invalid rule, skipped: expected a mapping of rule fields")]
    errors = _check(data, path)
    if errors:
        return None, [_diag("invalid-rule", path, "invalid rule, skipped: " + "; ".join(errors))]
    spec = RuleSpec.model_validate(data)
    params = KINDS[spec.kind].Params.model_validate(spec.params).model_dump(mode="json")
    return Rule(**{**spec.model_dump(), "params": params, "source": path.as_posix()}), []


def check_params(kind_name: str, params: Any, prefix: str = "params") -> list[str]:
    """Field errors of `params` against the kind's Params model (empty when valid)."""
    if not isinstance(params, dict):
        return [f"{prefix}: must be a mapping (got {params!r})"]
    model = KINDS[kind_name].Params
    try:
        model.model_validate(params)
    except ValidationError as err:
        return field_errors(err, model, prefix)
    return []


def _check(data: dict[str, Any], path: Path) -> list[str]:
    errors: list[str] = []
    try:
        RuleSpec.model_validate(data)
    except ValidationError as err:
        errors.extend(field_errors(err, RuleSpec))
    kind = data.get("kind")
    if isinstance(kind, str) and kind not in KINDS:
        errors.append(f"kind: {unknown_key(kind, sorted(KINDS), 'kind')}")
    elif isinstance(kind, str):
        errors.extend(check_params(kind, data.get("params", {})))
        message = data.get("message")
        if isinstance(message, str):
            errors.extend(_check_message(message, kind))
    rule_id = data.get("id")
    if isinstance(rule_id, str) and rule_id != path.stem:
        errors.append(f"id: '{rule_id}' must equal the file name without extension "
                      f"('{path.stem}')")
    return sorted(set(errors))


def _check_message(message: str, kind: str) -> list[str]:
    try:
        names = template_fields(message)
    except ValueError:
        return []  # already reported by RuleSpec
    unknown = sorted(names - KINDS[kind].fields)
    if not unknown:
        return []
    return [f"message: unknown field {{{name}}} (kind '{kind}' provides: "
            f"{', '.join(sorted(KINDS[kind].fields))})" for name in unknown]


def _diag(code: str, path: Path, message: str, line: int | None = None) -> Diagnostic:
    return Diagnostic(severity=Severity.ERROR, code=code, message=message,
                      file=path.as_posix(), line=line)
