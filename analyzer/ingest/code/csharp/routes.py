"""Inbound routes and RPC servers of a C# file, and message consumers declared by classes.

ASP.NET MVC attributes (`[Route("api/[controller]")]` + `[HttpGet("{id}")]`), minimal APIs
(`app.MapGet`, with `MapGroup` prefixes), gRPC services (`class X : Orders.OrdersBase`,
`MapGrpcService<T>`), and consumers (`IConsumer<T>`, `IIntegrationEventHandler<T>`) whose
event type is the consumed topic. MediatR's `INotificationHandler<T>` is not one: its
notifications (domain events) never leave the process.
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.output import Output
from analyzer.ingest.code.csharp.syntax import join, last, strip
from analyzer.ingest.code.csharp.values import Scope
from analyzer.ingest.code.facts import Route, RpcServer, TopicUse

MAP_VERBS = {"MapGet": "GET", "MapPost": "POST", "MapPut": "PUT", "MapDelete": "DELETE",
             "MapPatch": "PATCH", "Map": "ANY", "MapMethods": "ANY"}
_ATTR_VERBS = {"HttpGet": "GET", "HttpPost": "POST", "HttpPut": "PUT", "HttpDelete": "DELETE",
               "HttpPatch": "PATCH", "HttpHead": "HEAD", "HttpOptions": "OPTIONS"}


def map_route(scope: Scope, out: Output, node, fn: str, first) -> None:
    """Minimal API `group.MapGet("/path", handler)` with the group's prefix applied."""
    prefix = prefix_of(scope, node.child_by_field_name("function").child_by_field_name("expression"))
    path = join(prefix, scope.string(first))
    out.routes.add(Route(tsu.line_of(node), MAP_VERBS[fn], path, "aspnet-minimal"))


def class_declaration(scope: Scope, out: Output, node) -> None:
    """gRPC service implementations and message consumers, from a class's base list."""
    for base in node.children:
        if base.type != "base_list":
            continue
        for typ in base.named_children:
            text = scope.t(typ)
            if typ.type == "qualified_name" and text.endswith("Base"):
                outer, inner = text.rsplit(".", 1)
                if inner == last(outer) + "Base":
                    out.servers.add(RpcServer(tsu.line_of(node), last(outer), "aspnet-grpc"))
            elif typ.type == "generic_name" and scope.t(typ.named_children[0]) in (
                    "IConsumer", "IIntegrationEventHandler"):
                event = last(scope.t(typ.named_children[-1].named_children[0]))
                system = "masstransit" if scope.t(typ.named_children[0]) == "IConsumer" else "eventbus"
                detail = tsu.clip(f"{scope.t(typ)} in {scope.t(node.child_by_field_name('name'))}")
                out.topics.add(TopicUse(tsu.line_of(node), system, event, "consume", detail))


def method_declaration(scope: Scope, out: Output, node) -> None:
    """MVC actions: verb and Route attributes joined with the controller's Route prefix."""
    verbs = _attributes(scope, node)
    routes = [(v, p) for v, p in verbs if v in _ATTR_VERBS or v == "Route"]
    if not routes:
        return
    cls = next((a for a in tsu.ancestors(node) if a.type == "class_declaration"), None)
    cls_name = scope.t(cls.child_by_field_name("name")) if cls is not None else ""
    prefixes = [p for v, p in _attributes(scope, cls) if v == "Route"] if cls is not None else []
    prefix = prefixes[0] if prefixes else ""
    method_paths = [p for v, p in routes if v == "Route" and p is not None]
    for verb, path in routes:
        if verb == "Route" and any(v in _ATTR_VERBS for v, _ in routes):
            continue
        template = path if path is not None else (method_paths[0] if method_paths else "")
        full = template.lstrip("~") if template.startswith(("/", "~/")) else join(prefix, template)
        full = full.replace("[controller]", strip(cls_name, "Controller").lower())
        full = full.replace("[action]", scope.t(node.child_by_field_name("name")).lower())
        out.routes.add(Route(tsu.line_of(node), _ATTR_VERBS.get(verb, "ANY"), join(full, ""), "aspnet-mvc"))


def prefix_of(scope: Scope, node) -> str:
    """The route prefix of a MapGroup chain or of a variable holding one (read with a loop:
    a fluent chain can be arbitrarily long)."""
    groups: list[str] = []  # MapGroup arguments, outermost first
    prefix = ""
    while node is not None:
        if node.type == "identifier":
            prefix = scope.groups.get(scope.t(node), "")
            break
        if node.type != "invocation_expression":
            break
        fn = node.child_by_field_name("function")
        args = scope.args(node)
        if scope.callee(node) == "MapGroup" and args:
            groups.append(scope.string(args[0][1]) or "")
        node = fn.child_by_field_name("expression") \
            if fn is not None and fn.type == "member_access_expression" else None
    for group in reversed(groups):
        prefix = join(prefix, group)
    return prefix
    return ""


def _attributes(scope: Scope, node) -> list[tuple[str, str | None]]:
    out = []
    for lst in node.children:
        if lst.type != "attribute_list":
            continue
        for attr in lst.named_children:
            name = strip(last(scope.t(attr.child_by_field_name("name"))), "Attribute")
            args = [a for a in attr.named_children if a.type == "attribute_argument_list"]
            first = args[0].named_children[0].named_children[-1] if args and args[0].named_children else None
            out.append((name, scope.string(first)))
    return out
