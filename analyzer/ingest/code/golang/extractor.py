"""Go extractor: outbound HTTP/gRPC/datastore calls, topics, routes and gRPC servers of one file.

One tree-sitter parse and one walk collect bindings, imports, calls and composite literals
(`golang_values`); a second pass hands each call to the concern that knows it: clients
(`golang_clients`), routes (`golang_routes`), messaging and datastores (`golang_messaging`),
Apache Thrift (`golang_thrift`).
Calls of functions defined in other files record the known values of their arguments
(`ArgBinding`, callable = the function or method name) for the cross-file join.
Strings are evaluated symbolically (literal, `os.Getenv`, viper key, `+`, `fmt.Sprintf`).
"""

from __future__ import annotations

from analyzer.ingest.code.facts import FileFacts, ParseProblem
from analyzer.ingest.code.golang.clients import GoClients
from analyzer.ingest.code.golang.messaging import GoMessaging
from analyzer.ingest.code.golang.routes import GoRoutes
from analyzer.ingest.code.golang.thrift import GoThrift
from analyzer.ingest.code.golang.values import GoScan, call_parts
from analyzer.ingest.code.treesitter.scan import FactSink, run_extractor
from analyzer.ingest.code.treesitter.util import line_of

SUFFIXES = (".go",)


def extract(text: str, path: str) -> FileFacts:
    """Extract the facts of one Go source file; never raises on bad input."""
    return run_extractor("go", text, GoScan, _interpret)


def _bindings(scan: GoScan, sink: FactSink) -> None:
    """Arguments given to functions defined in other files (same package, or a non-standard
    package's exported function), for the framework's cross-file join. Calls already read
    as clients (`grpc.Dial`, `redis.NewClient`) are library calls, not the project's."""
    understood = {call.line for call in sink.calls}
    for call in scan.calls:
        pkg, name, args = call_parts(scan, call)
        if not args or name in scan.functions or scan.stdlib_package(pkg) or not name \
                or line_of(call) in understood:
            continue
        function = call.child_by_field_name("function")
        if function is None or function.type not in ("identifier", "selector_expression"):
            continue
        for index, arg in enumerate(args):
            sink.bind(line_of(call), name, index, scan.eval(arg))


def _interpret(scan: GoScan, problems: list[ParseProblem]) -> FileFacts:
    sink = FactSink(scan, "go")
    clients, routes = GoClients(scan, sink), GoRoutes(scan, sink)
    messaging, thrift = GoMessaging(scan, sink), GoThrift(scan, sink)
    for call in scan.calls:
        pkg, name, args = call_parts(scan, call)
        if not args:
            continue
        line = line_of(call)
        clients.http(call, line, pkg, name, args)
        routes.route(call, line, pkg, name, args)
        if not thrift.call(line, pkg, name, args):
            clients.grpc(call, line, pkg, name, args)
        messaging.messaging(line, pkg, name, args)
        messaging.datastore(line, pkg, name, args)
    for literal in scan.composites:
        messaging.composite(literal)
    clients.finish()
    _bindings(scan, sink)
    return sink.facts(problems)
