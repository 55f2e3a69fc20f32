"""Kotlin extractor: the Spring/gRPC/messaging subset of the Java extractor, for Kotlin syntax.

Covers RestTemplate, WebClient (`.uri`, `baseUrl`), Feign interfaces, Spring route mappings
with class prefixes, `@KafkaListener`/`@RabbitListener`/`@JmsListener`, KafkaTemplate and
RabbitTemplate sends, gRPC stubs/channels/`ImplBase` servers and JDBC/Mongo/Redis clients.
Values come from `kotlin_values`, classes are read by `kotlin_declarations`; this module
interprets calls and listener annotations. Reporting choices are the Java extractor's, and so
are parameters and argument bindings for the cross-file join (`kotlin_params`).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import FileFacts, OutboundCall, ParseProblem
from analyzer.ingest.code.java.spring import REST_GENERIC, REST_METHODS, VERB_METHODS, \
    rest_template_method
from analyzer.ingest.code.kotlin.declarations import KotlinDeclarations
from analyzer.ingest.code.kotlin.params import bind_calls
from analyzer.ingest.code.kotlin.syntax import annotation_name, call_args, callee
from analyzer.ingest.code.kotlin.values import KotlinScan
from analyzer.ingest.code.treesitter.symbolic import UNKNOWN, Value, clip, concat, has_host
from analyzer.ingest.code.treesitter.scan import FactSink, run_extractor
from analyzer.ingest.code.treesitter.util import line_of

SUFFIXES = (".kt", ".kts")

_STUBS = re.compile(r"(?:new(?:Blocking|Future|Reactor)?Stub|(?<!\w)(\w+)CoroutineStub)$")
_LISTENERS = {"KafkaListener": ("kafka", ("topics", "value", "topicPattern")),
              "RabbitListener": ("rabbitmq", ("queues",)),
              "JmsListener": ("jms", ("destination",))}


def extract(text: str, path: str) -> FileFacts:
    """Extract the facts of one Kotlin source file; never raises on bad input."""
    return run_extractor("kotlin", text, KotlinScan, _interpret)


def _interpret(scan: KotlinScan, problems: list[ParseProblem]) -> FileFacts:
    sink = FactSink(scan, "kotlin")
    understood: set[int] = set()
    for node in scan.calls:
        before = len(sink.calls) + len(sink.topics)
        _call(scan, sink, node)
        if len(sink.calls) + len(sink.topics) != before:
            understood.add(node.id)
    for node in scan.annotations:
        _listener(scan, sink, node)
    declarations = KotlinDeclarations(scan, sink)
    for node in scan.classes:
        declarations.declaration(node)
    bind_calls(scan, sink, understood)
    return sink.facts(problems)


def _call(s: KotlinScan, sink: FactSink, node: Any) -> None:
    receiver, name = callee(s, node)
    args = call_args(node)
    if not args:
        return
    line, owner = line_of(node), s.text(receiver)
    haystack = f"{s.types.get(owner.rsplit('.', 1)[-1], '')} {owner}".lower()
    if name in REST_METHODS or (name in REST_GENERIC and "rest" in haystack):
        exchange_verb = s.text(args[1]) if len(args) > 1 else None
        sink.emit(line, "http", s.eval(args[0]),
                  f"RestTemplate {rest_template_method(name, exchange_verb)}")
    elif name == "uri":
        _uri(s, sink, receiver, line, args[0])
    elif name in ("baseUrl", "rootUri") or (name == "create" and owner in ("WebClient",
                                                                             "RestClient")):
        sink.emit(line, "http", s.eval(args[0]), f"WebClient {name}")
    elif (_STUBS.search(name) and owner.endswith(("Grpc", "GrpcKt"))) or (
            name.endswith("CoroutineStub") and receiver is not None):
        service = re.sub(r"Grpc(?:Kt)?$", "", owner.rsplit(".", 1)[-1])
        sink.calls.append(OutboundCall(line, "grpc", "rpc", service,
                                       clip(f"gRPC stub {owner}.{name}")))
    elif name in ("forAddress", "forTarget") and "ChannelBuilder" in owner:
        parts = [s.eval(args[0])] + ([Value("lit", ":"), s.eval(args[1])]
                                     if name == "forAddress" and len(args) > 1 else [])
        sink.emit(line, "grpc", concat(parts), f"{owner}.{name}")
    elif name == "send" and "kafka" in haystack:
        sink.topic(line, "kafka", "produce", s.eval_list(args[0]), "KafkaTemplate.send")
    elif name in ("convertAndSend", "send") and ("rabbit" in haystack or "amqp" in haystack):
        first = s.eval(args[0])
        pick = args[1] if len(args) >= 3 and first and first.kind == "lit" and not first.text \
            else args[0]
        sink.topic(line, "rabbitmq", "produce", s.eval_list(pick), f"RabbitTemplate.{name}")
    elif name == "getConnection" and owner == "DriverManager":
        sink.emit(line, "db", s.eval(args[0]), "JDBC DriverManager")
    elif name == "create" and owner in ("MongoClients", "RedisClient"):
        protocol = "db" if owner == "MongoClients" else "cache"
        sink.emit(line, protocol, s.eval(args[0]), f"{owner}.create")


def _uri(s: KotlinScan, sink: FactSink, receiver: Any, line: int, arg: Any) -> None:
    """WebClient `.get().uri(path)`: the path, prefixed by the client's base URL if known."""
    value = s.eval(arg)
    chain, root = [], receiver
    while root is not None and root.type in ("call_expression", "navigation_expression"):
        if root.type == "call_expression":
            chain.append(callee(s, root)[1])
        root = root.named_children[0] if root.named_child_count else None
    base = s.eval(root) if root is not None and root.type == "identifier" else None
    if base is not None and (value is None or (value.kind == "lit" and not has_host(value.text))):
        value = concat([base, value or UNKNOWN])
    verb = next((VERB_METHODS[n] for n in chain if n in VERB_METHODS), "?")
    sink.emit(line, "http", value, f"WebClient {verb}")


def _listener(s: KotlinScan, sink: FactSink, node: Any) -> None:
    name = annotation_name(s, node)
    spec = _LISTENERS.get(name)
    if spec is None:
        return
    args = s.annotation_args(node)
    for key in spec[1]:
        for value_node in args.get(key, []):
            sink.topic(line_of(node), spec[0], "consume", s.eval_list(value_node), f"@{name}")
