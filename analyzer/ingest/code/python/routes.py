"""Python inbound routes: Flask/FastAPI/Starlette decorators, Django `path()`/`re_path()`
entries and aiohttp `web.get(...)` route tables."""

from __future__ import annotations

import ast

from analyzer.ingest.code.python import tables as T
from analyzer.ingest.code.facts import Route
from analyzer.ingest.code.python.syntax import arg
from analyzer.ingest.code.python.values import Evaluator, Value


def decorator_routes(ev: Evaluator, node: ast.Call,
                     receiver: tuple[str, Value | None] | None) -> list[Route]:
    """Routes of a route decorator (`@app.get("/x")`, `@router.route("/y", methods=[..])`)
    whose receiver is a tracked app object; [] for any other decorator."""
    if not isinstance(node.func, ast.Attribute) or node.func.attr not in T.ROUTE_METHODS:
        return []
    if receiver is None or not receiver[0].startswith("app:"):
        return []
    path = ev.value(arg(node, 0, "path") or arg(node, 0, "rule"))
    if path is None or path.kind != "url":
        return []
    prefix = receiver[1].text if receiver[1] is not None else ""
    framework = receiver[0][4:]
    methods = [node.func.attr.upper()]
    if node.func.attr in ("route", "api_route", "websocket"):
        listed = arg(node, 99, "methods")
        names = [ev.value(e) for e in getattr(listed, "elts", [])]
        methods = [v.text.upper() for v in names if v is not None] or (
            ["WS"] if node.func.attr == "websocket" else ["GET"])
    return [Route(node.lineno, method, prefix + path.text, framework) for method in methods]


def call_routes(ev: Evaluator, node: ast.Call, func: str) -> list[Route] | None:
    """Routes of a Django `path(...)` or aiohttp `web.get(...)` call; None when `func` is
    neither (so the caller goes on with other readings)."""
    if func in T.DJANGO_PATHS and node.args:
        if len(node.args) > 1 and isinstance(node.args[1], ast.Call):
            if (ev.qualname(node.args[1].func) or "").endswith("include"):
                return []
        path = ev.value(node.args[0])
        if path is not None and path.kind == "url":
            return [Route(node.lineno, "ANY", "/" + path.text.lstrip("^/").rstrip("$"), "django")]
        return []
    if func in T.AIOHTTP_ROUTES and node.args:
        path = ev.value(node.args[0])
        if path is not None and path.kind == "url":
            return [Route(node.lineno, func.rsplit(".", 1)[-1].upper(), path.text, "aiohttp")]
        return []
    return None
