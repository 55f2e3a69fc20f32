"""Turn jsonschema errors on YAML data into diagnostics at the line of the offending value.

Shared by the compose and Kubernetes validators: each error's path is walked through the
line-tracking YAML containers so the diagnostic points at the key or item that is wrong.
At most MAX_ERRORS errors are reported per document, the rest counted in one message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import jsonschema

from analyzer.ingest.secrets import mask_text
from analyzer.ingest.yamlsafe import LineDict, LineList, line_of
from analyzer.model import Diagnostic, Severity

MAX_ERRORS = 10
MAX_MESSAGE = 240


def schema_diagnostics(errors: Iterable[jsonschema.ValidationError], data: Any, code: str,
                       file: str, default_line: int | None, what: str,
                       root: dict | None = None) -> list[Diagnostic]:
    """One warning per schema error (best match of each `anyOf`/`oneOf` group), sorted by line."""
    found = set()
    for error in errors:
        error = jsonschema.exceptions.best_match([error]) or error
        path = list(error.absolute_path)
        unknown = _unknown_keys(error, root or {})
        if error.validator == "unevaluatedProperties" and not unknown:
            continue  # declared keys that failed: their own errors say why
        if unknown:
            for key in unknown:
                found.add((line_at(data, [*path, key], default_line) or 0,
                           ".".join(str(p) for p in [*path, key]), "key not allowed here"))
            continue
        line = line_at(data, path, default_line)
        where = ".".join(str(p) for p in path) or "(top level)"
        found.add((line or 0, where, _message(error)))
    found = sorted(found)
    out = [Diagnostic(severity=Severity.WARNING, code=code, file=file, line=line or default_line,
                      message=f"{what}: {where}: {message}")
           for line, where, message in found[:MAX_ERRORS]]
    if len(found) > MAX_ERRORS:
        out.append(Diagnostic(severity=Severity.WARNING, code=code, file=file, line=default_line,
                              message=f"{what}: {len(found) - MAX_ERRORS} more schema errors "
                                      f"not shown"))
    return out


def json_shaped(data: Any) -> Any:
    """`data` with every mapping key as a string, as JSON Schema expects (YAML allows `0:`
    or `true:` keys, on which jsonschema's pattern checks raise); line maps are kept.
    Returns `data` itself when it already is (the usual case), with an explicit stack."""
    if not _has_foreign_key(data):
        return data
    root = _empty_like(data)
    stack = [(data, root)]
    while stack:
        source, target = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            copy = _empty_like(item) if isinstance(item, (dict, list)) else item
            if isinstance(item, (dict, list)):
                stack.append((item, copy))
            if isinstance(target, dict):
                target[str(key)] = copy
            else:
                target.append(copy)
    return root


def _has_foreign_key(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if any(not isinstance(k, str) for k in node):
                return True
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return False


def _empty_like(node: Any) -> Any:
    if isinstance(node, LineDict):
        copy = LineDict(node.line)
        copy.key_lines = {str(k): v for k, v in node.key_lines.items()}
        copy.value_lines = {str(k): v for k, v in node.value_lines.items()}
        return copy
    if isinstance(node, LineList):
        copy = LineList(node.line)
        copy.lines = list(node.lines)
        return copy
    return {} if isinstance(node, dict) else []


def line_at(data: Any, path: list[Any], default: int | None) -> int | None:
    """The line of the value at `path` inside YAML data (the deepest line known)."""
    line, node = default, data
    for key in path:
        if not isinstance(node, (dict, list)):
            break
        if isinstance(node, list) and not (isinstance(key, int) and 0 <= key < len(node)):
            break
        if isinstance(node, dict) and key not in node:
            break
        line = line_of(node, key, line)
        node = node[key]
    return line


def _unknown_keys(error: jsonschema.ValidationError, root: dict) -> list[str]:
    """The keys an additional/unevaluatedProperties error is about that no (sub)schema
    declares; keys declared but rejected are reported by their own errors."""
    if error.validator not in ("additionalProperties", "unevaluatedProperties") \
            or not isinstance(error.instance, dict) or not isinstance(error.schema, dict):
        return []
    names, patterns = _declared(error.schema, root)
    return sorted(str(k) for k in error.instance
                  if k not in names and not any(re.search(p, str(k)) for p in patterns))


def _declared(schema: dict, root: dict) -> tuple[set[str], list[str]]:
    """Property names and patterns of a schema and of its allOf/anyOf/oneOf members,
    following local `#/...` references (a bounded walk over the trusted schema)."""
    names: set[str] = set()
    patterns: list[str] = []
    stack, seen = [schema], 0
    while stack and seen < 50:
        node, seen = stack.pop(), seen + 1
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = root
            for part in ref[2:].split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            stack.append(target if isinstance(target, dict) else {})
        names |= set(node.get("properties") or {})
        patterns += list(node.get("patternProperties") or {})
        for group in ("allOf", "anyOf", "oneOf"):
            stack += [m for m in node.get(group) or [] if isinstance(m, dict)]
    return names, patterns


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return mask_text(error.message.split(" (", 1)[0] if "were unexpected" in error.message
                         else error.message)[:MAX_MESSAGE]
    return mask_text(error.message)[:MAX_MESSAGE]
