"""Datastore connections in JS/TS: SQL pools, MongoDB/Mongoose, Redis/ioredis, Sequelize, and
express-session stores (connect-redis `new RedisStore({host})`, connect-mongo `MongoStore`).

The connection string (or the `url`/`host` of an options object) becomes an OutboundCall with
protocol "db" or "cache"; the resolver maps its host to a datastore of the system.
"""

from __future__ import annotations

from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.javascript.output import Output
from analyzer.ingest.code.javascript.values import Scope, Val

REDIS_MODULES = frozenset({"redis", "ioredis", "@redis/client"})
_SQL_MODULES = {"mysql", "mysql2", "mysql2/promise", "pg"}
_URL_KEYS = ("url", "connectionString", "uri", "mongoUrl", "host")


def function_call(scope: Scope, out: Output, node, name: str, args: list) -> bool:
    """A bare `createClient(...)` imported from a Redis module; True when handled."""
    if name == "createClient" and args and scope.modules & REDIS_MODULES:
        out.store(node, "cache", "redis", config_url(scope, args[0]))
        return True
    return False


def member_call(scope: Scope, out: Output, node, recv: str, last: str, prop: str, args: list) -> bool:
    """`mongoose.connect(uri)`, `redis.createClient(...)`, `mysql.createPool(...)`; True when handled."""
    first = args[0] if args else None
    if prop in ("connect", "createConnection") and last in ("mongoose", "MongoClient") and first is not None:
        out.store(node, "db", f"{last}.{prop}", scope.eval(first))
    elif prop == "createClient" and first is not None and (
            scope.lib(recv) in REDIS_MODULES or "redis" in recv.lower()):
        out.store(node, "cache", f"{last}.createClient", config_url(scope, first))
    elif prop in ("createPool", "createConnection") and scope.lib(recv) in _SQL_MODULES:
        out.store(node, "db", f"{last}.{prop}", config_url(scope, first) if first is not None else None)
    else:
        return False
    return True


def new_client(scope: Scope, out: Output, node, last: str, args: list) -> bool:
    """`new Pool({...})`, `new MongoClient(uri)`, `new Redis(...)`, `new Sequelize(...)`; True when handled."""
    if last in ("Pool", "Client") and args and args[0].type == "object":
        out.store(node, "db", f"new {last}", config_url(scope, args[0]))
    elif last == "MongoClient" and args:
        out.store(node, "db", "MongoClient", scope.eval(args[0]))
    elif last in ("Redis", "IORedis", "Cluster", "RedisStore") and args:
        out.store(node, "cache", f"new {last}", _redis_address(scope, args))
    elif last == "MongoStore" and args and args[0].type == "object":
        out.store(node, "db", "new MongoStore", config_url(scope, args[0]))
    elif last == "Sequelize" and args:
        value = scope.eval(args[0]) if len(args) == 1 else config_url(scope, args[-1])
        out.store(node, "db", "Sequelize", value)
    else:
        return False
    return True


def config_url(scope: Scope, node) -> Val | None:
    """The address in a connection argument: the value itself, or an options object's url/host."""
    if node.type != "object":
        return scope.eval(node)
    while node is not None and node.type == "object":
        obj = js.obj(node)
        for key in _URL_KEYS:
            if key in obj:
                return scope.eval(obj[key])
        node = obj.get("socket")  # node-redis v4: createClient({ socket: { host, port } })
    return None


def _redis_address(scope: Scope, args: list) -> Val | None:
    """ioredis: `new Redis(url)`, `new Redis({host})`, `new Redis(6379, "host")`."""
    value = config_url(scope, args[0])
    if value is None and args[0].type == "number" and len(args) >= 2:
        host = scope.eval(args[1])
        if host is not None and host.kind == "url" and host.target:
            return Val("url", f"redis://{host.target}:{js.text(args[0])}")
        return host
    return value
