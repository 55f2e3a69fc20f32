"""Go Apache Thrift: generated clients and processors, and the transports that name addresses.

Only in a file importing `github.com/apache/thrift/lib/go/thrift`:
- `NewXClientFactory(trans, pf)`, `NewXClientProtocol(trans, in, out)`, `NewXClient(c)`:
  a client of Thrift service X (an `rpc` call, protocol "thrift");
- `thrift.NewTSocket(addr)` (and `NewTSocketConf`, `NewTSocketTimeout`, `NewTSSLSocket*`,
  `NewTHttpClient*`): the address the client connects to;
- `NewXProcessor(handler)`: the file serves X (the `thrift.NewTSimpleServer*` that runs it
  names no service).
A call read here is not read again as a gRPC stub.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import OutboundCall, RpcServer
from analyzer.ingest.code.golang.values import GoScan
from analyzer.ingest.code.treesitter.symbolic import clip
from analyzer.ingest.code.treesitter.scan import FactSink

THRIFT_IMPORT = "github.com/apache/thrift/lib/go/thrift"
_CLIENT = re.compile(r"New(\w+?)Client(Factory|Protocol)?")
_PROCESSOR = re.compile(r"New(\w+)Processor")
_TRANSPORTS = re.compile(r"NewT(Socket|SSLSocket|HttpClient|HttpPostClient)\w*")
_NOT_SERVICES = {"Standard", "T", "THttp", "Http", "HTTP"}
_NOT_PACKAGES = ("http", "redis", "resty", "kafka", "sarama", "mongo", "sql", "grpc")


class GoThrift:
    """Thrift clients, transports and processors of one Go file."""

    def __init__(self, scan: GoScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink
        self.active = scan.imported(THRIFT_IMPORT)

    def call(self, line: int, pkg: str | None, name: str, args: list[Any]) -> bool:
        """Record a Thrift client/transport/processor call; False when the call is none."""
        if not self.active or pkg in _NOT_PACKAGES:
            return False
        transport = _TRANSPORTS.fullmatch(name)
        if transport and pkg == "thrift":
            self.sink.emit(line, "thrift", self.s.eval(args[0]), f"thrift.{name}")
            return True
        client = _CLIENT.fullmatch(name)
        if client and client.group(1) not in _NOT_SERVICES and pkg != "thrift":
            service = client.group(1)
            where = f"{pkg}.{name}" if pkg else name
            self.sink.calls.append(OutboundCall(line, "thrift", "rpc", service,
                                                clip(f"thrift client {where}")))
            return True
        processor = _PROCESSOR.fullmatch(name)
        if processor and pkg != "thrift" and len(args) == 1:
            self.sink.servers.append(RpcServer(line, processor.group(1), "thrift"))
            return True
        return False
