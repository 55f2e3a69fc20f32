"""JS/TS Apache Thrift (the `thrift` npm package): clients, connections and servers.

`thrift.createClient(Calculator, connection)` is a client of Thrift service Calculator (an
`rpc` call); `thrift.createConnection(host, port)` and its HTTP/SSL/WS variants name the
address it connects to; `thrift.createServer(Calculator, handler)` serves Calculator. The
receiver must be the `thrift` module (by import alias or name).
"""

from __future__ import annotations

from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.facts import OutboundCall, RpcServer
from analyzer.ingest.code.javascript.output import Output
from analyzer.ingest.code.javascript.values import Scope, concat

_CONNECTIONS = frozenset({"createConnection", "createHttpConnection", "createSSLConnection",
                          "createWSConnection", "createXHRConnection", "createStdIOConnection"})
_SERVERS = frozenset({"createServer", "createMultiplexServer"})


def member_call(scope: Scope, out: Output, node, recv: str, prop: str, args: list) -> bool:
    """Report a `thrift.<prop>(...)` call; False when it is not one this module knows."""
    if scope.lib(recv) != "thrift" or not args:
        return False
    if prop in ("createClient", "createHttpClient", "createWSClient", "createXHRClient"):
        service = js.text(args[0]).split(".")[-1]
        out.calls.add(OutboundCall(js.line(node), "thrift", "rpc", service,
                                   f"thrift.{prop} {service}"))
    elif prop in _CONNECTIONS:
        value = concat([scope.piece(args[0], True), _port(scope, args[1:2])])
        if value is not None and value.target:
            out.emit(node, "thrift", value, f"thrift.{prop}")
    elif prop in _SERVERS and len(args) >= 2:
        service = js.text(args[0]).split(".")[-1]
        out.servers.add(RpcServer(js.line(node), service, "thrift"))
    else:
        return False
    return True


def _port(scope: Scope, args: list) -> str:
    """":<port>" for a literal port argument, else "" (an unknown port adds nothing)."""
    if not args:
        return ""
    if args[0].type == "number":
        return ":" + js.text(args[0])
    value = scope.eval(args[0])
    return f":{value.target}" if value is not None and value.kind == "url" and value.target else ""
