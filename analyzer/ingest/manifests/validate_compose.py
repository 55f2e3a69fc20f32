"""Validate compose files against the Compose Specification schema that `check-jsonschema`
vendors (the official compose-spec.json, not a copy in this repository).

The validator is compiled once per process. Each schema error becomes a `compose-schema`
warning at the line of the offending key: an invalid compose file is an input problem shown in
the coverage section, and the rest of the audit goes on.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from analyzer.ingest.manifests.schema_errors import json_shaped, schema_diagnostics
from analyzer.model import Diagnostic

SCHEMA_PACKAGE = "check_jsonschema.builtin_schemas.vendor"
SCHEMA_FILE = "compose-spec.json"


def validate_compose(label: str, data: Any, line: int | None) -> list[Diagnostic]:
    """The schema errors of one compose document (top-level mapping) as diagnostics."""
    if not isinstance(data, dict):
        return []
    validator = compose_validator()
    data = json_shaped(data)
    return schema_diagnostics(validator.iter_errors(data), data, "compose-schema", label, line,
                              "not valid Compose", validator.schema)


@lru_cache(maxsize=1)
def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_FILE)
                        .read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)
