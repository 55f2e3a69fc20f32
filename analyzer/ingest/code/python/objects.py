"""Which client, app or broker object a Python expression denotes, and its address arguments.

An object is `(kind, base)`: a kind from `python_tables` (`http`, `app:flask`, `kafka_producer`,
`amqp_channel`, ...) and a known base value (an HTTP client's `base_url`, an app's route
prefix, a queue or exchange name). Objects are tracked by name by the walker; constructor
calls and derived objects (`connection.channel()`) are recognised here.
"""

from __future__ import annotations

import ast

from analyzer.ingest.code import limits
from analyzer.ingest.code.python import tables as T
from analyzer.ingest.code.python.syntax import arg, kw
from analyzer.ingest.code.python.values import Evaluator, Value

Object = tuple[str, Value | None]


@limits.bounded()
def object_of(ev: Evaluator, objects: dict[str, Object], node: ast.AST) -> Object | None:
    """The client/app object an expression denotes (a tracked name or a constructor call)."""
    if isinstance(node, ast.Await):
        node = node.value
    key = ev.key(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
    if key is not None:
        found = objects.get(key)
        if found is None and key.startswith(("self.", "cls.")):
            found = objects.get(key.split(".", 1)[1])
        if found is not None:
            return found
    qual = ev.qualname(node)
    if qual in T.HTTP_MODULE_OBJECTS:
        return ("http", None)
    if isinstance(node, ast.Attribute) and node.attr == "default_exchange":
        inner = object_of(ev, objects, node.value)
        if inner is not None and inner[0] == "amqp_channel":
            return ("amqp_default_exchange", None)
    if not isinstance(node, ast.Call):
        return None
    func = ev.qualname(node.func) or ""
    if func in T.CONSTRUCTORS:
        kind = T.CONSTRUCTORS[func]
        return (kind, _constructor_base(ev, node, kind, func))
    if isinstance(node.func, ast.Attribute):
        inner = object_of(ev, objects, node.func.value)
        if inner is not None:
            derived = T.DERIVED.get((inner[0], node.func.attr))
            if derived == "amqp_queue" or derived == "amqp_exchange":
                return (derived, ev.value(arg(node, 0, "name")))
            if derived is not None:
                return (derived, None)
    return None


def dsn(ev: Evaluator, node: ast.Call, scheme: str) -> ast.AST | None:
    """The connection-string argument of a datastore call, or `scheme://host[:port]` built
    from its `host=`/`port=` keywords."""
    found = arg(node, 0, "dsn") or kw(node, "url") or kw(node, "conninfo") or kw(node, "hosts")
    if found is not None:
        if isinstance(found, (ast.List, ast.Tuple)) and found.elts:
            return found.elts[0]
        return found
    host = kw(node, "host")
    if host is None:
        return None
    parts: list[ast.AST] = [ast.Constant(f"{scheme}://"), host]
    port = kw(node, "port")
    if port is not None and ev.value(port) is not None:
        parts += [ast.Constant(":"), port]
    return ast.JoinedStr([p if isinstance(p, ast.Constant) else ast.FormattedValue(p, -1, None)
                          for p in parts])


def broker_address(node: ast.Call, system: str) -> ast.AST | None:
    """The broker address argument of a producer/consumer/connection constructor."""
    for name in ("bootstrap_servers", "servers", "url", "host"):
        found = kw(node, name)
        if found is not None:
            return found.elts[0] if isinstance(found, (ast.List, ast.Tuple)) and found.elts \
                else found
    if node.args and isinstance(node.args[0], (ast.Dict, ast.Name)):
        conf = node.args[0]
        if isinstance(conf, ast.Dict):
            for k, v in zip(conf.keys, conf.values):
                if isinstance(k, ast.Constant) and k.value == "bootstrap.servers":
                    return v
    if system in ("nats", "rabbitmq") and node.args:
        first = node.args[0]
        return first.elts[0] if isinstance(first, (ast.List, ast.Tuple)) and first.elts else first
    return None


def _constructor_base(ev: Evaluator, node: ast.Call, kind: str, func: str) -> Value | None:
    if kind == "http":
        return ev.value(arg(node, 0 if "aiohttp" in func else 99, "base_url"))
    if kind.startswith("app:"):
        prefix = ev.value(kw(node, "prefix") or kw(node, "url_prefix"))
        return prefix if prefix is not None and prefix.kind == "url" else None
    return None
