"""Go HTTP and gRPC clients: net/http, `client.Get`-style wrappers, resty, gRPC dials and stubs.

`http.NewRequest` is reported where the request is built (the later `client.Do` sends it).
A resty `SetBaseURL`/`SetHostURL` on a client is prefixed to relative request paths. Every
`pb.NewXClient(conn)` is a call with target_kind "rpc" and target "X"; when the address of a
`grpc.Dial/DialContext/NewClient` is known, the dial line also gets a grpc call naming the
address (url/env/config) whose detail lists the stubs it serves.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import OutboundCall, RpcServer
from analyzer.ingest.code.golang.values import GoScan, call_parts
from analyzer.ingest.code.treesitter.symbolic import Value, clip, concat, has_host
from analyzer.ingest.code.treesitter.scan import FactSink, named_children
from analyzer.ingest.code.treesitter.util import ancestors

_HTTP_FUNCS = {"Get": "GET", "Head": "HEAD", "Post": "POST", "PostForm": "POST"}
_CLIENT_METHODS = {**_HTTP_FUNCS, "Put": "PUT", "Delete": "DELETE", "Patch": "PATCH",
                   "Options": "OPTIONS"}
_BASE_URL_SETTERS = ("SetBaseURL", "SetHostURL")
_NOT_GRPC = {"HTTP", "Http", "Simple", "Rest", "REST", "API", "Api", "Cluster", "Universal",
             "Failover", "Sentinel", "Ring", "Sync", "Async", "Consumer", "Producer"}
_NOT_GRPC_PACKAGES = ("http", "redis", "resty", "kafka", "sarama", "mongo", "sql")


class GoClients:
    """HTTP and gRPC client calls of one file; `finish` reports the gRPC dials."""

    def __init__(self, scan: GoScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink
        self.dials: dict[str, tuple[int, Value | None]] = {}
        self.stubs: dict[str, list[str]] = {}
        self.bases: dict[str, Any] = {}
        for call in scan.calls:
            if call_parts(scan, call)[1] in _BASE_URL_SETTERS:
                self._note_base(call)

    def http(self, call: Any, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        """net/http package calls and `x.Get(url)`-style client methods."""
        s = self.s
        if pkg == "http" and name in _HTTP_FUNCS:
            self.sink.emit(line, "http", s.eval(args[0]), f"http.{name} {_HTTP_FUNCS[name]}")
        elif pkg == "http" and name in ("NewRequest", "NewRequestWithContext"):
            off = 1 if name.endswith("Context") else 0
            if len(args) > off + 1:
                verb = s.eval(args[off])
                method = verb.text if verb and verb.kind == "lit" else \
                    s.text(args[off]).removeprefix("http.Method").upper() or "?"
                self.sink.emit(line, "http", s.eval(args[off + 1]), f"http.NewRequest {method}")
        elif name in _CLIENT_METHODS and len(args) <= 3:
            self._client_call(call, line, name, args)

    def grpc(self, call: Any, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        """gRPC dials, generated client stubs and server registrations."""
        s = self.s
        if pkg == "grpc" and name in ("Dial", "DialContext", "NewClient"):
            addr = args[1] if name == "DialContext" and len(args) > 1 else args[0]
            self.dials[_assigned_name(s, call) or f"@{line}"] = (line, s.eval(addr))
            return
        stub = re.fullmatch(r"New(\w+)Client", name)
        if stub and len(args) == 1 and stub.group(1) not in _NOT_GRPC \
                and pkg not in _NOT_GRPC_PACKAGES:
            service = stub.group(1)
            conn = s.text(args[0])
            if conn in self.dials or service.endswith("Service") or s.imported(
                    "google.golang.org/grpc") or re.search(r"pb|proto|grpc|api", pkg or ""):
                self.sink.calls.append(OutboundCall(line, "grpc", "rpc", service,
                                                    clip(f"gRPC client {pkg}.{name}")))
                self.stubs.setdefault(conn, []).append(service)
            return
        server = re.fullmatch(r"Register(\w+)Server", name)
        if server and len(args) == 2:
            self.sink.servers.append(RpcServer(line, server.group(1), "grpc-go"))

    def finish(self) -> None:
        """Report each dial with a known address, naming the stubs built on its connection."""
        for var, (line, value) in self.dials.items():
            served = ",".join(sorted(set(self.stubs.get(var, ())))) or "?"
            self.sink.emit(line, "grpc", value, f"grpc.Dial ({served})")

    def _client_call(self, call: Any, line: int, name: str, args: list[Any]) -> None:
        resty_client = _resty_receiver(self.s, call)
        method = _CLIENT_METHODS[name]
        if resty_client is None:
            self.sink.emit(line, "http", self.s.eval(args[0]), f"client.{name} {method}",
                           strict=True)
            return
        value = self.s.eval(args[0])
        base_node = self.bases.get(self.s.text(resty_client))
        if base_node is not None and (value is None or (value.kind == "lit"
                                                        and not has_host(value.text))):
            value = concat([self.s.eval(base_node), value])
        self.sink.emit(line, "http", value, f"resty {method}")

    def _note_base(self, call: Any) -> None:
        _, _, args = call_parts(self.s, call)
        if not args:
            return
        target = _assigned_name(self.s, call) or self.s.text(_chain_root(call))
        if target:
            self.bases[target] = args[0]


def _assigned_name(scan: GoScan, node: Any) -> str | None:
    """Name of the variable that `node` (an expression) is assigned to, if any."""
    parent = next((a for a in ancestors(node) if a.type not in (
        "call_expression", "selector_expression", "unary_expression", "expression_list",
        "parenthesized_expression", "argument_list")), None)
    if parent is None:
        return None
    if parent.type in ("short_var_declaration", "assignment_statement"):
        left = named_children(parent.child_by_field_name("left"))
        return scan.text(left[0]) if left else None
    if parent.type in ("var_spec", "const_spec"):
        return scan.text(parent.child_by_field_name("name"))
    return None


def _chain_root(node: Any) -> Any:
    while node is not None and node.type in ("call_expression", "selector_expression"):
        node = node.child_by_field_name("function" if node.type == "call_expression"
                                        else "operand")
    return node


def _resty_receiver(scan: GoScan, call: Any) -> Any | None:
    """The client expression before `.R()` when `call` is a resty request chain."""
    node = call.child_by_field_name("function")
    while node is not None and node.type == "selector_expression":
        operand = node.child_by_field_name("operand")
        if operand is None or operand.type != "call_expression":
            return None
        _, name, args = call_parts(scan, operand)
        function = operand.child_by_field_name("function")
        if name == "R" and not args and function.type == "selector_expression":
            return function.child_by_field_name("operand")
        node = function
    return None
