"""Project configuration: `archgov.yml` / `archgov.yaml`, or `[tool.archgov]` in pyproject.toml.

Shape (YAML; the TOML table has the same keys)::

    fail_on: warning            # error | warning | never   (default: error)
    exclude: [node_modules]     # folder names skipped while scanning
    entry_points: [gateway]     # service ids users reach directly
    sources: {cart: services/cart}   # service id -> source folder, relative to the scanned root
    rule_paths: [governance/rules]   # extra rule packs, relative to the config file
    rules:                      # per rule id: enabled, severity, and the kind's params
      max-fan-out: {severity: error, max: 4}
      orphan-service: {enabled: false}
    graph: {max_dot_nodes: 300, max_dot_edges: 250, timeout_seconds: 60}  # when Graphviz draws

Rule params sit next to `enabled` and `severity` (not under a `params:` key); any other key
must be a param of that rule's kind. Top-level keys may be spelled with `-` or `_`.
Unknown keys, unknown rule ids and invalid values are errors: every one is collected, then
`ConfigError` is raised with lines like
`archgov.yml: rules.max-fan-out.max: must be an integer >= 1 (got 'ten')`.
Precedence is CLI > config file > defaults: the CLI applies its flags with
`dataclasses.replace` on the Settings returned here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analyzer.engine import (KINDS, OverrideError, Rule, RuleOverride, apply_overrides,
                             builtin_rules_dir, load_rules)
from analyzer.engine.errors import field_errors, unknown_key
from analyzer.engine.loader import check_params
from analyzer.model import Diagnostic, Severity
from analyzer.report import GraphLimits

CONFIG_NAMES = ("archgov.yml", "archgov.yaml")
PYPROJECT = "pyproject.toml"
_RULE_SWITCHES = ("enabled", "severity")


class ConfigError(ValueError):
    """The configuration is invalid; `errors` holds every problem, each naming file and key."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Settings:
    """The one frozen settings object passed down the pipeline."""

    fail_on: Severity | None = Severity.ERROR
    exclude: tuple[str, ...] = ()
    entry_points: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    rule_paths: tuple[Path, ...] = ()
    config_file: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    graph: GraphLimits = field(default_factory=GraphLimits)

    @classmethod
    def default(cls) -> Settings:
        """Defaults and the built-in rules, as if no config file existed."""
        rules, diagnostics = load_rules([builtin_rules_dir()])
        return cls(rules=tuple(rules), diagnostics=tuple(diagnostics))

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def load_config(path: Path | None, search_dir: Path) -> Settings:
    """Settings from `path`, or from the config found in `search_dir`, or the defaults."""
    found = _locate(path, search_dir)
    if found is None:
        return Settings.default()
    file, label, prefix = found
    data = _parse(file, label, is_toml=file.suffix == ".toml")
    return _settings(data, file, label, prefix)


class _ConfigFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    fail_on: Literal["error", "warning", "never"] = "error"
    exclude: list[str] = Field(default_factory=list)
    entry_points: list[str] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)
    rule_paths: list[str] = Field(default_factory=list)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    graph: GraphLimits = Field(default_factory=GraphLimits)


def _locate(path: Path | None, search_dir: Path) -> tuple[Path, str, str] | None:
    """(file, label for messages, key prefix) of the config to read, or None."""
    if path is not None:
        if not path.is_file():
            raise ConfigError([f"{path.as_posix()}: config file not found"])
        return path, path.as_posix(), "tool.archgov" if path.suffix == ".toml" else ""
    present = [search_dir / n for n in CONFIG_NAMES if (search_dir / n).is_file()]
    if len(present) > 1:
        raise ConfigError([f"{CONFIG_NAMES[0]}: both {' and '.join(CONFIG_NAMES)} exist; "
                           "keep one"])
    if present:
        return present[0], present[0].name, ""
    pyproject = search_dir / PYPROJECT
    if pyproject.is_file() and "tool.archgov" in _read(pyproject, PYPROJECT):
        return pyproject, PYPROJECT, "tool.archgov"
    return None


def _read(file: Path, label: str) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError([f"{label}: cannot be read: {err}"]) from None


