"""Invocations and object creations of a C# file: HTTP, gRPC and datastore clients, and
dispatch to the route, Aspire and messaging modules.

HTTP: `HttpClient.GetAsync(...)` and friends (relative paths join the client's BaseAddress),
`new HttpRequestMessage(method, url)`, Refit `RestService.For<T>(url)`. gRPC:
`GrpcChannel.ForAddress`, `AddGrpcClient<T>`, `new Svc.SvcClient(channel)`. Datastores:
EF Core `UseNpgsql(...)`-style providers, `new NpgsqlConnection(...)`, `ConnectionMultiplexer.Connect`.
Aspire client integrations (`AddRedisClient("cache")`, `AddNpgsqlDbContext<T>("db")`,
`AddRabbitMQClient("bus")`, eShop's `AddRabbitMqEventBus("bus")`) read the connection string
Aspire injects: config key `ConnectionStrings:<name>`. Health checks (`AddUrlGroup(uri)`) and
YARP forwarders (`MapForwarder(path, destination)`) call the address they name.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.csharp import aspire
from analyzer.ingest.code.csharp import messaging
from analyzer.ingest.code.csharp import routes
from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.output import Output
from analyzer.ingest.code.csharp.syntax import last, strip
from analyzer.ingest.code.csharp.values import DELIMITERS, Scope, Val, concat
from analyzer.ingest.code.facts import RpcServer

_HTTP_METHODS = {"GetAsync": "GET", "GetStringAsync": "GET", "GetStreamAsync": "GET",
                 "GetByteArrayAsync": "GET", "GetFromJsonAsync": "GET", "PostAsync": "POST",
                 "PostAsJsonAsync": "POST", "PutAsync": "PUT", "PutAsJsonAsync": "PUT",
                 "PatchAsync": "PATCH", "PatchAsJsonAsync": "PATCH", "DeleteAsync": "DELETE",
                 "DeleteFromJsonAsync": "DELETE"}
_DB_CALLS = {"UseNpgsql", "UseSqlServer", "UseMySql", "UseMySQL", "UseSqlite", "UseOracle", "UseCosmos"}
_DB_TYPES = {"MongoClient", "NpgsqlConnection", "SqlConnection", "MySqlConnection", "NpgsqlDataSource"}
_ASPIRE_CLIENT = re.compile(r"^Add(Keyed)?\w*(Client|DbContext|DataSource|EventBus|Producer|Consumer"
                            r"|DistributedCache|OutputCache)$")
_ASPIRE_KINDS = (("cache", ("redis", "valkey", "garnet")),
                 ("async", ("rabbit", "kafka", "nats", "servicebus", "eventbus", "eventhub")),
                 ("db", ("npgsql", "sqlserver", "mysql", "mongo", "oracle", "cosmos", "elastic")))


def invocation(scope: Scope, out: Output, node) -> None:
    """Report what the invocation `node` calls, serves, references or publishes."""
    fn, args, recv = scope.callee(node), scope.args(node), scope.receiver(node)
    first = args[0][1] if args else None
    if fn in _HTTP_METHODS and first is not None:
        _http(scope, out, node, last(recv) or "HttpClient", fn, _HTTP_METHODS[fn], first)
    elif fn in _DB_CALLS and first is not None:
        out.store(node, "db", fn, scope.eval(first))
    elif fn in ("Connect", "ConnectAsync") and last(recv) == "ConnectionMultiplexer" and first is not None:
        out.store(node, "cache", f"ConnectionMultiplexer.{fn}", scope.eval(first))
    elif fn == "For" and last(recv) == "RestService" and first is not None:
        out.store(node, "http", f"Refit RestService.For<{','.join(scope.type_args(node))}>", scope.eval(first))
    elif fn == "ForAddress" and last(recv) == "GrpcChannel" and first is not None:
        out.store(node, "grpc", "GrpcChannel.ForAddress", scope.eval(first))
    elif fn == "AddGrpcClient" and scope.type_args(node):
        out.rpc_client(node, scope.type_args(node)[0], "AddGrpcClient")
    elif fn == "MapGrpcService" and scope.type_args(node):
        impl = last(scope.type_args(node)[0])
        out.servers.add(RpcServer(tsu.line_of(node), strip(impl, "Service") or impl, "aspnet-grpc"))
    elif fn in routes.MAP_VERBS and first is not None and scope.string(first) is not None:
        routes.map_route(scope, out, node, fn, first)
    elif fn == "WithReference" and first is not None:
        aspire.reference(scope, out, node, first)
    elif fn == "AddUrlGroup" and first is not None:
        out.store(node, "http", "health check AddUrlGroup", scope.eval(first))
    elif fn == "MapForwarder" and len(args) >= 2:
        out.store(node, "http", "MapForwarder", scope.eval(args[1][1]))
    elif _ASPIRE_CLIENT.match(fn) and first is not None and scope.string(first) and _aspire_kind(fn):
        out.emit(node, _aspire_kind(fn), Val("config", f"ConnectionStrings:{scope.string(first)}"),
                 f"Aspire client {fn}")
    else:
        messaging.invocation(scope, out, node, fn, recv, args)


def object_creation(scope: Scope, out: Output, node) -> None:
    """Report what `new T(...)` connects to: request messages, DB connections, gRPC clients."""
    typ = scope.t(node.child_by_field_name("type"))
    args = scope.args(node)
    first = args[0][1] if args else None
    if last(typ) == "HttpRequestMessage" and len(args) >= 2:
        method = last(scope.t(args[0][1])).upper()
        val = scope.eval(args[1][1])
        if val is not None and (val.kind != "url" or tsu.looks_like_address(val.target)):
            out.emit(node, "http", val, f"HttpRequestMessage {method}")
    elif last(typ) in _DB_TYPES and first is not None:
        out.store(node, "db", f"new {last(typ)}", scope.eval(first))
    elif typ.endswith("Client") and "." in typ and len(args) == 1:
        outer, inner = typ.rsplit(".", 1)
        if inner == last(outer) + "Client" or last(scope.t(first)) in scope.channels:
            out.rpc_client(node, typ, "new")
    elif typ.endswith("Client") and first is not None and last(scope.t(first)) in scope.channels:
        out.rpc_client(node, typ, "new")


def _aspire_kind(fn: str) -> str | None:
    low = fn.lower()
    return next((kind for kind, words in _ASPIRE_KINDS if any(w in low for w in words)), None)


def _http(scope: Scope, out: Output, node, recv: str, fn: str, method: str, target) -> None:
    if messaging.created_type(scope, target) == "HttpRequestMessage":
        return  # new HttpRequestMessage(...) is reported where it is created
    val = scope.eval(target)
    base = scope.bases.get(recv)
    if val is not None and val.kind == "url" and not tsu.looks_like_address(val.target):
        val = concat([base, val.target]) if base is not None else None
    if val is None and base is not None and target.type == "interpolated_string_expression":
        val = concat([base] + [scope.piece(c) for c in target.named_children if c.type not in DELIMITERS])
    out.store(node, "http", f"{recv}.{fn} {method}", val)
