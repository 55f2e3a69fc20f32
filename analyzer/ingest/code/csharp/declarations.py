"""Declarations and assignments of a C# file, recorded in the file's `Scope`.

Fields, locals, properties and constructor assignments (`_url = config["X"]`) become
constants; the types a local is created with (in its declaration or later assignments, both
branches of a `?:`) are kept for event publishes; `var ch = GrpcChannel.ForAddress(...)` a
gRPC channel; `var g = app.MapGroup("/x")` a route prefix; Aspire builder variables become
resources. Every `*.BaseAddress = ...`
(typed clients in `AddHttpClient<T>(c => ...)`, named clients, object initializers) and gRPC
`Address = ...` is itself a call to that base, and later relative calls on the client join it.
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp import aspire
from analyzer.ingest.code.csharp.output import Output
from analyzer.ingest.code.csharp.routes import prefix_of
from analyzer.ingest.code.csharp.syntax import last
from analyzer.ingest.code.csharp.values import Scope

DECLARATION_TYPES = frozenset({"variable_declarator", "property_declaration", "assignment_expression"})
_NOT_VALUES = ("bracketed_argument_list", "modifier", "accessor_list", "attribute_list")


def declare(scope: Scope, out: Output, node) -> None:
    """Record what the declarator, property or assignment `node` binds."""
    if node.type == "assignment_expression":
        left, value = node.child_by_field_name("left"), node.child_by_field_name("right")
    else:
        left = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if value is None:
            named = [c for c in node.named_children if c != left and c.type not in _NOT_VALUES]
            value = named[-1] if named and node.type == "variable_declarator" else None
        if value is not None and value.type == "equals_value_clause":
            value = value.named_children[0] if value.named_children else None
    if left is None or value is None:
        return
    name = last(scope.t(left))
    if name in ("BaseAddress", "Address"):
        _base_address(scope, out, node, left, value)
        return
    if node.type == "variable_declarator":
        _track_builders(scope, name, value)
    if node.type == "variable_declarator" or left.type == "identifier":
        created = creations(scope, value)
        if created:
            scope.types.setdefault(name, set()).update(created)
    val = scope.eval(value)
    if val is not None:
        scope.consts.setdefault(name, val)


def creations(scope: Scope, value) -> set[str]:
    """The types an expression creates: `new T(..)`, through casts, parentheses and both
    branches of `c ? new A(..) : new B(..)` (an explicit stack: nesting can be deep)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == "object_creation_expression":
            found.add(last(scope.t(node.child_by_field_name("type"))))
        elif node.type in ("parenthesized_expression", "cast_expression") and node.named_children:
            stack.append(node.named_children[-1])
        elif node.type == "conditional_expression":
            stack.extend((node.child_by_field_name("consequence"),
                          node.child_by_field_name("alternative")))
    return found


def _track_builders(scope: Scope, name: str, value) -> None:
    text = scope.t(value)
    if "GrpcChannel.ForAddress" in text:
        scope.channels.add(name)
    if ".MapGroup(" in text:
        scope.groups[name] = prefix_of(scope, value)
    resource = aspire.resource(scope, value)
    if resource is not None:
        scope.resources[name] = resource


def _base_address(scope: Scope, out: Output, node, left, value) -> None:
    val = scope.eval(value)
    if val is None:
        return
    owner = left.child_by_field_name("expression")
    receiver = scope.t(owner) if owner is not None else _initialized_var(scope, node)
    grpc = last(scope.t(left)) == "Address"
    context = _enclosing_call(scope, node)
    if receiver:
        scope.bases[last(receiver)] = val
    out.emit(node, "grpc" if grpc else "http", val, f"{context or 'HttpClient'} BaseAddress")


def _initialized_var(scope: Scope, node) -> str:
    """The variable an object initializer belongs to (`var c = new HttpClient { BaseAddress = ... }`)."""
    cur = next((a for a in tsu.ancestors(node)
                if a.type in ("variable_declarator", "block", "compilation_unit")), None)
    return scope.t(cur.child_by_field_name("name")) if cur is not None and cur.type == "variable_declarator" else ""


def _enclosing_call(scope: Scope, node) -> str:
    """The method whose lambda sets the base (`AddHttpClient`), for the call's detail."""
    for cur in tsu.ancestors(node):
        if cur.type in ("block", "declaration_list", "compilation_unit"):
            break
        if cur.type == "invocation_expression":
            fn = cur.child_by_field_name("function")
            return last(scope.t(fn.child_by_field_name("name") if fn.type == "member_access_expression" else fn))
    return ""
