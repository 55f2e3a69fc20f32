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
    packs: {smells: {enabled: false}}        # switch whole rule packs off
    layers: {edge: [gateway*], core: [orders, billing]}   # for `graph` rules (layer:edge)
    escalation: {blast_radius: 5, to: error, packs: [readiness]}  # enabled: false: off
    scorecard_packs: [readiness]             # packs whose rules make the scorecard
    ignores:                                 # findings kept out of the verdict, with a why
      - {rule: max-fan-in, subject: "auth", reason: "shared by design", expires: 2027-01-31}
    kinds: [mypkg.rules:MyKind]              # user Python kinds: only with --config (trusted)
    prometheus: {window: 7d, preset: auto, aliases: {cart-v2: cart}}  # see ingest/runtime/settings.py
    history: {bot_patterns: ["[bot]", ci-user], max_commit_files: 50}  # change coupling

Rule packs in `.archgov/rules/` of each scanned root are loaded automatically, as untrusted
YAML confined to the roots.

Rule params sit next to `enabled` and `severity` (not under a `params:` key); any other key
must be a param of that rule's kind. Top-level keys may be spelled with `-` or `_`.
Unknown keys, unknown rule ids and invalid values are errors: every one is collected, then
`ConfigError` is raised with lines like
`archgov.yml: rules.max-fan-out.max: must be an integer >= 1 (got 'ten')`.
Precedence is CLI > config file > defaults: the CLI applies its flags with
`dataclasses.replace` on the Settings returned here.

Trust: a config passed with `--config` is the user's and trusted. A config found in the
scanned folder belongs to the repository and is untrusted: every path it names (rule_paths,
sources) must stay inside the scanned roots after `..` and symlinks are resolved, and so
must the rule files it loads. Either way YAML is read with the alias- and depth-limited
`ingest.yamlsafe` reader, files are size-capped, rule kinds are looked up by name only
(nothing is ever imported), and values quoted back in errors are capped at 80 characters.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analyzer.engine import (OverrideError, Rule, apply_overrides, apply_packs,
                             builtin_rules_dir, load_rules)
from analyzer.engine.overrides import overrides_from_config
from analyzer.engine.errors import field_errors, unknown_key
from analyzer.engine.policy import (DEFAULT_SCORECARD_PACKS, EscalationSpec, IgnoreSpec,
                                    PackSpec, Policy)
from analyzer.engine.loader import (MAX_RULE_FILE_BYTES, RuleFileProblem, UnreadableRule,
                                    load_rule_packs)
from analyzer.engine.template import clip
from analyzer.engine.userkinds import load_kind
from analyzer.ingest.history.settings import HistorySettings
from analyzer.ingest.runtime.settings import PrometheusSettings
from analyzer.ingest.yamlsafe import load_yaml
from analyzer.model import Diagnostic, Severity
from analyzer.report import GraphLimits

CONFIG_NAMES = ("archgov.yml", "archgov.yaml")
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1_000_000
USER_PACK = Path(".archgov") / "rules"
TRUST_FIX = "pass a config you trust with --config to use paths outside the scanned folders"


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
    policy: Policy = field(default_factory=Policy)
    prometheus: PrometheusSettings = field(default_factory=PrometheusSettings)
    history: HistorySettings = field(default_factory=HistorySettings)

    @classmethod
    def default(cls) -> Settings:
        """Defaults and the built-in rules, as if no config file existed."""
        rules, diagnostics = load_rules([builtin_rules_dir()], _reader(Scope.trusted()))
        return cls(rules=tuple(rules), diagnostics=tuple(diagnostics))

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def load_config(path: Path | None, search_dir: Path, roots: Sequence[Path] = ()) -> Settings:
    """Settings from `path`, or from the config found in `search_dir`, or the defaults.

    `path` (from --config) is trusted. A config found in `search_dir` is confined to
    `search_dir` and the scanned `roots`: see `Scope`.
    """
    scope = Scope.trusted() if path is not None else Scope.confined([search_dir, *roots])
    found = _locate(path, search_dir)
    user_packs = [r / USER_PACK for r in dict.fromkeys([search_dir, *roots])
                  if (r / USER_PACK).is_dir()]
    if found is None:
        if not user_packs:
            return Settings.default()
        confined = Scope.confined([search_dir, *roots])
        return _settings({}, search_dir / CONFIG_NAMES[0], CONFIG_NAMES[0], "", confined,
                         user_packs, found=False)
    file, label, prefix = found
    scope.check_file(file, label)
    data = _parse(file, label, is_toml=file.suffix == ".toml")
    return _settings(data, file, label, prefix, scope, user_packs)


