"""Call and `new` expressions of a JS/TS file: HTTP and gRPC clients, and dispatch to the
route, datastore and messaging modules.

HTTP: fetch, axios (also `axios({url})` and `axios.create({baseURL})` clients), got, request,
superagent, needle, ky, undici, Angular/Nest `http.get`. A literal must carry a scheme or
`host:port` to count (relative paths name no service). gRPC: `new pkg.Service(addr, creds)`
client stubs (reported by service name and by address), Nest `ClientGrpc.getService("Svc")`,
`server.addService(...)` registrations. Thrift: `javascript_thrift`.
"""

from __future__ import annotations

from analyzer.ingest.code.javascript import datastores as stores
from analyzer.ingest.code.javascript import messaging
from analyzer.ingest.code.javascript import routes
from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.javascript import thrift
from analyzer.ingest.code.facts import OutboundCall, RpcServer
from analyzer.ingest.code.javascript.declarations import HTTP_LIBS
from analyzer.ingest.code.javascript.output import Output
from analyzer.ingest.code.javascript.values import SCHEME, Scope, Val, concat

_HTTP_VERBS = {"get", "post", "put", "delete", "patch", "head", "options"}
_HTTP_RECEIVERS = {"http", "https", "httpservice", "httpclient", "$http", "axios", "axiosref", "got", "request",
                   "superagent", "needle", "ky", "undici"}


def call(scope: Scope, out: Output, node) -> None:
    """Report what the call expression `node` connects to, serves or publishes."""
    fn, args = node.child_by_field_name("function"), js.args(node)
    if fn is None:
        return
    if fn.type == "identifier":
        name = js.text(fn)
        if scope.lib(name) in HTTP_LIBS - {"http", "https"}:
            _http(scope, out, node, name, args)
        elif not stores.function_call(scope, out, node, name, args):
            messaging.function_call(scope, out, node, name, args)
        return
    if fn.type != "member_expression":
        return
    recv_node, prop = fn.child_by_field_name("object"), js.text(fn.child_by_field_name("property"))
    recv = js.text(recv_node)
    last = recv.split(".")[-1]
    if recv in scope.clients:
        _client_call(scope, out, node, recv, prop, args)
    elif prop in _HTTP_VERBS | {"request", "fetch"} and (
            scope.lib(recv.split(".")[0]) in HTTP_LIBS or last.lower() in _HTTP_RECEIVERS
            or recv in ("window", "globalThis")):
        _http(scope, out, node, f"{last}.{prop}", args, prop)
    elif prop in _HTTP_VERBS | {"all"} and len(args) >= 2:
        routes.route(scope, out, node, recv_node, prop, args)
    elif not (routes.router_call(out, node, recv, prop, args) or _grpc_call(scope, out, node, prop, args)
              or thrift.member_call(scope, out, node, recv, prop, args)
              or stores.member_call(scope, out, node, recv, last, prop, args)):
        messaging.member_call(scope, out, node, recv, last, prop, args)


def new(scope: Scope, out: Output, node) -> None:
    """Report what the `new` expression `node` connects to (gRPC stubs, datastores, brokers)."""
    ctor = js.text(node.child_by_field_name("constructor"))
    args = js.args(node)
    last = ctor.split(".")[-1]
    if any("credentials." in js.text(a) for a in args[1:]) or ctor in scope.grpc_services \
            or ctor.split(".")[0] in scope.grpc_pkgs:
        service = scope.grpc_services.get(ctor, last)
        service = service[: -len("Client")] if service.endswith("ServiceClient") else service
        out.calls.add(OutboundCall(js.line(node), "grpc", "rpc", service, f"grpc client new {ctor}"))
        address = scope.eval(args[0]) if args else None
        if address is not None:
            out.emit(node, "grpc", address, f"grpc {service}")
    elif not stores.new_client(scope, out, node, last, args):
        messaging.new_client(scope, out, node, last, args)


def _grpc_call(scope: Scope, out: Output, node, prop: str, args: list) -> bool:
    """`server.addService(pkg.Svc.service, impl)` and Nest `client.getService("Svc")`."""
    first = args[0] if args else None
    if prop == "addService" and first is not None:
        name = js.text(first)
        name = name[: -len(".service")] if name.endswith(".service") else name
        service = scope.grpc_services.get(name, name.split(".")[-1])
        if not js.text(first).endswith(".service") and service.endswith("ServiceService"):
            service = service[: -len("Service")]
        out.servers.add(RpcServer(js.line(node), service, "grpc-js"))
    elif prop == "getService" and first is not None and js.string(first):
        service = js.string(first)
        out.calls.add(OutboundCall(js.line(node), "grpc", "rpc", service, f"ClientGrpc.getService {service}"))
    else:
        return False
    return True


def _http(scope: Scope, out: Output, node, callee: str, args: list, verb: str = "") -> None:
    if not args:
        return
    method = verb.upper() if verb in _HTTP_VERBS else ""
    target = args[0]
    options = js.obj(args[1]) if len(args) > 1 and args[1].type == "object" else {}
    if target.type == "object":  # axios({url, method}) / request({uri})
        options = js.obj(target)
        target = options.get("url") or options.get("uri")
        base = options.get("baseURL")
        if target is None and base is None:
            return
        value = concat([scope.eval(base), scope.piece(target)]) if base is not None and target is not None \
            else scope.eval(base if target is None else target)
    else:
        value = scope.eval(target)
    method = method or (js.string(options.get("method")) or "GET").upper()
    _report_http(out, node, callee, method, value)


def _client_call(scope: Scope, out: Output, node, recv: str, prop: str, args: list) -> None:
    if prop not in _HTTP_VERBS | {"request"} or not args:
        return
    base = scope.clients[recv]
    tail = scope.piece(args[0]) if args[0].type != "object" else js.string(js.obj(args[0]).get("url")) or ""
    value = concat([base, tail]) if base is not None else scope.eval(args[0])
    _report_http(out, node, f"{recv}.{prop}", prop.upper() if prop != "request" else "GET", value)


def _report_http(out: Output, node, callee: str, method: str, value: Val | None) -> None:
    if value is None or (value.kind == "url" and not SCHEME.match(value.target)):
        return
    out.emit(node, "http", value, f"{callee} {method}")