def _parse(file: Path, label: str, is_toml: bool) -> dict[str, Any]:
    text = _read(file, label)
    if is_toml:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            line = re.search(r"at line (\d+)", str(err))
            where = f"{label}:{line.group(1)}" if line else label
            raise ConfigError([f"{where}: invalid TOML: {err}"]) from None
        table = document.get("tool", {}).get("archgov")
        if table is None:
            raise ConfigError([f"{label}: no [tool.archgov] table"])
        data = table
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f"{label}:{mark.line + 1}" if mark is not None else label
            problem = getattr(err, "problem", None) or str(err)
            raise ConfigError([f"{where}: invalid YAML: {problem}"]) from None
        if data is None:  # an empty file: every default
            data = {}
    if not isinstance(data, dict):
        raise ConfigError([f"{label}: must be a mapping of settings (got {type(data).__name__})"])
    return data


def _settings(data: dict[str, Any], file: Path, label: str, prefix: str) -> Settings:
    errors: list[str] = []
    normalized: dict[str, Any] = {}
    valid = sorted(_ConfigFile.model_fields)
    for key, value in data.items():
        name = str(key).replace("-", "_")
        if name not in _ConfigFile.model_fields:
            message = unknown_key(str(key), valid)
            errors.append(f"{prefix}: {message}" if prefix else message)
            continue
        if name in normalized:
            errors.append(f"{_key(prefix, name)}: given twice (as '-' and '_' spellings)")
        normalized[name] = value
    try:
        config = _ConfigFile.model_validate(normalized)
    except ValidationError as err:
        errors += field_errors(err, _ConfigFile, prefix)
        config = _ConfigFile.model_validate(
            {k: v for k, v in normalized.items() if k in _ConfigFile.model_fields
             and not _invalid(k, v)})
    rule_paths = []
    for index, raw in enumerate(config.rule_paths):
        folder = (file.parent / raw).resolve()
        if not folder.is_dir():
            errors.append(f"{_key(prefix, f'rule_paths.{index}')}: folder not found: {raw}")
        rule_paths.append(folder)
    rules, diagnostics = load_rules([builtin_rules_dir(), *(p for p in rule_paths if p.is_dir())])
    overrides = _overrides(config.rules, rules, prefix, errors)
    try:
        rules = apply_overrides(rules, overrides)
    except OverrideError as err:
        errors += [f"{_key(prefix, e)}" for e in err.errors]
    if errors:
        raise ConfigError([f"{label}: {e}" for e in sorted(set(errors))])
    return Settings(
        fail_on=None if config.fail_on == "never" else Severity(config.fail_on),
        exclude=tuple(sorted(set(config.exclude))),
        entry_points=tuple(sorted(set(config.entry_points))),
        sources=dict(sorted(config.sources.items())),
        rules=tuple(rules), rule_paths=tuple(rule_paths), config_file=label,
        diagnostics=tuple(diagnostics), graph=config.graph)


def _overrides(entries: dict[str, dict[str, Any]], rules: list[Rule], prefix: str,
               errors: list[str]) -> dict[str, RuleOverride]:
    """RuleOverrides from `rules:` entries; problems appended to `errors`."""
    by_id = {r.id: r for r in rules}
    result = {}
    for rule_id, entry in sorted(entries.items()):
        key = _key(prefix, f"rules.{rule_id}")
        rule = by_id.get(rule_id)
        if rule is None:
            errors.append(f"{_key(prefix, 'rules')}: {unknown_key(rule_id, sorted(by_id), 'rule')}")
            continue
        param_names = list(KINDS[rule.kind].Params.model_fields)
        valid = sorted([*_RULE_SWITCHES, *param_names])
        unknown = [k for k in entry if k not in valid]
        errors += [f"{key}: {unknown_key(str(k), valid)}" for k in unknown]
        params = {k: v for k, v in entry.items() if k in param_names}
        problems = check_params(rule.kind, {**rule.params, **params}, prefix=key)
        switches = {k: v for k, v in entry.items() if k in _RULE_SWITCHES}
        try:
            override = RuleOverride.model_validate({**switches, "params": params})
        except ValidationError as err:
            problems += field_errors(err, RuleOverride, key)
        errors += problems
        if not problems and not unknown:
            result[rule_id] = override
    return result


def _invalid(key: str, value: Any) -> bool:
    try:
        _ConfigFile.model_validate({key: value})
    except ValidationError:
        return True
    return False


def _key(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
