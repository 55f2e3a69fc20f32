"""Turn pydantic validation errors into `dotted.key: message` lines a user can act on.

Shared by rule-pack loading, rule overrides and the config loader, so every user-facing
field error reads the same: where (dotted key), what (expected type or constraint), what was
given, and for unknown keys the valid choices and the nearest one. What was given is quoted
through `template.show`/`clip`, so a hostile value never floods an error message.
"""

from __future__ import annotations

import difflib
import enum
import types
import typing
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from analyzer.engine.template import clip, show

KEBAB_CASE = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def field_errors(error: ValidationError, model: type[BaseModel], prefix: str = "") -> list[str]:
    """One `key: message` line per error of `model`, keys prefixed with `prefix`."""
    lines = []
    for item in error.errors():
        loc = [str(p) for p in item["loc"]]
        if item["type"] == "extra_forbidden":
            parent = clip(".".join(filter(None, [prefix, *loc[:-1]])), 120)
            message = unknown_key(loc[-1], _valid_keys(model, loc[:-1]))
            lines.append(f"{parent}: {message}" if parent else message)
            continue
        key = clip(".".join(filter(None, [prefix, *loc])), 120)
        lines.append(f"{key}: {_describe(item, _expected(model, loc))}")
    return sorted(set(lines))


def unknown_key(key: str, valid: list[str], what: str = "key") -> str:
    """`unknown key 'x' (valid: a, b; did you mean 'a'?)`."""
    key = clip(key, 60)
    hint = difflib.get_close_matches(key.replace("-", "_"), valid, n=1) or \
        difflib.get_close_matches(key, valid, n=1)
    text = f"unknown {what} '{key}' (valid: {', '.join(sorted(valid)) or 'none'}"
    return text + (f"; did you mean '{hint[0]}'?)" if hint else ")")


def expected_text(annotation: Any, metadata: list[Any] | None = None) -> str | None:
    """A short phrase for what a field accepts, e.g. "an integer >= 1", or None."""
    bounds = "".join(_bound(m) for m in metadata or [])
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        parts = [expected_text(a) for a in args if a is not type(None)]
        return " or ".join(p for p in parts if p) or None
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if origin is list and args:
        inner = expected_text(args[0])
        return f"a list of {_plural(inner)}" if inner else "a list"
    if origin is dict:
        return "a mapping"
    if annotation is bool:
        return "true or false"
    if annotation is int:
        return "an integer" + bounds
    if annotation is float:
        return "a number" + bounds
    if annotation is str:
        return "a string"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(str(m.value) for m in annotation)
    return None


def _describe(item: dict[str, Any], expected: str | None) -> str:
    kind, ctx = item["type"], item.get("ctx", {})
    if kind == "missing":
        return "is required"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        message = "must not be empty"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == KEBAB_CASE:
        message = "must be kebab-case (lowercase letters, digits and '-')"
    elif expected and (kind in _TYPE_ERRORS or kind.endswith(("_type", "_parsing"))):
        message = f"must be {expected}"
    else:
        message = item["msg"].removeprefix("Value error, ")
        message = message.replace("Input should be", "must be").replace(
            "a valid dictionary", "a mapping")
        message = message[:1].lower() + message[1:]
    return f"{message} (got {show(item['input'])})" if "input" in item else message


_TYPE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal",
                          "enum", "literal_error", "list_type", "dict_type"})


def _expected(model: type[BaseModel], loc: list[str]) -> str | None:
    """Describe the field at `loc` when it is a direct field of `model` (or a nested model)."""
    current: Any = model
    info = None
    for part in loc:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None)
        if info is None:
            return None
        current = info.annotation
    return expected_text(info.annotation, info.metadata) if info else None


def _valid_keys(model: type[BaseModel], loc: list[str]) -> list[str]:
    current: Any = model
    for part in loc:
        info = current.model_fields.get(part) if isinstance(current, type) and \
            issubclass(current, BaseModel) else None
        if info is None:
            return []
        current = info.annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(f.alias or name for name, f in current.model_fields.items())
    return []


def _bound(meta: Any) -> str:
    for cls, op, attr in ((Ge, ">=", "ge"), (Gt, ">", "gt"), (Le, "<=", "le"), (Lt, "<", "lt")):
        if isinstance(meta, cls):
            return f" {op} {getattr(meta, attr)}"
    return ""


def _plural(phrase: str) -> str:
    words = {"a string": "strings", "an integer": "integers", "true or false": "booleans"}
    return words.get(phrase, phrase.removeprefix("a ").removeprefix("an "))
