"""Validate GitHub Actions workflows and `.gitlab-ci.yml` against their official JSON Schemas.

The schemas are the ones `check-jsonschema` vendors (read from the installed package, never
copied here); validation is done with `jsonschema` on the parsed YAML, and each error path is
mapped back to the line of the YAML node it points at. At most MAX_ERRORS errors per file are
reported, and a missing package or schema file means no validation (nothing is said).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import exceptions, validators

from analyzer.ingest.platform.common import Collected, line
from analyzer.ingest.secrets import mask_text
from analyzer.ingest.yamlsafe import line_of
from analyzer.model import Severity

SCHEMAS = {"github-actions": "github-workflows.json", "gitlab-ci": "gitlab-ci.json"}
MAX_ERRORS = 20
MAX_MESSAGE = 300


def validate_ci(file: str, system: str, data: Any, out: Collected) -> None:
    """`ci-schema` diagnostics for every schema violation of one CI document."""
    validator = _validator(system)
    if validator is None or not isinstance(data, dict):
        return
    document = _as_json(data)
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.path])
    for error in errors[:MAX_ERRORS]:
        detail = exceptions.best_match(error.context) if error.context else error
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        message = mask_text(f"{where}: {detail.message}")[:MAX_MESSAGE]
        out.problem(file, _line(data, list(error.absolute_path)), "ci-schema",
                    f"not valid against the {system} schema: {message}", Severity.ERROR)
    if len(errors) > MAX_ERRORS:
        out.problem(file, None, "ci-schema",
                    f"{len(errors) - MAX_ERRORS} more schema errors not listed (MAX_ERRORS)")


@cache
def _validator(system: str):
    try:
        folder = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
        schema = json.loads((folder / SCHEMAS[system]).read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, KeyError, ValueError):
        return None
    cls = validators.validator_for(schema)
    return cls(schema)


def _as_json(value: Any, depth: int = 0) -> Any:
    """The YAML data as JSON data: keys as strings (YAML 1.1 reads `on:` as true)."""
    if depth > 300:
        return None
    if isinstance(value, dict):
        return {_key(k): _as_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v, depth + 1) for v in value]
    return value


def _key(key: Any) -> str:
    if key is True:
        return "on"
    return key if isinstance(key, str) else str(key)


def _line(data: Any, path: list) -> int | None:
    """The line of the deepest YAML node on `path` that could be found."""
    node, found = data, line(data, next(iter(data), None)) if isinstance(data, dict) else None
    for part in path:
        if isinstance(node, dict):
            key = part if part in node else (True if part == "on" and True in node else None)
            if key is None:
                break
            found = line_of(node, key, found)
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            found = line_of(node, part, found)
            node = node[part]
        else:
            break
    return found
