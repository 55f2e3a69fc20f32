"""Spring vocabulary shared by the Java and Kotlin extractors.

Mapping annotations and their verbs, RestTemplate/WebClient method names, `${key:default}`
placeholders as config lookups, and the route path joining both languages use.
"""

from __future__ import annotations

import re

from analyzer.ingest.code import limits
from analyzer.ingest.code.treesitter.symbolic import Value, concat

MAPPINGS = {"GetMapping": "GET", "PostMapping": "POST", "PutMapping": "PUT",
            "DeleteMapping": "DELETE", "PatchMapping": "PATCH", "RequestMapping": "ANY"}
REST_METHODS = {"getForObject": "GET", "getForEntity": "GET", "postForObject": "POST",
                "postForEntity": "POST", "postForLocation": "POST", "patchForObject": "PATCH",
                "headForHeaders": "HEAD", "optionsForAllow": "OPTIONS"}
REST_GENERIC = {"put": "PUT", "delete": "DELETE", "exchange": "?", "execute": "?"}
VERB_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE",
                "patch": "PATCH", "head": "HEAD", "options": "OPTIONS"}

_PLACEHOLDER = re.compile(r"\$\{([^}:]+)(?::([^}]*))?\}")


def with_placeholders(value: Value | None) -> Value | None:
    """An annotation element's value: a literal holding `${...}` becomes its config lookup."""
    if value is None or value.kind != "lit" or "${" not in value.text:
        return value
    return spring_placeholder(value.text)


def spring_placeholder(text: str) -> Value | None:
    """`${key:default}` (possibly inside a literal or SpEL) as a config lookup; unknown for a
    text past `limits.MAX_VALUE_CHARS` (the pattern backtracks on long unclosed `${`)."""
    if limits.too_long(text):
        return None
    whole = _PLACEHOLDER.fullmatch(text)
    if whole:
        return Value("config", whole.group(1).strip(), default=(whole.group(2) or "").strip())
    if text.startswith("#{"):
        inner = _PLACEHOLDER.search(text, 0, text.rfind("}") + 1)  # linear: see files.py
        return Value("config", inner.group(1).strip()) if inner else None
    parts: list[Value | None] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(text, 0, text.rfind("}") + 1):
        if text[pos:match.start()]:
            parts.append(Value("lit", text[pos:match.start()]))
        parts.append(Value("config", match.group(1).strip()))
        pos = match.end()
    if text[pos:]:
        parts.append(Value("lit", text[pos:]))
    return concat(parts)


def rest_template_method(name: str, exchange_verb: str | None) -> str:
    """HTTP verb of a RestTemplate method; `exchange` takes it from its HttpMethod argument
    (`exchange_verb`, the argument's source text, when there is one)."""
    method = REST_METHODS.get(name) or REST_GENERIC[name]
    if name == "exchange" and exchange_verb is not None:
        method = exchange_verb.rsplit(".", 1)[-1]
    return method


def join_paths(prefix: str, path: str) -> str:
    """Class-level and method-level mapping paths as one route path."""
    return "/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
