"""Java HTTP and gRPC clients: RestTemplate, WebClient/RestClient, java.net.http, JAX-RS,
OkHttp, Apache HttpClient, `URL.openConnection`, Feign interfaces and gRPC stubs/channels.

`@LoadBalanced` RestTemplate URLs such as `http://orders/api` are reported as target_kind
"url" (the resolver matches the bare host against discovery names); `lb://id` and
`@FeignClient(name=...)` without `url` (or with a localhost `url`) are "discovery" with the
bare id; a Feign `url` placeholder is "config". A host-name value object built from a literal
(`new ServiceUri(new Hostname("payment"), ...)`, `new HttpHost("orders", 80)`) names its
service: a bare word is "discovery", an address a "url". A gRPC channel's call lists the stubs the
file builds, since channels and stubs are usually wired in one configuration class.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import OutboundCall
from analyzer.ingest.code.java.syntax import annotation_args, chain_has, looks_like, \
    mapping_paths, methods_of
from analyzer.ingest.code.java.values import JavaScan, arguments
from analyzer.ingest.code.java.spring import MAPPINGS, REST_GENERIC, REST_METHODS, VERB_METHODS, \
    join_paths, rest_template_method
from analyzer.ingest.code.treesitter.symbolic import UNKNOWN, Value, clip, concat, has_host
from analyzer.ingest.code.treesitter.scan import FactSink
from analyzer.ingest.code.treesitter.util import line_of, parent, walk

_STUB_FACTORIES = ("newBlockingStub", "newStub", "newFutureStub", "newReactorStub",
                   "newMutinyStub", "newBlockingV2Stub")
_APACHE_REQUESTS = ("HttpGet", "HttpPost", "HttpPut", "HttpDelete", "HttpPatch", "HttpHead")
_LOCALHOST = re.compile(r"//(localhost|127\.0\.0\.1)")
_HOST_TYPES = frozenset({"hostname", "host", "httphost", "servicehost"})
_BARE_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class JavaClients:
    """Outbound HTTP and gRPC calls of one file; `finish` reports the gRPC channels."""

    def __init__(self, scan: JavaScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink
        self.stubs: list[str] = []
        self.channels: list[tuple[int, Value | None, str]] = []

    def invocation(self, node: Any, line: int, name: str, receiver: Any, owner: str,
                   rtype: str, args: list[Any]) -> bool:
        """Record an HTTP/gRPC client invocation; False when the invocation is none."""
        s, emit = self.s, self.sink.emit
        if name in REST_METHODS or (name in REST_GENERIC and looks_like(owner, rtype, "rest")):
            exchange_verb = s.text(args[1]) if len(args) > 1 else None
            emit(line, "http", s.eval(args[0]),
                 f"RestTemplate {rest_template_method(name, exchange_verb)}")
        elif name == "uri":
            self._uri(node, line, args[0])
        elif name in ("create", "baseUrl", "rootUri") and (
                owner in ("WebClient", "RestClient") or name != "create"):
            emit(line, "http", s.eval(args[0]), f"{owner or 'client'} {name}")
        elif name == "newBuilder" and owner == "HttpRequest":
            emit(line, "http", s.eval(args[0]), "HttpRequest")
        elif name == "target" and len(args) == 1:
            emit(line, "http", s.eval(args[0]), "JAX-RS client target", strict=True)
        elif name == "url" and chain_has(s, receiver, "Builder"):
            emit(line, "http", s.eval(args[0]), "OkHttp Request")
        elif name in _STUB_FACTORIES and owner.endswith("Grpc"):
            service = re.sub(r"^(Reactor|Mutiny|Rx)", "", owner.rsplit(".", 1)[-1][:-4])
            self.stubs.append(service)
            self.sink.calls.append(OutboundCall(line, "grpc", "rpc", service,
                                                clip(f"gRPC stub {owner}.{name}")))
        elif name == "forAddress" and len(args) == 2 and "ChannelBuilder" in owner:
            address = concat([s.eval(args[0]), Value("lit", ":"), s.eval(args[1])])
            self.channels.append((line, address, f"{owner}.forAddress"))
        elif name == "forTarget" and "ChannelBuilder" in owner:
            self.channels.append((line, s.eval(args[0]), f"{owner}.forTarget"))
        else:
            return False
        return True

    def creation(self, kind: str, node: Any, line: int, args: list[Any]) -> None:
        """`new HttpGet(url)` and `new URL(url).openConnection()`."""
        if kind in _APACHE_REQUESTS:
            self.sink.emit(line, "http", self.s.eval(args[0]), f"Apache {kind}")
        elif kind == "URL" and (outer := parent(node)) is not None \
                and outer.type == "method_invocation" \
                and self.s.text(outer.child_by_field_name("name")) == "openConnection":
            self.sink.emit(line, "http", self.s.eval(args[0]), "URL.openConnection")
        elif kind.lower() in _HOST_TYPES:
            self._host_object(kind, line, args[0])

    def _host_object(self, kind: str, line: int, arg: Any) -> None:
        value = self.s.eval(arg)
        if value is None or value.kind != "lit" or not value.text:
            return
        if _BARE_WORD.match(value.text):
            self.sink.emit(line, "http", Value("discovery", value.text), f"new {kind}")
        elif "://" not in value.text:
            self.sink.emit(line, "http", Value("lit", f"http://{value.text}"), f"new {kind}")

    def feign(self, node: Any, annotation: Any) -> None:
        """One call per endpoint method of a `@FeignClient` interface."""
        s = self.s
        args = annotation_args(s, annotation)
        names = [s.annotation_value(v) for v in args.get("name", []) + args.get("value", [])]
        name = next((v for v in names if v is not None), None)
        url = next((s.annotation_value(v) for v in args.get("url", [])), None)
        prefix = next((s.annotation_value(v) for v in args.get("path", [])), None)
        base_path = prefix.text if prefix is not None and prefix.kind == "lit" else ""
        if url is None or (url.kind == "lit" and _LOCALHOST.search(url.text)):
            target = Value("discovery", name.text) if name is not None and name.kind == "lit" \
                else name
        else:
            target = url
        label = f"Feign {name.text if name else '?'}"
        endpoints = [(line_of(m), verb, path) for m, marks in methods_of(s, node)
                     for verb, path in self._feign_endpoints(marks)]
        for line, verb, path in endpoints or [(line_of(annotation), "", "")]:
            full = join_paths(base_path, path) if (base_path or path) else ""
            if target is not None and target.kind == "lit":
                value = Value("lit", target.text.rstrip("/") + full)
            else:
                value = concat([target, Value("lit", full)]) if target is not None and full \
                    else target
            self.sink.emit(line, "http", value, f"{label} {verb}".strip())

    def finish(self) -> None:
        """Report each gRPC channel, naming the stubs this file builds."""
        served = ",".join(sorted(set(self.stubs))) or "?"
        for line, value, label in self.channels:
            self.sink.emit(line, "grpc", value, f"{label} ({served})")

    def _uri(self, node: Any, line: int, arg: Any) -> None:
        s = self.s
        receiver = node.child_by_field_name("object")
        chain = _chain_names(s, receiver)
        if arg.type == "lambda_expression":
            paths = [n for n in walk(arg) if n.type == "method_invocation"
                     and s.text(n.child_by_field_name("name")) == "path" and arguments(n)]
            value = s.eval(arguments(paths[0])[0]) if paths else None
        else:
            value = s.eval(arg)
        root = _chain_root(receiver)
        base = s.eval(root) if root is not None and root.type in ("identifier", "field_access") \
            else None
        if "newBuilder" in chain or "HttpRequest" in s.text(root):
            base = None
        if base is not None and (value is None or (value.kind == "lit"
                                                   and not has_host(value.text))):
            value = concat([base, value or UNKNOWN])
        verb = next((VERB_METHODS[n] for n in chain if n in VERB_METHODS), "?")
        label = "HttpRequest" if "newBuilder" in chain else f"WebClient {verb}"
        self.sink.emit(line, "http", value, label)

    def _feign_endpoints(self, marks: dict[str, Any]) -> list[tuple[str, str]]:
        found = []
        for mark, verb in MAPPINGS.items():
            if mark in marks:
                for path in mapping_paths(self.s, marks[mark]) or [""]:
                    found.append((verb, path))
        return found


def _chain_names(scan: JavaScan, node: Any) -> list[str]:
    names = []
    while node is not None and node.type == "method_invocation":
        names.append(scan.text(node.child_by_field_name("name")))
        node = node.child_by_field_name("object")
    if node is not None:
        names.append(scan.text(node))
    return names


def _chain_root(node: Any) -> Any:
    while node is not None and node.type == "method_invocation":
        node = node.child_by_field_name("object")
    return node
