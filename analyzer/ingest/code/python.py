"""Python extractor: one `ast.parse` and one source-order walk per file, nothing imported or run.

Recognises HTTP clients (requests, httpx, aiohttp, urllib, urllib3, http.client), gRPC stubs,
channels and servicers, Kafka (kafka-python, confluent_kafka, aiokafka), RabbitMQ (pika,
aio_pika), Redis (clients and pub/sub), NATS, datastore drivers (SQLAlchemy, psycopg,
asyncpg, PyMySQL, pymongo/motor, Elasticsearch) and routes (Flask, FastAPI, aiohttp, Django
urls). Values flow through simple in-file constant propagation (`python_values`).
"""

from __future__ import annotations

import ast
import re

from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall, ParseProblem, Route, \
    RpcServer, TopicUse
from analyzer.ingest.code.python_params import call_bindings, param_values
from analyzer.ingest.code.python_values import UNKNOWN, Evaluator, Value
from analyzer.ingest.code import python_tables as T

SUFFIXES: tuple[str, ...] = (".py", ".pyi")
_SERVICER_REGISTRATION = re.compile(r"^add_(\w+?)Servicer_to_server$")


def extract(text: str, path: str) -> FileFacts:
    """Facts of one Python file; a syntax error becomes a ParseProblem, never an exception."""
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as err:
        return FileFacts("python", problems=[ParseProblem(err.lineno, f"syntax error: {err.msg}")])
    except (ValueError, RecursionError, MemoryError) as err:
        return FileFacts("python", problems=[ParseProblem(None, f"cannot parse: {err}")])
    walker = _Walker()
    try:
        walker.visit(tree)
    except RecursionError:
        walker.problems.append(ParseProblem(None, "expression nesting too deep; facts partial"))
    return FileFacts("python", calls=_dedupe(walker.calls), routes=_dedupe(walker.routes),
                     rpc_servers=_dedupe_servers(walker.servers), topics=_dedupe(walker.topics),
                     problems=walker.problems, bindings=_dedupe(walker.bindings))


