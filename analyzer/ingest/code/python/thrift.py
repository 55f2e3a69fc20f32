"""Python Apache Thrift: generated clients and processors, sockets, and thriftpy2 helpers.

`read` tells the walker what a call of a qualified name means for Thrift:
- `Calculator.Client(protocol)`: a client of Thrift service Calculator (an `rpc` call);
- `Calculator.Processor(handler)`: the file serves Calculator (an RpcServer, framework
  "thrift"; the `TServer.*` that runs it names no service);
- `TSocket.TSocket(host, port)`, `TSSLSocket.TSSLSocket(...)`, `THttpClient.THttpClient(url)`:
  the address the client connects to;
- thriftpy2 `make_client(mod.Svc, host, port)` / `make_server(mod.Svc, handler, host, port)`.
Generated `Client`/`Processor` classes count only in a file that imports thrift, so an
unrelated `Foo.Client(...)` is not read as Thrift.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from analyzer.ingest.code.python.syntax import arg, host_port

_SOCKETS = frozenset({"thrift.transport.TSocket.TSocket", "thrift.transport.TSSLSocket.TSSLSocket",
                      "thrift.transport.TSocket", "thrift.transport.TSSLSocket",
                      "thriftpy2.transport.TSocket", "thriftpy.transport.TSocket"})
_HTTP_CLIENTS = frozenset({"thrift.transport.THttpClient.THttpClient",
                           "thrift.transport.THttpClient"})
_MAKE_CLIENT = ("make_client", "make_aio_client")
_MAKE_SERVER = ("make_server", "make_aio_server")


@dataclass(frozen=True)
class ThriftUse:
    """What one call means: a client and/or server of `service`, and/or an `address` node."""

    client: str = ""
    server: str = ""
    address: ast.AST | None = None


def read(node: ast.Call, func: str, imports: dict[str, str]) -> ThriftUse | None:
    """The Thrift meaning of a call of `func` (qualified through imports), or None."""
    if not any("thrift" in module for module in imports.values()):
        return None
    parts = func.split(".")
    last = parts[-1]
    if func in _SOCKETS:
        return ThriftUse(address=host_port(arg(node, 0, "host"), arg(node, 1, "port")))
    if func in _HTTP_CLIENTS:
        return ThriftUse(address=arg(node, 0, "uri_or_host"))
    if len(parts) >= 2 and last in ("Client", "Processor") and parts[-2][:1].isupper():
        return ThriftUse(client=parts[-2]) if last == "Client" else ThriftUse(server=parts[-2])
    if last in _MAKE_CLIENT + _MAKE_SERVER and "thriftpy" in func and node.args:
        service = _service_name(node.args[0])
        if not service:
            return None
        if last in _MAKE_CLIENT:
            return ThriftUse(client=service, address=host_port(arg(node, 1, "host"),
                                                               arg(node, 2, "port")))
        return ThriftUse(server=service)
    return None


def _service_name(node: ast.AST) -> str:
    """`pingpong_thrift.PingPong` -> "PingPong"."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""
