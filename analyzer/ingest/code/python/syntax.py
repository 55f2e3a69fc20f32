"""Small AST helpers of the Python extractor: arguments by position or keyword, address
checks, detail clipping and order-preserving deduplication."""

from __future__ import annotations

import ast
import re

from analyzer.ingest.code.facts import RpcServer
from analyzer.ingest.code.python.values import UNKNOWN, Value


def arg(node: ast.Call, index: int, keyword: str) -> ast.AST | None:
    """The argument given by `keyword`, else the positional one at `index` (None if absent)."""
    found = kw(node, keyword)
    if found is not None:
        return found
    args = [a for a in node.args if not isinstance(a, ast.Starred)]
    return args[index] if index < len(args) else None


def kw(node: ast.Call, name: str) -> ast.AST | None:
    """The value of keyword argument `name`, or None."""
    return next((k.value for k in node.keywords if k.arg == name), None)


def is_method_name(node: ast.AST) -> bool:
    """A string literal naming an HTTP verb (`session.request("GET", url)`)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and \
        node.value.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def has_host(text: str) -> bool:
    """A literal that names a host: a URL with a scheme, or `host:port` / a dotted name."""
    if text.startswith("dns:///"):
        text = text[7:]
    rest = text.split("://", 1)[1] if "://" in text else text
    if not rest or rest.startswith(("/", UNKNOWN)):
        return False
    return "://" in text or re.match(r"^[A-Za-z0-9_.\-]+(:\d+)?(/|$)", rest) is not None and (
        ":" in rest.split("/", 1)[0] or "." in rest.split("/", 1)[0])


def base_node(value: Value | None) -> ast.AST | None:
    """A literal value as a constant node (to pass it where an argument node is expected)."""
    return ast.Constant(value.text) if value is not None and value.kind == "url" else None


def host_port(host: ast.AST | None, port: ast.AST | None) -> ast.AST | None:
    """An f-string node `host:port` (just `host` when no port is given)."""
    if host is None:
        return None
    if port is None:
        return host
    return ast.JoinedStr([ast.FormattedValue(host, -1, None), ast.Constant(":"),
                          ast.FormattedValue(port, -1, None)])


def clip(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def dedupe(items: list) -> list:
    return list(dict.fromkeys(items))


def dedupe_servers(items: list[RpcServer]) -> list[RpcServer]:
    """One server per service name (the first registration)."""
    seen: dict[str, RpcServer] = {}
    for item in items:
        seen.setdefault(item.service, item)
    return list(seen.values())