@dataclass(frozen=True)
class Scope:
    """Where a config may reach: anywhere (trusted) or only inside `roots` (resolved)."""

    roots: tuple[Path, ...] | None

    @classmethod
    def trusted(cls) -> Scope:
        return cls(None)

    @classmethod
    def confined(cls, roots: Sequence[Path]) -> Scope:
        return cls(tuple(dict.fromkeys(r.resolve() for r in roots)))

    def contains(self, path: Path) -> bool:
        if self.roots is None:
            return True
        full = path.resolve()
        return any(full == root or root in full.parents for root in self.roots)

    def path(self, key: str, raw: str, base: Path, errors: list[str]) -> Path:
        """`raw` resolved against `base`; an error appended when this scope may not use it."""
        if self.roots is not None and Path(raw).is_absolute():
            errors.append(f"{key}: '{clip(raw)}' is an absolute path, which a repository's own "
                          f"config may not use (give a path inside the scanned folders, or "
                          f"{TRUST_FIX})")
        elif not self.contains(base / raw):
            errors.append(f"{key}: '{clip(raw)}' resolves to outside the scanned folders "
                          f"(after '..' and symlinks); {TRUST_FIX}")
        return (base / raw).resolve()

    def check_file(self, file: Path, label: str) -> None:
        if not self.contains(file):
            raise ConfigError([f"{label}: is a symlink to outside the scanned folders, so it "
                               f"was not read; {TRUST_FIX}"])


class _ConfigFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    fail_on: Literal["error", "warning", "never"] = "error"
    exclude: list[str] = Field(default_factory=list)
    entry_points: list[str] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)
    rule_paths: list[str] = Field(default_factory=list)
    rules: dict[str, Any] = Field(default_factory=dict)
    graph: GraphLimits = Field(default_factory=GraphLimits)
    packs: dict[str, PackSpec] = Field(default_factory=dict)
    layers: dict[str, list[str]] = Field(default_factory=dict)
    escalation: EscalationSpec = Field(default_factory=EscalationSpec)
    scorecard_packs: list[str] = Field(default_factory=lambda: list(DEFAULT_SCORECARD_PACKS))
    ignores: list[IgnoreSpec] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    prometheus: PrometheusSettings = Field(default_factory=PrometheusSettings)
    history: HistorySettings = Field(default_factory=HistorySettings)


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


