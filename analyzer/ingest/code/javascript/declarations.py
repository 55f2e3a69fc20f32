"""Declarations of a JS/TS file: what each name stands for, recorded in the file's `Scope`.

Imports and `require` give module aliases; `const X = process.env.X || "..."`, destructuring
of `process.env`, object and array literals give constants; `axios.create({baseURL})` gives
HTTP clients; `loadPackageDefinition` / proto-loader give gRPC packages and service names;
`express()` / `Router()` give routers. Declarations are read before calls so later calls see them.
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.javascript.values import Scope, Val

HTTP_LIBS = frozenset({"axios", "got", "request", "superagent", "needle", "ky", "node-fetch", "cross-fetch",
                       "isomorphic-fetch", "undici", "http", "https", "fetch"})
DECLARATION_TYPES = frozenset({"variable_declarator", "assignment_expression", "public_field_definition",
                               "field_definition", "import_statement"})
_ROUTER_FACTORIES = {"express", "Router", "fastify", "Fastify", "KoaRouter", "express.Router"}


def declare(scope: Scope, node) -> None:
    """Record what the declaration, assignment, class field or import `node` binds."""
    if node.type == "import_statement":
        _import(scope, node)
        return
    if node.type == "variable_declarator":
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    elif node.type == "assignment_expression":
        name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
    else:
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is not None:
            name = _Named(f"this.{js.text(name)}")
    if name is None or value is None:
        return
    value = js.unwrap(value)
    if name.type == "object_pattern":
        if value.type == "call_expression" and js.text(value.child_by_field_name("function")) == "require":
            scope.modules.add(js.string(js.args(value)[0]) or "" if js.args(value) else "")
        _destructure(scope, name, value)
        return
    _bind(scope, js.text(name), value)


def is_proto_load(fn: str, module: str) -> bool:
    """`grpc.loadPackageDefinition(...)`, `protoLoader.loadSync(...)`, legacy `grpc.load(...)`."""
    method = fn.split(".")[-1]
    if method == "loadPackageDefinition":
        return True
    if module == "@grpc/proto-loader" or fn.split(".")[0] == "protoLoader":
        return method in ("loadSync", "load")
    return method == "load" and module in ("grpc", "@grpc/grpc-js")


class _Named:
    """Stands in for a name node when the key is synthesised (class fields become this.x)."""

    type = "identifier"

    def __init__(self, text: str) -> None:
        self.text = text.encode()


def _import(scope: Scope, node) -> None:
    source = js.string(node.child_by_field_name("source"))
    scope.modules.add(source or "")
    for ident in js.descendants(node, {"identifier"}):
        if tsu.parent(ident).type in ("import_clause", "namespace_import"):
            scope.aliases[js.text(ident)] = source or ""


def _bind(scope: Scope, key: str, value) -> None:
    if value.type == "call_expression" and _bind_call(scope, key, value):
        return
    if value.type == "new_expression" and js.text(value.child_by_field_name("constructor")).split(".")[-1] in (
            "Router", "KoaRouter"):
        scope.routers.add(key)
    if value.type == "member_expression" and (js.text(value).split(".")[0] in scope.grpc_pkgs
                                              or "loadPackageDefinition(" in js.text(value)):
        last = js.text(value).split(".")[-1]
        if last[:1].isupper():
            scope.grpc_services[key] = last
        else:
            scope.grpc_pkgs.add(key)
        return
    if value.type == "object":  # const endpoints = { catalogue: "http://catalogue" }
        for prop, item in js.obj(value).items():
            val = scope.eval(item)
            if val is not None:
                scope.consts.setdefault(f"{key}.{prop}", val)
        return
    if value.type == "array" or (value.type == "call_expression" and js.text(
            value.child_by_field_name("function")).endswith(".split")):
        scope.lists.setdefault(key, scope.eval_list(value))
    val = scope.eval(value)
    if val is not None and key not in scope.consts:
        scope.consts[key] = val


def _bind_call(scope: Scope, key: str, value) -> bool:
    """Bindings made by a call (`require`, `axios.create`, proto loading, routers); True when done."""
    fn = js.text(value.child_by_field_name("function"))
    args = js.args(value)
    if fn == "require" and args and js.string(args[0]) is not None:
        scope.aliases[key] = js.string(args[0])
        scope.modules.add(js.string(args[0]))
    elif fn.endswith((".create", ".extend")) and scope.lib(fn.split(".")[0]) in HTTP_LIBS:
        config = js.obj(args[0]) if args else {}
        base = config.get("baseURL") or config.get("prefixUrl") or config.get("baseUrl")
        scope.clients[key] = scope.eval(base) if base is not None else None
        return True
    elif is_proto_load(fn, scope.lib(fn.split(".")[0])):
        scope.grpc_pkgs.add(key)
        return True
    elif fn.split(".")[-1] in _ROUTER_FACTORIES or fn in _ROUTER_FACTORIES:
        scope.routers.add(key)
    return False


def _destructure(scope: Scope, pattern, value) -> None:
    from_env = js.text(value) == "process.env"
    if "loadPackageDefinition(" in js.text(value) or js.text(value).split(".")[0] in scope.grpc_pkgs:
        for child in pattern.named_children:  # const { OrderService } = proto.shop
            if child.type == "shorthand_property_identifier_pattern":
                scope.grpc_services[js.text(child)] = js.text(child)
        return
    for child in pattern.named_children:
        default = ""
        if child.type == "object_assignment_pattern":
            default = js.string(child.child_by_field_name("right")) or ""
            child = child.child_by_field_name("left")
        if child.type == "shorthand_property_identifier_pattern" and from_env:
            scope.consts.setdefault(js.text(child), Val("env", js.text(child), default=default))
        elif child.type == "pair_pattern" and from_env:
            local = child.child_by_field_name("value")
            if local.type == "assignment_pattern":
                default = js.string(local.child_by_field_name("right")) or ""
                local = local.child_by_field_name("left")
            env = js.text(child.child_by_field_name("key")).strip("'\"")
            scope.consts.setdefault(js.text(local), Val("env", env, default=default))
