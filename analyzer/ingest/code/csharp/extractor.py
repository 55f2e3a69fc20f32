"""C# extractor: HttpClient, typed/named clients, gRPC, .NET messaging, datastores, routes, Aspire.

Parses with tree-sitter (c_sharp). One walk collects the nodes of interest; declarations and
assignments are evaluated first, in source order, so calls see fields, locals, constructor
assignments (`_url = config["X"]`), `BaseAddress` of clients, gRPC channels and Aspire resources.

Reporting choices the resolver relies on are documented where they are made:
csharp_values (config keys, `??` defaults), csharp_declarations (`BaseAddress` as a call),
csharp_aspire (`aspire from=<project> WithReference <resource>` discovery calls).
The other parts: csharp_calls (HTTP, gRPC, datastores), csharp_messaging, csharp_routes,
csharp_output (fact shapes), csharp_syntax (node helpers), csharp_params (parameters and
argument bindings for the cross-file join).
"""

from __future__ import annotations

from analyzer.ingest.code.csharp import calls
from analyzer.ingest.code.csharp import routes
from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.declarations import DECLARATION_TYPES, declare
from analyzer.ingest.code.csharp.output import Output
from analyzer.ingest.code.csharp.params import call_bindings
from analyzer.ingest.code.csharp.values import Scope
from analyzer.ingest.code.facts import FileFacts

SUFFIXES = (".cs",)
_CALLS = ("invocation_expression", "object_creation_expression")

_HANDLERS = {
    "invocation_expression": calls.invocation,
    "object_creation_expression": calls.object_creation,
    "class_declaration": routes.class_declaration,
    "method_declaration": routes.method_declaration,
    "local_function_statement": routes.method_declaration,
}


def extract(text: str, path: str) -> FileFacts:
    """Extract the code facts of one C# file; never raises."""
    tree, problems = tsu.parse("c_sharp", text)
    if tree is None:
        return FileFacts(language="csharp", problems=problems)
    scope, out = Scope(tsu.source_bytes(text)), Output()
    declarations, others = [], []
    for node in tsu.walk(tree.root_node):
        if node.type in DECLARATION_TYPES:
            declarations.append(node)
        elif node.type in _HANDLERS:
            others.append(node)
        elif node.type == "using_directive":
            scope.usings.add(scope.t(node))
    for node in declarations:
        declare(scope, out, node)
    for node in others:
        before = len(out.calls) + len(out.topics)
        _HANDLERS[node.type](scope, out, node)
        if node.type in _CALLS and len(out.calls) + len(out.topics) == before:
            out.bindings.update(call_bindings(scope, node))
    return out.facts(problems)
