"""Copies of YAML data as JSON-like facts: plain dicts/lists/scalars, credentials masked, bounded.

Manifest readers keep parts of an object (a probe, a deploy block, an Istio route) as facts.
`plain` copies them with an explicit stack (no recursion, whatever the depth), masks every
value under a credential-like key (`password`, `token`, ...) and every credential-shaped
string, adds `line` to mappings that came from a file, and stops after MAX_NODES nodes so a
hostile object cannot blow up the facts document.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.secrets import MASK, is_sensitive_key, mask_text
from analyzer.ingest.yamlsafe import LineDict

MAX_NODES = 5000  # nodes copied from one value; the rest is dropped
MAX_TEXT = 500  # characters kept of one string


def plain(value: Any, lines: bool = False) -> Any:
    """A masked, bounded plain copy of `value`; with `lines`, mappings from a file get `line`."""
    if not isinstance(value, (dict, list)):
        return scalar(value)
    root: Any = {} if isinstance(value, dict) else []
    stack = [(value, root)]
    budget = MAX_NODES
    while stack:
        source, target = stack.pop()
        if lines and isinstance(source, LineDict) and source.line is not None \
                and "line" not in source:
            target["line"] = source.line
        items = sorted(source.items(), key=lambda kv: str(kv[0])) if isinstance(source, dict) \
            else list(enumerate(source))
        for key, item in items:
            budget -= 1
            if budget < 0:
                return root
            if isinstance(target, dict) and is_sensitive_key(str(key)) \
                    and not isinstance(item, (dict, list)) and item not in (None, "", True, False):
                copy: Any = MASK
            elif isinstance(item, (dict, list)):
                copy = {} if isinstance(item, dict) else []
                stack.append((item, copy))
            else:
                copy = scalar(item)
            if isinstance(target, dict):
                target[str(key)] = copy
            else:
                target.append(copy)
    return root


def scalar(value: Any) -> Any:
    """A JSON scalar: strings masked and cut to MAX_TEXT, other objects as text."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    return mask_text(str(value))[:MAX_TEXT]


def masked_map(value: Any) -> dict[str, Any]:
    """A flat str -> str map (labels, annotations) with credential values masked."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))[:MAX_NODES]:
        text = "" if item is None else str(item).lower() if isinstance(item, bool) else str(item)
        out[str(key)] = MASK if text and is_sensitive_key(str(key)) else mask_text(text)[:MAX_TEXT]
    return out


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []
