"""Inbound HTTP routes and RPC servers of a JS/TS file.

Express, Koa-router and Fastify (`app.get("/p", handler)`, `app.route("/p").get(...)`,
`fastify.route({method, url})`, `app.use("/api", router)` mounts) and NestJS decorators
(`@Controller("x")` + `@Get(":id")`, `@GrpcMethod("Svc")`). `api.get("/users", {params})` is
a client call, not a route: a route needs a router receiver and a handler argument.
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.facts import Route, RpcServer
from analyzer.ingest.code.javascript.output import Output
from analyzer.ingest.code.javascript.values import Scope

_HANDLER_TYPES = {"arrow_function", "function_expression", "function", "identifier", "member_expression",
                  "call_expression", "array"}
_NEST_VERBS = {"Get", "Post", "Put", "Delete", "Patch", "Head", "Options", "All"}


def route(scope: Scope, out: Output, node, recv_node, verb: str, args: list) -> None:
    """`router.<verb>(path, ..., handler)` on a known router becomes a Route."""
    path = js.string(args[0])
    recv = js.text(recv_node)
    if recv_node.type == "call_expression":  # app.route("/p").get(handler)
        inner = recv_node.child_by_field_name("function")
        if inner is not None and inner.type == "member_expression" and \
                js.text(inner.child_by_field_name("property")) == "route":
            path, recv = js.string(js.args(recv_node)[0]) if js.args(recv_node) else None, \
                js.text(inner.child_by_field_name("object"))
    if path is None or not path.startswith(("/", "*")) or args[-1].type not in _HANDLER_TYPES:
        return  # `api.get("/users", {params})` is an HTTP client call, not a route
    if recv not in scope.routers and not recv.lower().endswith("router"):
        return
    modules = scope.modules
    framework = "fastify" if "fastify" in recv.lower() or "fastify" in modules else \
        "koa-router" if modules & {"koa-router", "@koa/router"} else "express"
    out.routes.append((recv, Route(js.line(node), "ANY" if verb == "all" else verb.upper(), path, framework)))


def router_call(out: Output, node, recv: str, prop: str, args: list) -> bool:
    """`app.use("/api", router)` mounts and `fastify.route({method, url})`; True when handled."""
    first = args[0] if args else None
    if prop == "use" and len(args) >= 2 and js.string(first) is not None:
        out.prefixes[js.text(args[-1])] = js.string(first)
        return True
    if prop == "route" and first is not None and first.type == "object":
        obj = js.obj(first)
        method, url = js.string(obj.get("method")), js.string(obj.get("url") or obj.get("path"))
        if url is not None:
            out.routes.append((recv, Route(js.line(node), (method or "ANY").upper(), url, "fastify")))
        return True
    return False


def decorator(out: Output, node) -> None:
    """NestJS `@Get(...)`-style route decorators and `@GrpcMethod("Service")`."""
    call = node.named_children[0] if node.named_children else None
    if call is None or call.type != "call_expression":
        return
    name = js.text(call.child_by_field_name("function"))
    args = js.args(call)
    if name == "GrpcMethod" and args and js.string(args[0]):
        out.servers.add(RpcServer(js.line(node), js.string(args[0]), "nestjs"))
    if name not in _NEST_VERBS:
        return
    path = js.string(args[0]) if args else ""
    out.routes.append(("", Route(js.line(node), name.upper().replace("ALL", "ANY"),
                                 js.join(_controller_prefix(node), path or ""), "nestjs")))


def _controller_prefix(node) -> str:
    cls = next((a for a in tsu.ancestors(node)
                if a.type in ("class_declaration", "class", "abstract_class_declaration")), None)
    if cls is None:
        return ""
    outer = tsu.parent(cls)
    holders = [cls] + ([outer] if outer is not None and outer.type == "export_statement" else [])
    for holder in holders:
        for deco in holder.children:
            call = deco.named_children[0] if deco.type == "decorator" and deco.named_children else None
            if call is not None and call.type == "call_expression" and \
                    js.text(call.child_by_field_name("function")) == "Controller":
                args = js.args(call)
                if args and args[0].type == "object":
                    return js.string(js.obj(args[0]).get("path")) or ""
                return (js.string(args[0]) if args else "") or ""
    return ""
