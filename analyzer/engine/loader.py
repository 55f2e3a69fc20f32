"""Load rule packs: folders of `<id>.yaml` files, one rule each.

A folder passed in is a pack when it holds rule files itself, and each of its immediate
subfolders is a pack too (`rules/` holds `smells/`, `readiness/`, ...); a rule's `pack` is
the name of the folder it was read from.

A file that cannot be read or fails validation becomes one `RuleFileProblem` naming the file
and every field error (`field: message`), and loading goes on with the next file. Checks: the
file's fields (RuleSpec, every text bounded), the kind is registered, params fit the kind's
Params model, the message is a safe template over fields the kind provides
(`engine.template`), and the id equals the file name. When two files share an id, the first
folder wins (built-ins are passed first, so a user pack cannot silently replace a built-in)
and the second is reported.

Kinds are looked up by name in the `KINDS` registry only: nothing a rule file says is ever
imported or executed. Parsing is the caller's `read` function, so the config layer can read
packs from a repository with its hardened YAML reader; the default is for trusted packs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from analyzer.engine.errors import field_errors, unknown_key
from analyzer.engine.kinds import KINDS
from analyzer.engine.rule import Rule, RuleSpec
from analyzer.engine.template import clip, show, unknown_fields
from analyzer.model import Diagnostic, Severity

RULE_SUFFIXES = (".yaml", ".yml")
MAX_RULE_FILE_BYTES = 256_000  # a rule is a screenful of YAML
MAX_RULE_FILES = 1_000  # per pack folder


class UnreadableRule(Exception):
    """Raised by a `read` function: the file cannot be turned into data (why, and where)."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


Reader = Callable[[Path], Any]  # a rule file -> its data, or UnreadableRule


@dataclass(frozen=True)
class RuleFileProblem:
    """Why one rule file (or pack folder) was skipped: every error, each `field: message`."""

    code: str
    file: str
    errors: tuple[str, ...]
    line: int | None = None

    def diagnostic(self) -> Diagnostic:
        prefix = "invalid rule, skipped: " if self.code == "invalid-rule" else ""
        return Diagnostic(severity=Severity.ERROR, code=self.code, file=self.file,
                          line=self.line, message=prefix + "; ".join(self.errors))


def load_rules(dirs: list[Path], read: Reader | None = None
               ) -> tuple[list[Rule], list[Diagnostic]]:
    """Every valid rule under `dirs` (sorted by id) and a diagnostic per file skipped."""
    rules, problems = load_rule_packs(dirs, read)
    return rules, [p.diagnostic() for p in problems]


def load_rule_packs(dirs: list[Path], read: Reader | None = None
                    ) -> tuple[list[Rule], list[RuleFileProblem]]:
    """Every valid rule under `dirs` (sorted by id) and a problem per file skipped."""
    rules: dict[str, Rule] = {}
    problems: list[RuleFileProblem] = []
    for directory in dirs:
        if not directory.is_dir():
            problems.append(RuleFileProblem("rule-pack-missing", directory.as_posix(),
                                            ("rule pack folder not found",)))
            continue
        files = _pack_files(directory)
        if len(files) > MAX_RULE_FILES:
            problems.append(RuleFileProblem("rule-pack-too-large", directory.as_posix(), (
                f"more than {MAX_RULE_FILES} rule files; split the pack",)))
            continue
        for path in files:
            rule, problem = _load(path, read or read_trusted_yaml)
            if problem is not None:
                problems.append(problem)
            elif rule is not None and rule.id in rules:
                problems.append(RuleFileProblem("duplicate-rule", path.as_posix(), (
                    f"id: duplicate rule id '{rule.id}', skipped: already loaded from "
                    f"{rules[rule.id].source}; rename one",)))
            elif rule is not None:
                rules[rule.id] = rule
    return [rules[k] for k in sorted(rules)], problems


def _pack_files(directory: Path) -> list[Path]:
    """The rule files of the pack `directory` and of its immediate subfolder packs, sorted."""
    folders = [directory, *sorted(p for p in directory.iterdir() if p.is_dir()
                                  and not p.is_symlink() and not p.name.startswith("."))]
    return [path for folder in folders
            for path in sorted(p for p in folder.iterdir() if p.suffix in RULE_SUFFIXES)]


def load_rule_file(path: Path, read: Reader | None = None
                   ) -> tuple[Rule | None, list[Diagnostic]]:
    """One rule file: the Rule, or None and a diagnostic listing every problem."""
    rule, problem = _load(path, read or read_trusted_yaml)
    return rule, [] if problem is None else [problem.diagnostic()]


def read_trusted_yaml(path: Path) -> Any:
    """The default reader, for packs the user chose (built-ins, tests): PyYAML's safe loader."""
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise UnreadableRule("invalid-rule", f"larger than {MAX_RULE_FILE_BYTES} bytes")
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise UnreadableRule("unreadable-rule", f"cannot be read: {err.strerror}") from None
    except UnicodeDecodeError:
        raise UnreadableRule("unreadable-rule", "cannot be read: not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UnreadableRule("invalid-rule", f"invalid YAML, skipped: {clip(problem)}",
                             mark.line + 1 if mark is not None else None) from None


def check_params(kind_name: str, params: Any, prefix: str = "params") -> list[str]:
    """Field errors of `params` against the kind's Params model (empty when valid)."""
    if not isinstance(params, dict):
        return [f"{prefix}: must be a mapping (got {show(params)})"]
    model = KINDS[kind_name].Params
    try:
        model.model_validate(params)
    except ValidationError as err:
        return field_errors(err, model, prefix)
    return []


def _load(path: Path, read: Reader) -> tuple[Rule | None, RuleFileProblem | None]:
    file = path.as_posix()
    if not path.is_file():
        return None, RuleFileProblem("unreadable-rule", file, ("not a regular file",))
    try:
        data = read(path)
    except UnreadableRule as err:
        return None, RuleFileProblem(err.code, file, (err.message,), err.line)
    if not isinstance(data, dict):
        return None, RuleFileProblem("invalid-rule", file, ("expected a mapping of rule fields",))
    errors = _check(data, path)
    if errors:
        return None, RuleFileProblem("invalid-rule", file, tuple(errors))
    spec = RuleSpec.model_validate(data)
    params = KINDS[spec.kind].Params.model_validate(spec.params).model_dump(mode="json")
    return Rule(**{**spec.model_dump(), "params": params, "source": file,
                   "pack": path.parent.name}), None


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
            errors.extend(unknown_fields(message, KINDS[kind].fields, kind))
    rule_id = data.get("id")
    if isinstance(rule_id, str) and rule_id != path.stem:
        errors.append(f"id: '{clip(rule_id)}' must equal the file name without extension "
                      f"('{clip(path.stem)}')")
    return sorted(set(errors))

