"""Java Apache Thrift: generated clients and processors, handlers, and transports.

- `new Calculator.Client(protocol)` (and `Calculator.AsyncClient`): a client of Thrift
  service Calculator (an `rpc` call, protocol "thrift"), in a file importing `org.apache.thrift`;
- `new TSocket(host, port)`, `new TSSLSocket(...)`, `new TNonblockingSocket(host, port)`,
  `TSSLTransportFactory.getClientSocket(host, port)`, `new THttpClient(url)`: the address;
- `new Calculator.Processor<>(handler)` and a class implementing `Calculator.Iface` (or
  `AsyncIface`): the file serves Calculator.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import OutboundCall, RpcServer
from analyzer.ingest.code.java.values import JavaScan
from analyzer.ingest.code.treesitter.symbolic import Value, clip, concat
from analyzer.ingest.code.treesitter.scan import FactSink
from analyzer.ingest.code.treesitter.util import line_of

_SOCKETS = frozenset({"TSocket", "TSSLSocket", "TNonblockingSocket"})
_NESTED = re.compile(r"(?:[\w.]+\.)?(\w+)\.(Client|AsyncClient|Processor|AsyncProcessor)\b")
_IFACE = re.compile(r"(?<![\w.])(?:[\w.]+\.)?(\w+)\.(?:Iface|AsyncIface)\b")  # (?<!): linear


class JavaThrift:
    """Thrift clients, transports and servers of one Java file."""

    def __init__(self, scan: JavaScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink
        self.active = scan.imported("org.apache.thrift")

    def creation(self, node: Any, line: int, args: list[Any]) -> bool:
        """`new X.Client(..)`, `new X.Processor<>(..)`, `new TSocket(host, port)`."""
        if not self.active:
            return False
        written = self.s.text(node.child_by_field_name("type")).split("<", 1)[0]
        kind = written.rsplit(".", 1)[-1]
        if kind in _SOCKETS or kind == "THttpClient":
            self._address(line, args, f"new {kind}")
            return True
        nested = _NESTED.fullmatch(written)
        if nested is None or not nested.group(1)[:1].isupper():
            return False
        service, role = nested.groups()
        if role.endswith("Client"):
            self.sink.calls.append(OutboundCall(line, "thrift", "rpc", service,
                                                clip(f"thrift client new {service}.{role}")))
        else:
            self.sink.servers.append(RpcServer(line, service, "thrift"))
        return True

    def invocation(self, line: int, name: str, owner: str, args: list[Any]) -> bool:
        """`TSSLTransportFactory.getClientSocket(host, port, ...)`."""
        if self.active and name == "getClientSocket" and owner.endswith("TSSLTransportFactory"):
            self._address(line, args, "TSSLTransportFactory.getClientSocket")
            return True
        return False

    def declaration(self, node: Any) -> None:
        """A class implementing `X.Iface` serves Thrift service X."""
        interfaces = node.child_by_field_name("interfaces")
        for match in _IFACE.finditer(self.s.text(interfaces)):
            self.sink.servers.append(RpcServer(line_of(interfaces), match.group(1), "thrift"))

    def _address(self, line: int, args: list[Any], label: str) -> None:
        if not args:
            return
        host = self.s.eval(args[0])
        if len(args) > 1 and label != "new THttpClient":
            port = self.s.eval(args[1])
            if port is None and args[1].type == "decimal_integer_literal":
                port = Value("lit", self.s.text(args[1]))
            host = concat([host, Value("lit", ":"), port]) if port is not None \
                and port.kind == "lit" else host
        self.sink.emit(line, "thrift", host, label)