class _Walker(ast.NodeVisitor):
    def __init__(self) -> None:
        self.imports: dict[str, str] = {}
        self.consts: dict[str, Value] = {}
        self.objects: dict[str, tuple[str, Value | None]] = {}   # key -> (kind, base/prefix)
        self.config_objects: set[str] = set()
        self.ev = Evaluator(self.imports, self.consts, self.config_objects)
        self.calls: list[OutboundCall] = []
        self.routes: list[Route] = []
        self.servers: list[RpcServer] = []
        self.topics: list[TopicUse] = []
        self.problems: list[ParseProblem] = []
        self.bindings: list[ArgBinding] = []
        self.class_name: str | None = None

    # -- bindings ------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.imports[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.imports[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            self.imports[alias.asname or alias.name] = f"{module}.{alias.name}".lstrip(".")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            name = self.ev.qualname(base) or ""
            last = name.rsplit(".", 1)[-1]
            if last.endswith("Servicer") and len(last) > 8 and ("_pb2_grpc" in name or "." in name):
                self.servers.append(RpcServer(node.lineno, last[:-8], "grpc"))
            if last in ("BaseSettings", "Settings"):
                self.config_objects.add(node.name)
        if any((self.ev.qualname(b) or "").startswith("locust.") for b in node.bases):
            host = next((s.value for s in node.body if isinstance(s, ast.Assign)
                         and any(getattr(t, "id", "") == "host" for t in s.targets)), None)
            self.objects["self.client"] = ("http", self.ev.value(host))
        outer, self.class_name = self.class_name, node.name
        self.generic_visit(node)
        self.class_name = outer

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call):
                self._route_decorator(decorator)
        params = param_values(node, self.class_name)
        hidden = {name: self.consts.pop(name) for name in params if name in self.consts}
        self.consts.update(params)
        self.generic_visit(node)
        for name in params:
            self.consts.pop(name, None)
        self.consts.update(hidden)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self._bind(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            self._bind(node.target, node.value)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._bind(item.optional_vars, item.context_expr)
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncWith = visit_With

    def _bind(self, target: ast.AST, value: ast.AST) -> None:
        key = self.ev.key(target)
        if key is None:
            return
        keys = [key]
        if self.class_name and isinstance(target, ast.Name):
            keys.append(f"self.{key}")
        obj = self._object_of(value)
        known = self.ev.value(value)
        for k in keys:
            if obj is not None:
                self.objects[k] = obj
            elif k in self.objects and not isinstance(value, ast.Constant):
                del self.objects[k]
            if known is not None and known.text.replace(UNKNOWN, ""):
                self.consts[k] = known
        if isinstance(value, ast.Call):
            func = self.ev.qualname(value.func) or ""
            if func.rsplit(".", 1)[-1].endswith(("Settings", "Config")) and not obj:
                self.config_objects.update(keys)

    # -- calls -----------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        func = self.ev.qualname(node.func)
        before = len(self.calls) + len(self.topics)
        if func is not None:
            self._module_call(node, func)
        if isinstance(node.func, ast.Attribute):
            receiver = self._object_of(node.func.value)
            if receiver is not None:
                self._method_call(node, node.func.attr, receiver)
        if len(self.calls) + len(self.topics) == before:
            self.bindings.extend(call_bindings(self.ev, node))
        self.generic_visit(node)

    def _module_call(self, node: ast.Call, func: str) -> None:
        last = func.rsplit(".", 1)[-1]
        if func in T.HTTP_FUNCTIONS:
            index = 1 if last in ("request", "stream") else 0
            self._call(node, "http", func, _arg(node, index, "url"))
        elif func in T.DATASTORE_FUNCTIONS:
            protocol, scheme = T.DATASTORE_FUNCTIONS[func]
            self._call(node, protocol, func, self._dsn(node, scheme))
        elif func in T.BROKER_CONSTRUCTORS:
            system = T.BROKER_CONSTRUCTORS[func]
            address = self.ev.value(self._broker_address(node, system))
            if address is not None and address.kind == "url" and "://" not in address.text:
                address = Value("url", f"{system}://{address.text}")
            self._call(node, "async", func, None, value=address)
            if func in T.CONSUMER_CONSTRUCTORS:
                for arg in node.args:
                    self._topic(node, system, arg, "consume", func)
        elif func in T.GRPC_CHANNELS:
            self._call(node, "grpc", func, _arg(node, 0, "target"))
        elif func in T.REGISTRY_CLIENTS:
            self._call(node, "http", func, _kw(node, T.REGISTRY_CLIENTS[func]))
        elif last.endswith("Stub") and len(last) > 4 and self._grpc_file(func):
            self.calls.append(OutboundCall(node.lineno, "grpc", "rpc", last[:-4],
                                           _clip(f"grpc {last}")))
        elif (m := _SERVICER_REGISTRATION.match(last)) is not None:
            self.servers.append(RpcServer(node.lineno, m.group(1), "grpc"))
        elif func in T.DJANGO_PATHS and node.args:
            self._django_route(node, func)
        elif func in T.AIOHTTP_ROUTES and node.args:
            path = self.ev.value(node.args[0])
            if path is not None and path.kind == "url":
                method = func.rsplit(".", 1)[-1].upper()
                self.routes.append(Route(node.lineno, method, path.text, "aiohttp"))

    def _method_call(self, node: ast.Call, method: str, receiver: tuple[str, Value | None]) -> None:
        kind, base = receiver
        if kind == "http" and method in T.HTTP_METHODS:
            url = _arg(node, 1 if method in ("request", "stream", "urlopen") and kind == "http"
                       and node.args and _is_method_name(node.args[0]) else 0, "url")
            self._call(node, "http", f"client.{method}", url, base)
        elif kind in T.PRODUCER_METHODS and method in T.PRODUCER_METHODS[kind]:
            system = T.OBJECT_SYSTEMS[kind]
            if kind == "amqp_channel" and method == "basic_publish":
                topic = _arg(node, 0, "exchange")
                value = self.ev.value(topic)
                if value is None or (value.kind == "url" and not value.text):
                    topic = _arg(node, 1, "routing_key")
                self._topic(node, system, topic, "produce", f"{kind}.{method}")
            elif kind == "amqp_exchange":
                self._topic(node, system, base_node(base), "produce", f"exchange.{method}",
                            fallback=_arg(node, 1, "routing_key"))
            else:
                self._topic(node, system, _arg(node, 0, T.TOPIC_KEYWORDS.get(kind, "topic")),
                            "produce", f"{kind}.{method}")
        elif kind in T.CONSUMER_METHODS and method in T.CONSUMER_METHODS[kind]:
            system = T.OBJECT_SYSTEMS[kind]
            if kind == "amqp_queue":
                self._topic_value(node, system, base, "consume", f"queue.{method}")
                return
            arg = _arg(node, 0, "queue" if kind == "amqp_channel" else "topics")
            items = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
            if kind == "redis_pubsub":
                items = list(node.args)
            for item in items:
                self._topic(node, system, item, "consume", f"{kind}.{method}")

    # -- routes ----------------------------------------------------------------------------

    def _route_decorator(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Attribute) or node.func.attr not in T.ROUTE_METHODS:
            return
        receiver = self._object_of(node.func.value)
        if receiver is None or not receiver[0].startswith("app:"):
            return
        path = self.ev.value(_arg(node, 0, "path") or _arg(node, 0, "rule"))
        if path is None or path.kind != "url":
            return
        prefix = receiver[1].text if receiver[1] is not None else ""
        framework = receiver[0][4:]
        methods = [node.func.attr.upper()]
        if node.func.attr in ("route", "api_route", "websocket"):
            listed = _arg(node, 99, "methods")
            names = [self.ev.value(e) for e in getattr(listed, "elts", [])]
            methods = [v.text.upper() for v in names if v is not None] or (
                ["WS"] if node.func.attr == "websocket" else ["GET"])
        for method in methods:
            self.routes.append(Route(node.lineno, method, prefix + path.text, framework))

    def _django_route(self, node: ast.Call, func: str) -> None:
        if len(node.args) > 1 and isinstance(node.args[1], ast.Call):
            if (self.ev.qualname(node.args[1].func) or "").endswith("include"):
                return
        path = self.ev.value(node.args[0])
        if path is not None and path.kind == "url":
            self.routes.append(Route(node.lineno, "ANY", "/" + path.text.lstrip("^/").rstrip("$"),
                                     "django"))

    # -- helpers ---------------------------------------------------------------------------

    def _object_of(self, node: ast.AST) -> tuple[str, Value | None] | None:
        """The client/app object an expression denotes (a tracked name or a constructor call)."""
        if isinstance(node, ast.Await):
            node = node.value
        key = self.ev.key(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if key is not None:
            found = self.objects.get(key)
            if found is None and key.startswith(("self.", "cls.")):
                found = self.objects.get(key.split(".", 1)[1])
            if found is not None:
                return found
        qual = self.ev.qualname(node)
        if qual in T.HTTP_MODULE_OBJECTS:
            return ("http", None)
        if isinstance(node, ast.Attribute) and node.attr == "default_exchange":
            inner = self._object_of(node.value)
            if inner is not None and inner[0] == "amqp_channel":
                return ("amqp_default_exchange", None)
        if not isinstance(node, ast.Call):
            return None
        func = self.ev.qualname(node.func) or ""
        if func in T.CONSTRUCTORS:
            kind = T.CONSTRUCTORS[func]
            return (kind, self._constructor_base(node, kind, func))
        if isinstance(node.func, ast.Attribute):
            inner = self._object_of(node.func.value)
            if inner is not None:
                derived = T.DERIVED.get((inner[0], node.func.attr))
                if derived == "amqp_queue" or derived == "amqp_exchange":
                    return (derived, self.ev.value(_arg(node, 0, "name")))
                if derived is not None:
                    return (derived, None)
        return None

    def _constructor_base(self, node: ast.Call, kind: str, func: str) -> Value | None:
        if kind == "http":
            return self.ev.value(_arg(node, 0 if "aiohttp" in func else 99, "base_url"))
        if kind.startswith("app:"):
            prefix = self.ev.value(_kw(node, "prefix") or _kw(node, "url_prefix"))
            return prefix if prefix is not None and prefix.kind == "url" else None
        return None

    def _call(self, node: ast.Call, protocol: str, callee: str, arg: ast.AST | None,
              base: Value | None = None, value: Value | None = None) -> None:
        value = value if value is not None else self.ev.value(arg)
        if value is None:
            if base is None or base.kind == "url":
                return
            value = base
        elif base is not None and value.kind == "url" and "://" not in value.text:
            value = base.plus(value.text)
        if value.kind == "url" and not _has_host(value.text):
            return
        short = callee.split(".")[0] + "." + callee.rsplit(".", 1)[-1] if "." in callee else callee
        self.calls.append(OutboundCall(node.lineno, protocol, value.kind, value.text,
                                       _clip(f"{short} {value.render()}"), value.suffix,
                                       value.default))

    def _dsn(self, node: ast.Call, scheme: str) -> ast.AST | None:
        arg = _arg(node, 0, "dsn") or _kw(node, "url") or _kw(node, "conninfo") or _kw(node, "hosts")
        if arg is not None:
            if isinstance(arg, (ast.List, ast.Tuple)) and arg.elts:
                return arg.elts[0]
            return arg
        host = _kw(node, "host")
        if host is None:
            return None
        parts: list[ast.AST] = [ast.Constant(f"{scheme}://"), host]
        port = _kw(node, "port")
        if port is not None and self.ev.value(port) is not None:
            parts += [ast.Constant(":"), port]
        return ast.JoinedStr([p if isinstance(p, ast.Constant) else ast.FormattedValue(p, -1, None)
                              for p in parts])

    def _broker_address(self, node: ast.Call, system: str) -> ast.AST | None:
        for name in ("bootstrap_servers", "servers", "url", "host"):
            arg = _kw(node, name)
            if arg is not None:
                return arg.elts[0] if isinstance(arg, (ast.List, ast.Tuple)) and arg.elts else arg
        if node.args and isinstance(node.args[0], (ast.Dict, ast.Name)):
            conf = node.args[0]
            if isinstance(conf, ast.Dict):
                for k, v in zip(conf.keys, conf.values):
                    if isinstance(k, ast.Constant) and k.value == "bootstrap.servers":
                        return v
        if system in ("nats", "rabbitmq") and node.args:
            first = node.args[0]
            return first.elts[0] if isinstance(first, (ast.List, ast.Tuple)) and first.elts else first
        return None

    def _topic(self, node: ast.Call, system: str, arg: ast.AST | None, role: str, callee: str,
               fallback: ast.AST | None = None) -> None:
        value = self.ev.value(arg)
        if (value is None or not value.text) and fallback is not None:
            value = self.ev.value(fallback)
        self._topic_value(node, system, value, role, callee)

    def _topic_value(self, node: ast.AST, system: str, value: Value | None, role: str,
                     callee: str) -> None:
        if value is None or not value.text or UNKNOWN in value.text or value.kind == "param":
            return
        kind = "literal" if value.kind == "url" else value.kind
        self.topics.append(TopicUse(node.lineno, system, value.text, role,
                                    _clip(f"{callee} {value.render()}"), kind))

    def _grpc_file(self, func: str) -> bool:
        return "_pb2_grpc" in func or "grpc" in self.imports.values() or any(
            v.startswith("grpc") for v in self.imports.values())


def base_node(value: Value | None) -> ast.AST | None:
    return ast.Constant(value.text) if value is not None and value.kind == "url" else None


def _arg(node: ast.Call, index: int, keyword: str) -> ast.AST | None:
    found = _kw(node, keyword)
    if found is not None:
        return found
    args = [a for a in node.args if not isinstance(a, ast.Starred)]
    return args[index] if index < len(args) else None


def _kw(node: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _is_method_name(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and \
        node.value.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def _has_host(text: str) -> bool:
    if text.startswith("dns:///"):
        text = text[7:]
    rest = text.split("://", 1)[1] if "://" in text else text
    if not rest or rest.startswith(("/", UNKNOWN)):
        return False
    return "://" in text or re.match(r"^[A-Za-z0-9_.\-]+(:\d+)?(/|$)", rest) is not None and (
        ":" in rest.split("/", 1)[0] or "." in rest.split("/", 1)[0])


def _clip(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def _dedupe(items: list) -> list:
    return list(dict.fromkeys(items))


def _dedupe_servers(items: list[RpcServer]) -> list[RpcServer]:
    seen: dict[str, RpcServer] = {}
    for item in items:
        seen.setdefault(item.service, item)
    return list(seen.values())
