"""Java extractor: Spring/JAX-RS/OkHttp/gRPC/messaging/datastore facts of one file.

One tree-sitter parse and one walk collect bindings, declared types, imports, invocations,
object creations, annotations and type declarations (`java_values`); a second pass hands
each node to the concern that knows it: clients (`java_clients`), messaging and datastores
(`java_messaging`), routes and gRPC servers (`java_routes`), Apache Thrift (`java_thrift`).
"""

from __future__ import annotations

from analyzer.ingest.code.facts import FileFacts, ParseProblem
from analyzer.ingest.code.java.syntax import annotations_of
from analyzer.ingest.code.java.clients import JavaClients
from analyzer.ingest.code.java.messaging import JavaMessaging
from analyzer.ingest.code.java.routes import JavaRoutes
from analyzer.ingest.code.java.thrift import JavaThrift
from analyzer.ingest.code.java.values import JavaScan, arguments, simple_type
from analyzer.ingest.code.treesitter.scan import FactSink, run_extractor
from analyzer.ingest.code.treesitter.util import line_of

SUFFIXES = (".java",)


def extract(text: str, path: str) -> FileFacts:
    """Extract the facts of one Java source file; never raises on bad input."""
    return run_extractor("java", text, JavaScan, _interpret)


def _interpret(scan: JavaScan, problems: list[ParseProblem]) -> FileFacts:
    sink = FactSink(scan, "java")
    clients, messaging = JavaClients(scan, sink), JavaMessaging(scan, sink)
    routes, thrift = JavaRoutes(scan, sink), JavaThrift(scan, sink)
    for node in scan.invocations:
        args = arguments(node)
        if not args:
            continue
        name = scan.text(node.child_by_field_name("name"))
        receiver = node.child_by_field_name("object")
        owner, rtype, line = scan.text(receiver), scan.type_of(receiver), line_of(node)
        if not (clients.invocation(node, line, name, receiver, owner, rtype, args)
                or thrift.invocation(line, name, owner, args)):
            messaging.invocation(line, name, receiver, owner, rtype, args)
    for node in scan.creations:
        args = arguments(node)
        if args and not thrift.creation(node, line_of(node), args):
            kind = simple_type(scan, node)
            clients.creation(kind, node, line_of(node), args)
            messaging.creation(kind, line_of(node), args)
    for node in scan.annotations:
        messaging.annotation(node)
    for node in scan.declarations:
        annotations = annotations_of(scan, node)
        if "FeignClient" in annotations:
            clients.feign(node, annotations["FeignClient"])
        else:
            routes.declaration(node, annotations)
            thrift.declaration(node)
    clients.finish()
    _bindings(scan, sink)
    return sink.facts(problems)


def _bindings(scan: JavaScan, sink: FactSink) -> None:
    """Arguments given to constructors (`new CatalogClient(url)`, callable = class name) and
    methods declared in other files, unless the call was already read as a client."""
    understood = {call.line for call in sink.calls} | {use.line for use in sink.topics}
    for node in [*scan.invocations, *scan.creations]:
        line = line_of(node)
        name = simple_type(scan, node) if node.type == "object_creation_expression" \
            else scan.text(node.child_by_field_name("name"))
        if line in understood or not name or name in scan.callables:
            continue
        for index, arg in enumerate(arguments(node)):
            sink.bind(line, name, index, scan.eval(arg))
