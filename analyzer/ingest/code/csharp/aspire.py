""".NET Aspire app hosts: which project references which resource.

`builder.AddProject<P>("orders").WithReference(cache)` becomes an OutboundCall with
target_kind "discovery", target = the referenced resource name ("cache") and a detail of the
exact form `aspire from=orders WithReference cache`; the framework attributes it to the
service named after `from=`. The protocol follows the referenced resource (db, cache, async,
http for projects and unknown resources).
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.output import Output
from analyzer.ingest.code.csharp.syntax import last
from analyzer.ingest.code.csharp.values import Scope
from analyzer.ingest.code.facts import OutboundCall

_KINDS = {"Redis": "cache", "Garnet": "cache", "Valkey": "cache", "Postgres": "db",
          "SqlServer": "db", "MySql": "db", "MongoDB": "db", "Database": "db",
          "RabbitMQ": "async", "Kafka": "async", "Nats": "async", "AzureServiceBus": "async"}


def resource(scope: Scope, node) -> tuple[str, str] | None:
    """(name, protocol) of the Aspire resource an expression builds or names, else None.

    Every invocation of a chain answers what its innermost `Add*` does, so the answer is
    remembered per invocation: a chain of n `With*` calls costs n steps, not n squared.
    """
    seen: list[int] = []
    found: tuple[str, str] | None = None
    while node is not None:
        if node.type == "identifier":
            found = scope.resources.get(scope.t(node))
            break
        if node.type != "invocation_expression":
            break
        if node.id in scope.chain_resources:
            found = scope.chain_resources[node.id]
            break
        seen.append(node.id)
        fn, args = scope.callee(node), scope.args(node)
        name = scope.string(args[0][1]) if args else None
        if fn.startswith("Add") and name:
            kind = _KINDS.get(fn[3:], "async" if "Bus" in fn or "Queue" in fn else "http")
            found = name, "http" if fn == "AddProject" else kind
            break
        member = node.child_by_field_name("function")
        node = member.child_by_field_name("expression") if member.type == "member_access_expression" else None
    for key in seen:
        scope.chain_resources[key] = found
    return found


def reference(scope: Scope, out: Output, node, first) -> None:
    """`source.WithReference(target)`: the source resource depends on the target resource."""
    member = node.child_by_field_name("function")
    if member.type != "member_access_expression":
        return
    source = resource(scope, member.child_by_field_name("expression"))
    target = resource(scope, first)
    if source is None:
        return
    name, protocol = target if target is not None else (last(scope.t(first)), "http")
    out.calls.add(OutboundCall(tsu.line_of(node), protocol, "discovery", name,
                               tsu.clip(f"aspire from={source[0]} WithReference {name}")))
