"""Read JSON safely: nesting is measured before parsing, and parsed data is flattened without
recursion, so no input can exhaust Python's stack.

`json.loads` recurses once per nesting level and raises RecursionError near a thousand; a
linear precheck of bracket depth (strings skipped) turns such a file into a `json-too-deep`
problem instead, and a RecursionError that still escapes (a smaller stack) is caught too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

# Nesting levels of [ and { in one JSON file; package.json and appsettings.json stay below 10.
MAX_JSON_DEPTH = 256
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


class JsonProblem(Exception):
    """Why a JSON text was not read: a diagnostic code, a message and a line if known."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


def load_json(text: str) -> Any:
    """The parsed value of `text`; JsonProblem when it is malformed or nested too deep."""
    line = too_deep_at(text)
    if line is not None:
        raise JsonProblem("json-too-deep", f"skipped: brackets nested more than {MAX_JSON_DEPTH} "
                                           f"levels deep (MAX_JSON_DEPTH)", line)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise JsonProblem("json-parse-error", f"invalid JSON: {err.msg}", err.lineno) from None
    except RecursionError:
        raise JsonProblem("json-too-deep", "skipped: nested deeper than the JSON parser can "
                                           "read") from None


def too_deep_at(text: str, limit: int = MAX_JSON_DEPTH) -> int | None:
    """The line where [ / { nesting first exceeds `limit` (outside strings), else None."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
    return None


def leaves(data: Any, sep: str = ":") -> Iterator[tuple[str, Any]]:
    """(`a:b[0]:c`, value) for every scalar below `data`, in document order, without recursion."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        prefix, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed([(f"{prefix}{sep}{k}" if prefix else str(k), v)
                                   for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{prefix}[{i}]", v) for i, v in enumerate(value)]))
        elif prefix:
            yield prefix, value
