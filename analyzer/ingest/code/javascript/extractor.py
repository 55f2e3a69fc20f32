"""JavaScript / TypeScript extractor: outbound HTTP, gRPC, messaging, datastores and routes.

Parses with tree-sitter (javascript, typescript or tsx grammar by suffix), so comments and
strings are never mistaken for calls. One walk collects the interesting nodes; declarations
are evaluated first (in source order) so later calls see file-local constants, env lookups,
`axios.create({baseURL})` clients and loaded gRPC packages.

Env defaults: `process.env.X || "http://orders:8080"` (also `??` and destructuring defaults)
is reported once, as target_kind "env" with target "X" and the literal in `OutboundCall.default`,
so the resolver falls back to it only when X is unresolved. Passwords in URLs are masked.

A URL held in a function or constructor parameter becomes a `param` call, and a call passing a
known value an `ArgBinding` (javascript_params), for the framework's cross-file join; module
exports of the project's own modules ride the same join (javascript_exports).

The work is split by concern: javascript_values (scope and value evaluation),
javascript_declarations, javascript_calls (HTTP, gRPC and dispatch), javascript_datastores,
javascript_messaging, javascript_routes, javascript_output (fact shapes), javascript_syntax.
"""

from __future__ import annotations

from analyzer.ingest.code.javascript import calls
from analyzer.ingest.code.javascript import routes
from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.facts import FileFacts
from analyzer.ingest.code.javascript.declarations import DECLARATION_TYPES, declare
from analyzer.ingest.code.javascript.exports import export_bindings
from analyzer.ingest.code.javascript.output import Output
from analyzer.ingest.code.javascript.params import call_bindings
from analyzer.ingest.code.javascript.values import Scope

SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


def extract(text: str, path: str) -> FileFacts:
    """Extract the code facts of one JS/TS file; never raises."""
    language = _language_for(path)
    tree, problems = tsu.parse(language, text)
    if tree is None:
        return FileFacts(language=language, problems=problems)
    scope, out = Scope(), Output()
    out.problems.extend(problems)
    declarations, expressions, decorators = _collect(tree.root_node)
    for node in declarations:
        declare(scope, node)
    for node in declarations:  # after every declaration: an export may name a later constant
        out.bindings.update(export_bindings(scope, node))
    for node in expressions:
        before = len(out.calls) + len(out.topics)
        calls.call(scope, out, node) if node.type == "call_expression" else calls.new(scope, out, node)
        if len(out.calls) + len(out.topics) == before:  # not read as a client: maybe the project's
            out.bindings.update(call_bindings(scope, node))
    for node in decorators:
        routes.decorator(out, node)
    return out.facts(language)


def _language_for(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    if lower.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"


def _collect(root) -> tuple[list, list, list]:
    """Declarations, call/new expressions (in source order) and decorators under `root`."""
    declarations, expressions, decorators = [], [], []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in DECLARATION_TYPES:
            declarations.append(node)
        elif node.type in ("call_expression", "new_expression"):
            expressions.append(node)
        elif node.type == "decorator":
            decorators.append(node)
        stack.extend(reversed(node.children))
    expressions.sort(key=lambda n: n.start_byte)
    return declarations, expressions, decorators
