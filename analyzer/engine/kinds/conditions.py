"""The small condition language of `resource` rules: checks on fact paths.

A check names a `path` into a resource's facts (`replicas`, `pod.containers[*].readinessProbe`;
`[*]` means every element of a list) and an `op`: exists, absent, equals, not_equals, in,
not_in, matches / not_matches (an anchored regex, length-capped, nested quantifiers refused, compiled once), gte, lte,
truthy, falsy. `any_of` holds when one of its checks holds (for "topology spread or
anti-affinity"); `each` + `require` applies checks to every element of a list (for "each
container is pinned by digest or by a tag"); `greater_than_field` compares with another fact. Failures name the element that failed ("container cart"), so messages can
say what to fix.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Op = Literal["exists", "absent", "equals", "not_equals", "in", "not_in", "matches",
             "not_matches", "gte", "lte", "truthy", "falsy", "greater_than_field"]
MAX_PATTERN = 200
MAX_SUBJECT = 1000  # characters of a value a regex is run on
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(\[\*\])?(\.[A-Za-z_][A-Za-z0-9_-]*(\[\*\])?){0,15}$")
_NESTED_QUANTIFIER = re.compile(r"\([^()]{0,200}[+*}][^()]{0,200}\)[+*{]")
_MISSING = object()


class Check(BaseModel):
    """One condition on a fact path; `problem` is how a failure reads ("has no readinessProbe")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field("", description="dotted fact path, [*] for every element of a list")
    op: Op = Field("exists", description="the comparison")
    value: Any = Field(None, description="the operand of equals/in/matches/gte/...")
    any_of: list[Check] = Field(default_factory=list,
                                description="holds when one of these checks holds")
    each: str = Field("", description="a list path: `require` holds for every element of it")
    require: list[Check] = Field(default_factory=list,
                                 description="checks on each element of `each`")
    problem: str = Field("", max_length=200, description="how a failure reads in the message; "
                                                         "{value} is the value found")

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if value and not _PATH.match(value):
            raise ValueError("must be a dotted path of names, e.g. pod.containers[*].image")
        return value

    @model_validator(mode="after")
    def _operand(self) -> Check:
        if (bool(self.path), bool(self.any_of), bool(self.each)).count(True) != 1:
            raise ValueError("give exactly one of path (with op), any_of, or each (with require)")
        if self.each and not _PATH.match(self.each):
            raise ValueError("each must be a dotted path of names, e.g. pod.containers")
        if bool(self.each) != bool(self.require):
            raise ValueError("each and require go together")
        if self.op == "greater_than_field" and not (isinstance(self.value, str)
                                                    and _PATH.match(self.value)):
            raise ValueError("greater_than_field needs the path of another fact as value")
        if self.op in ("matches", "not_matches"):
            if not isinstance(self.value, str) or len(self.value) > MAX_PATTERN:
                raise ValueError(f"matches needs a regex string of at most {MAX_PATTERN} chars")
            if _NESTED_QUANTIFIER.search(self.value):
                raise ValueError("regex has a quantified group containing a quantifier "
                                 "(e.g. (a+)+), which can take exponential time")
            try:
                _regex(self.value)
            except re.error as err:
                raise ValueError(f"not a valid regex: {err}") from err
        if self.op in ("in", "not_in") and not isinstance(self.value, list):
            raise ValueError(f"{self.op} needs a list value")
        if self.op in ("gte", "lte") and (not isinstance(self.value, (int, float))
                                          or isinstance(self.value, bool)):
            raise ValueError(f"{self.op} needs a number value")
        return self


def failures(check: Check, facts: dict[str, Any]) -> list[str]:
    """Why `check` does not hold on `facts`: one text per failing element (empty: it holds)."""
    if check.any_of:
        found = [failures(c, facts) for c in check.any_of]
        if any(not f for f in found):
            return []
        return [check.problem or " and ".join(f[0] for f in found)]
    if check.each:
        return [f"{where} {problem}".strip() for where, item in resolve(facts, check.each + "[*]")
                for c in check.require for problem in failures(c, item)]
    out = []
    operand = check.value
    if check.op == "greater_than_field":
        operand = _number(resolve(facts, check.value)[0][1])
    for where, value in resolve(facts, check.path):
        if not holds(check.op, operand, value):
            what = check.problem.replace("{value}", _show(value)) if check.problem \
                else _default_problem(check, value)
            out.append(f"{where} {what}".strip())
    return out


def resolve(facts: Any, path: str) -> list[tuple[str, Any]]:
    """(element label, value) for every value the path reaches; missing keys give None."""
    found: list[tuple[str, Any]] = [("", facts)]
    for segment in path.split("."):
        many = segment.endswith("[*]")
        key = segment[:-3] if many else segment
        step: list[tuple[str, Any]] = []
        for where, node in found:
            value = node.get(key, _MISSING) if isinstance(node, dict) else _MISSING
            if not many:
                step.append((where, value))
                continue
            for index, item in enumerate(value if isinstance(value, list) else []):
                step.append((_label(key, item, index), item))
        found = step
    return [(where, None if value is _MISSING else value) for where, value in found]


def holds(op: str, operand: Any, value: Any) -> bool:
    """Whether `value op operand` is true; comparisons on a missing value are false."""
    if op == "exists":
        return value is not None
    if op == "absent":
        return value is None
    if op == "truthy":
        return bool(value)
    if op == "falsy":
        return not value
    if op == "equals":
        return value == operand
    if op == "not_equals":
        return value != operand
    if op == "in":
        return value in operand
    if op == "not_in":
        return value not in operand
    if op in ("matches", "not_matches"):
        matched = isinstance(value, str) and bool(_regex(operand).fullmatch(value[:MAX_SUBJECT]))
        return matched if op == "matches" else not matched
    number = _number(value)
    if number is None or operand is None:
        return False
    if op == "greater_than_field":
        return number > operand
    return number >= operand if op == "gte" else number <= operand


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}(\.\d{1,15})?", value.strip()):
        return float(value)
    return None


def _label(key: str, item: Any, index: int) -> str:
    """How a list element is named in a message: by its name, else its line, else its index."""
    noun = _NOUNS.get(key, key[:-1] if key.endswith("s") else key)
    name = item.get("name") if isinstance(item, dict) else None
    line = item.get("line") if isinstance(item, dict) else None
    if name:
        return f"{noun} {name}"
    return f"{noun} at line {line}" if isinstance(line, int) else f"{noun} #{index + 1}"


_NOUNS = {"containers": "container", "initContainers": "init container", "adds": "ADD",
          "copies": "COPY", "http": "http route"}


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value[:10])[:200]
    return str(value)[:200]


def _default_problem(check: Check, value: Any) -> str:
    leaf = check.path.rsplit(".", 1)[-1].replace("[*]", "")
    shown = "missing" if value is None else repr(value)[:80]
    if check.op == "exists":
        return f"has no {leaf}"
    if check.op == "absent":
        return f"sets {leaf}"
    return f"{leaf} is {shown} (want {check.op} {check.value!r})"