def _read(file: Path, label: str, limit: int = MAX_CONFIG_BYTES) -> str:
    try:
        if file.stat().st_size > limit:
            raise ConfigError([f"{label}: larger than {limit} bytes; is this the right file?"])
        return file.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError([f"{label}: cannot be read: {err.strerror}"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{label}: cannot be read: not UTF-8 text"]) from None


def _parse(file: Path, label: str, is_toml: bool) -> dict[str, Any]:
    text = _read(file, label)
    if is_toml:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            line = re.search(r"at line (\d+)", str(err))
            where = f"{label}:{line.group(1)}" if line else label
            raise ConfigError([f"{where}: invalid TOML: {clip(str(err))}"]) from None
        except RecursionError:
            raise ConfigError([f"{label}: invalid TOML: nested too deep"]) from None
        tool = document.get("tool", {})
        data = tool.get("archgov") if isinstance(tool, dict) else None
        if data is None:
            raise ConfigError([f"{label}: no [tool.archgov] table"])
    else:
        data = _yaml_document(text, label, "of settings")
    if not isinstance(data, dict):
        got = "list" if isinstance(data, list) else type(data).__name__
        raise ConfigError([f"{label}: must be a mapping of settings (got {got})"])
    return data


def _yaml_document(text: str, label: str, what: str) -> Any:
    """The one YAML document of `text` ({} when empty), read with the safe, limited reader."""
    documents, diagnostics = load_yaml(text, label)
    if diagnostics:
        raise ConfigError([_yaml_error(d) for d in diagnostics])
    if len(documents) > 1:
        raise ConfigError([f"{label}:{documents[1].line}: holds {len(documents)} YAML "
                           f"documents; keep one mapping {what}"])
    return documents[0].data if documents else {}


def _yaml_error(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.file}:{diagnostic.line}" if diagnostic.line else diagnostic.file
    if diagnostic.code == "yaml-parse-error":
        return f"{where}: invalid YAML: {clip(diagnostic.message.removeprefix('malformed YAML: '))}"
    text = diagnostic.message.removeprefix("document rejected: ").removeprefix("skipped: ")
    fix = _YAML_FIXES.get(diagnostic.code, "fix the YAML")
    return f"{where}: {clip(text, 160)}; {fix}"


_YAML_FIXES = {"yaml-alias-bomb": "write the values out instead of using aliases",
               "yaml-too-deep": "nest the settings less deeply"}


def _reader(scope: Scope) -> Callable[[Path], Any]:
    """The rule-file reader for `engine.load_rules`: safe YAML, size-capped, and confined to
    `scope` (the built-in pack excepted)."""
    builtin = builtin_rules_dir()

    def read(path: Path) -> Any:
        if builtin not in path.parents and not scope.contains(path):
            raise UnreadableRule("rule-outside-roots", "is a symlink to outside the scanned "
                                 f"folders, so it was not read; {TRUST_FIX}")
        try:
            return _yaml_document(_read(path, path.as_posix(), MAX_RULE_FILE_BYTES),
                                  path.as_posix(), "of rule fields")
        except ConfigError as err:
            first = err.errors[0].removeprefix(path.as_posix())
            line = re.match(r":(\d+): ", first)
            raise UnreadableRule("invalid-rule" if line else "unreadable-rule",
                                 first[line.end() if line else 2:],
                                 int(line.group(1)) if line else None) from None

    return read


def _settings(data: dict[str, Any], file: Path, label: str, prefix: str,
              scope: Scope, user_packs: Sequence[Path] = (), found: bool = True) -> Settings:
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
        key = _key(prefix, f"rule_paths.{index}")
        count = len(errors)
        folder = scope.path(key, raw, file.parent, errors)
        if len(errors) == count and not folder.is_dir():
            errors.append(f"{key}: folder not found: {clip(raw)}")
        if len(errors) == count:
            rule_paths.append(folder)
    for service_id, raw in sorted(config.sources.items()):
        scope.path(_key(prefix, f"sources.{clip(service_id, 40)}"), raw, file.parent, errors)
    if scope.roots is not None and config.prometheus.url is not None:
        errors.append(f"{_key(prefix, 'prometheus.url')}: a repository's own config may not name "
                      "a Prometheus server (credentials from the environment would be sent to "
                      "it); pass --prometheus, or a config you trust with --config")
    _user_kinds(config.kinds, scope, prefix, errors)
    rules, diagnostics, rule_file_errors = _load_packs(
        [*rule_paths, *(p.resolve() for p in user_packs)], scope, file.parent)
    overrides = overrides_from_config(config.rules, rules, prefix, errors)
    try:
        rules = apply_overrides(rules, overrides)
    except OverrideError as err:
        errors += [f"{_key(prefix, e)}" for e in err.errors]
    rules, pack_errors = apply_packs(rules, {k: v.enabled for k, v in config.packs.items()})
    errors += [_key(prefix, e) for e in pack_errors]
    if errors or rule_file_errors:
        raise ConfigError(sorted({f"{label}: {e}" for e in errors} | set(rule_file_errors)))
    return Settings(
        fail_on=None if config.fail_on == "never" else Severity(config.fail_on),
        exclude=tuple(sorted(set(config.exclude))),
        entry_points=tuple(sorted(set(config.entry_points))),
        sources=dict(sorted(config.sources.items())),
        rules=tuple(rules), rule_paths=tuple(rule_paths), config_file=label if found else None,
        diagnostics=tuple(diagnostics), graph=config.graph, prometheus=config.prometheus,
        history=config.history,
        policy=Policy(layers={k: tuple(v) for k, v in sorted(config.layers.items())},
                      escalation=config.escalation if config.escalation.enabled else None,
                      scorecard_packs=tuple(config.scorecard_packs),
                      ignores=tuple(config.ignores)))


def _user_kinds(specs: list[str], scope: Scope, prefix: str, errors: list[str]) -> None:
    """Import the user kinds of a trusted config; a repository's config may name none."""
    for index, spec in enumerate(specs):
        key = _key(prefix, f"kinds.{index}")
        if scope.roots is not None:
            errors.append(f"{key}: a repository's own config may not load Python kinds (that "
                          f"would run the repository's code); {TRUST_FIX}")
            continue
        try:
            load_kind(spec)
        except ValueError as err:
            errors.append(f"{key}: {err}")


def _load_packs(rule_paths: list[Path], scope: Scope, base: Path
                ) -> tuple[list[Rule], list[Diagnostic], list[str]]:
    """Built-in and user rules, and `file: field: message` per error of a user rule file."""
    builtin = builtin_rules_dir()
    rules, problems = load_rule_packs([builtin, *rule_paths], _reader(scope))
    diagnostics, errors = [], []
    for problem in problems:
        if builtin in Path(problem.file).parents:
            diagnostics.append(problem.diagnostic())  # a packaging bug, not the user's input
        else:
            errors.extend(_problem_lines(problem, base))
    return rules, diagnostics, errors


def _problem_lines(problem: RuleFileProblem, base: Path) -> list[str]:
    """`file[:line]: field: message` per error, the file relative to the config's folder."""
    file = Path(problem.file)
    shown = file.relative_to(base).as_posix() if base in file.parents else problem.file
    where = f"{shown}:{problem.line}" if problem.line else shown
    return [f"{where}: {error}" for error in problem.errors]


def _invalid(key: str, value: Any) -> bool:
    try:
        _ConfigFile.model_validate({key: value})
    except ValidationError:
        return True
    return False


def _key(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
