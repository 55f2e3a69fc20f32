"""Python extractor: one `ast.parse` and one source-order walk per file, nothing imported or run.

Recognises HTTP clients (requests, httpx, aiohttp, urllib, urllib3, http.client), gRPC stubs,
channels and servicers, Apache Thrift clients, sockets and processors (`python_thrift`),
Kafka (kafka-python, confluent_kafka, aiokafka), RabbitMQ (pika, aio_pika), Redis (clients
and pub/sub), NATS (`python_messaging`), datastore drivers (SQLAlchemy, psycopg, asyncpg,
PyMySQL, pymongo/motor, Elasticsearch) and routes (Flask, FastAPI, aiohttp, Django urls;
`python_routes`). Which object an expression denotes is `python_objects`; values flow
through simple in-file constant propagation (`python_values`); parameters and argument
bindings for the cross-file join are `python_params`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from analyzer.ingest.code.python import messaging
from analyzer.ingest.code.python import routes
from analyzer.ingest.code.python import tables as T
from analyzer.ingest.code.python import thrift
from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall, ParseProblem, Route, \
    RpcServer, TopicUse
from analyzer.ingest.code.python.objects import Object, broker_address, dsn, object_of
from analyzer.ingest.code.python.params import call_bindings, param_values
from analyzer.ingest.code.python.syntax import arg, clip, dedupe, dedupe_servers, has_host, \
    is_method_name, kw
from analyzer.ingest.code.python.values import UNKNOWN, Evaluator, Value
from analyzer.ingest.secrets import mask_text

SUFFIXES: tuple[str, ...] = (".py", ".pyi")
_SERVICER_REGISTRATION = re.compile(r"^add_(\w+?)Servicer_to_server$")


def extract(text: str, path: str) -> FileFacts:
    """Facts of one Python file; a syntax error becomes a ParseProblem, never an exception."""
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as err:
        return FileFacts("python", problems=[ParseProblem(err.lineno, f"syntax error: {err.msg}")])
    except (RecursionError, MemoryError):  # CPython's parser gives up on very deep nesting
        return FileFacts("python", problems=[ParseProblem(
            None, "skipped: nested too deeply for Python's parser", "code-too-deep")])
    except ValueError as err:
        return FileFacts("python", problems=[ParseProblem(None, f"cannot parse: {err}")])
    walker = _Walker()
    try:
        walker.walk(tree)
    except RecursionError:
        walker.problems.append(ParseProblem(
            None, "expression nesting too deep for the walk (Python's recursion limit); facts "
                  "partial", "code-too-deep"))
    return FileFacts("python", calls=dedupe(walker.calls), routes=dedupe(walker.routes),
                     rpc_servers=dedupe_servers(walker.servers), topics=dedupe(walker.topics),
                     problems=walker.problems, bindings=dedupe(walker.bindings))


class _Walker:
    """A source-order walk with its own stack: each `visit_X` is a generator that yields the
    child nodes to walk (each fully walked before it resumes), so no nesting depth recurses."""

    def __init__(self) -> None:
        self.imports: dict[str, str] = {}
        self.consts: dict[str, Value] = {}
        self.objects: dict[str, Object] = {}   # key -> (kind, base/prefix)
        self.config_objects: set[str] = set()
        self.ev = Evaluator(self.imports, self.consts, self.config_objects)
        self.calls: list[OutboundCall] = []
        self.routes: list[Route] = []
        self.servers: list[RpcServer] = []
        self.topics: list[TopicUse] = []
        self.problems: list[ParseProblem] = []
        self.bindings: list[ArgBinding] = []
        self.class_name: str | None = None

    def walk(self, tree: ast.AST) -> None:
        stack: list[Iterator[ast.AST]] = [self._visit(tree)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            else:
                stack.append(self._visit(child))

    def _visit(self, node: ast.AST) -> Iterator[ast.AST]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            return ast.iter_child_nodes(node)
        steps = method(node)
        return steps if steps is not None else iter(())

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

    def visit_ClassDef(self, node: ast.ClassDef) -> Iterator[ast.AST]:
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
        yield from ast.iter_child_nodes(node)
        self.class_name = outer

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call):
                receiver = self._object_of(decorator.func.value) \
                    if isinstance(decorator.func, ast.Attribute) else None
                self.routes.extend(routes.decorator_routes(self.ev, decorator, receiver))
        params = param_values(node, self.class_name)
        hidden = {name: self.consts.pop(name) for name in params if name in self.consts}
        self.consts.update(params)
        yield from ast.iter_child_nodes(node)
        for name in params:
            self.consts.pop(name, None)
        self.consts.update(hidden)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> Iterator[ast.AST]:
        yield node.value
        for target in node.targets:
            self._bind(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> Iterator[ast.AST]:
        if node.value is not None:
            yield node.value
            self._bind(node.target, node.value)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> Iterator[ast.AST]:
        for item in node.items:
            yield item.context_expr
            if item.optional_vars is not None:
                self._bind(item.optional_vars, item.context_expr)
        yield from node.body

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

    def visit_Call(self, node: ast.Call) -> Iterator[ast.AST]:
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
        yield from ast.iter_child_nodes(node)

    def _module_call(self, node: ast.Call, func: str) -> None:
        last = func.rsplit(".", 1)[-1]
        if func in T.HTTP_FUNCTIONS:
            index = 1 if last in ("request", "stream") else 0
            self._call(node, "http", func, arg(node, index, "url"))
        elif func in T.DATASTORE_FUNCTIONS:
            protocol, scheme = T.DATASTORE_FUNCTIONS[func]
            self._call(node, protocol, func, dsn(self.ev, node, scheme))
        elif func in T.BROKER_CONSTRUCTORS:
            system = T.BROKER_CONSTRUCTORS[func]
            address = self.ev.value(broker_address(node, system))
            if address is not None and address.kind == "url" and "://" not in address.text:
                address = Value("url", f"{system}://{address.text}")
            self._call(node, "async", func, None, value=address)
            if func in T.CONSUMER_CONSTRUCTORS:
                for item in node.args:
                    messaging.topic(self.ev, self.topics, node, system, item, "consume", func)
        elif func in T.GRPC_CHANNELS:
            self._call(node, "grpc", func, arg(node, 0, "target"))
        elif func in T.REGISTRY_CLIENTS:
            self._call(node, "http", func, kw(node, T.REGISTRY_CLIENTS[func]))
        elif last.endswith("Stub") and len(last) > 4 and self._grpc_file(func):
            self.calls.append(OutboundCall(node.lineno, "grpc", "rpc", last[:-4],
                                           clip(f"grpc {last}")))
        elif (m := _SERVICER_REGISTRATION.match(last)) is not None:
            self.servers.append(RpcServer(node.lineno, m.group(1), "grpc"))
        elif (use := thrift.read(node, func, self.imports)) is not None:
            self._thrift(node, func, use)
        else:
            self.routes.extend(routes.call_routes(self.ev, node, func) or [])

    def _method_call(self, node: ast.Call, method: str, receiver: Object) -> None:
        kind, base = receiver
        if kind == "http" and method in T.HTTP_METHODS:
            url = arg(node, 1 if method in ("request", "stream", "urlopen") and kind == "http"
                      and node.args and is_method_name(node.args[0]) else 0, "url")
            self._call(node, "http", f"client.{method}", url, base)
        else:
            messaging.method_call(self.ev, self.topics, node, method, kind, base)

    def _thrift(self, node: ast.Call, func: str, use: thrift.ThriftUse) -> None:
        short = ".".join(func.split(".")[-2:])
        if use.client:
            self.calls.append(OutboundCall(node.lineno, "thrift", "rpc", use.client,
                                           clip(f"thrift client {short}")))
        if use.server:
            self.servers.append(RpcServer(node.lineno, use.server, "thrift"))
        if use.address is not None:
            self._call(node, "thrift", func, use.address)

    # -- helpers ---------------------------------------------------------------------------

    def _object_of(self, node: ast.AST) -> Object | None:
        return object_of(self.ev, self.objects, node)

    def _call(self, node: ast.Call, protocol: str, callee: str, found: ast.AST | None,
              base: Value | None = None, value: Value | None = None) -> None:
        value = value if value is not None else self.ev.value(found)
        if value is None:
            if base is None or base.kind == "url":
                return
            value = base
        elif base is not None and value.kind == "url" and "://" not in value.text:
            value = base.plus(value.text)
        if value.kind == "url" and not has_host(value.text):
            return
        short = callee.split(".")[0] + "." + callee.rsplit(".", 1)[-1] if "." in callee else callee
        text = mask_text(value.text) if value.kind == "url" else value.text  # before clip
        self.calls.append(OutboundCall(node.lineno, protocol, value.kind, text,
                                       clip(mask_text(f"{short} {value.render()}")),
                                       value.suffix, mask_text(value.default)))

    def _grpc_file(self, func: str) -> bool:
        return "_pb2_grpc" in func or "grpc" in self.imports.values() or any(
            v.startswith("grpc") for v in self.imports.values())
