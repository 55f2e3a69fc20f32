"""Go extractor: outbound HTTP/gRPC/datastore calls, topics, routes and gRPC servers of one file.

One tree-sitter parse and one walk collect bindings (consts, vars, `:=`, struct fields),
imports, calls and composite literals; a second pass over those few nodes interprets them.
Strings are evaluated symbolically (literal, `os.Getenv`, viper key, `+`, `fmt.Sprintf`).

gRPC scheme: every `pb.NewXClient(conn)` is a call with target_kind "rpc", target "X" and an
empty suffix; when the `grpc.Dial/DialContext/NewClient` address is known, the dial line also
gets a grpc call naming the address (url/env/config) whose detail lists the stubs it serves.
`http.NewRequest` is reported where the request is built (the later `client.Do` sends it).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import FileFacts, OutboundCall, ParseProblem, Route, RpcServer
from analyzer.ingest.code.treesitter_util import (
    Value, clip, concat, has_host, line_of, make_call, make_topics, node_text, parse,
    printf_concat, sorted_unique, source_bytes, string_value, walk,
)

SUFFIXES = (".go",)

_SCOPES = ("function_declaration", "method_declaration", "func_literal")


def extract(text: str, path: str) -> FileFacts:
    """Extract the facts of one Go source file; never raises on bad input."""
    tree, problems = parse("go", text)
    if tree is None:
        return FileFacts(language="go", problems=problems)
    scan = GoScan(source_bytes(text))
    try:
        scan.collect(tree.root_node)
        return _Interpreter(scan).run(problems)
    except (RecursionError, ValueError, IndexError, AttributeError, TypeError) as exc:
        # an extractor bug must not stop the scan; it is reported, never silent
        return FileFacts(language="go", problems=problems + [
            ParseProblem(None, f"go extractor internal error: {exc!r}")])


class GoScan:
    """Bindings, imports and candidate nodes of one file, plus symbolic evaluation."""

    def __init__(self, src: bytes) -> None:
        self.src = src
        self._memo: dict[int, Value | None] = {}
        self._active: set[int] = set()
        self.imports: list[str] = []
        self.binds: dict[str, list[tuple[int, int, int, Any]]] = {}
        self.fields: dict[str, list[Any]] = {}
        self.calls: list[Any] = []
        self.composites: list[Any] = []

    # ---- collection -------------------------------------------------------------------
    def collect(self, root: Any) -> None:
        for node in walk(root):
            kind = node.type
            if kind == "call_expression":
                self.calls.append(node)
            elif kind == "composite_literal":
                self.composites.append(node)
            elif kind == "import_spec":
                value = string_value(node.child_by_field_name("path"), self.src)
                if value:
                    self.imports.append(value)
            elif kind in ("const_spec", "var_spec"):
                names = node.children_by_field_name("name")
                self._bind_pairs(names, node.child_by_field_name("value"))
            elif kind in ("short_var_declaration", "assignment_statement"):
                left = node.child_by_field_name("left")
                if left is not None:
                    self._bind_pairs(_named(left), node.child_by_field_name("right"))
            elif kind == "keyed_element":
                key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
                if key is not None and value is not None and value.named_child_count:
                    self.fields.setdefault(self.text(key), []).append(value.named_children[0])

    def _bind_pairs(self, names: list[Any], values_node: Any) -> None:
        if values_node is None:
            return
        values = _named(values_node)
        if len(values) == 1 and len(names) > 1:
            values = values + [None] * (len(names) - 1)  # q, err := f(): q binds to the call
        for name, value in zip(names, values):
            if value is None:
                continue
            if name.type == "identifier":
                start, end = _scope(name)
                self.binds.setdefault(self.text(name), []).append((start, end, name.start_byte, value))
            elif name.type == "selector_expression":
                field = name.child_by_field_name("field")
                self.fields.setdefault(self.text(field), []).append(value)

    # ---- queries ----------------------------------------------------------------------
    def text(self, node: Any) -> str:
        return node_text(node, self.src) if node is not None else ""

    def imported(self, *needles: str) -> bool:
        return any(needle in path for path in self.imports for needle in needles)

    def binding(self, ident: Any) -> Any | None:
        """The expression last assigned to identifier `ident` in scope before its use."""
        found = self.bindings(ident)
        return found[-1] if found else None

    def bindings(self, ident: Any) -> list[Any]:
        """Expressions assigned to `ident` in its scope before its use, oldest first
        (package-level ones when the scope has none)."""
        pos = ident.start_byte
        local, package = [], []
        for start, end, at, value in self.binds.get(self.text(ident), ()):
            if start <= pos < end and at < pos:
                local.append((at, value))
            if start == 0:
                package.append((at, value))
        return [value for _, value in sorted(local or package, key=lambda pair: pair[0])]

    def eval(self, node: Any, depth: int = 0) -> Value | None:
        """Symbolic value of a string expression, or None when unknown (memoized per node;
        a node met again while being evaluated, as in `u = u + "/x"`, is unknown)."""
        if node is None or isinstance(node, Value):
            return node
        key = node.id
        if key in self._memo:
            return self._memo[key]
        if key in self._active:
            return None
        self._active.add(key)
        try:
            result = self._eval(node, depth)
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def _eval(self, node: Any, depth: int) -> Value | None:
        if node is None or depth > 8:
            return None
        kind = node.type
        literal = string_value(node, self.src)
        if literal is not None:
            return Value("lit", literal)
        if kind in ("parenthesized_expression", "unary_expression"):
            inner = node.child_by_field_name("operand") or (node.named_children or [None])[0]
            return self.eval(inner, depth + 1)
        if kind == "identifier":
            return self._eval_identifier(node, depth)
        if kind == "binary_expression" and self.text(node.child_by_field_name("operator")) == "+":
            return concat([self.eval(node.child_by_field_name("left"), depth + 1),
                           self.eval(node.child_by_field_name("right"), depth + 1)])
        if kind == "selector_expression":
            operand = node.child_by_field_name("operand")
            bound = self.binding(operand) if operand.type == "identifier" else None
            if bound is not None and bound.type == "call_expression":
                return self.eval(bound, depth + 1)  # q.Name where q := ch.QueueDeclare("q")
            return self._eval_field(node.child_by_field_name("field"), depth)
        if kind == "call_expression":
            return self._eval_call(node, depth)
        return None

    def eval_list(self, node: Any, depth: int = 0) -> list[Value]:
        """Values of a `[]string{...}` literal (possibly through a variable) or of one string."""
        if node is not None and node.type == "identifier" and depth < 4:
            bound = self.binding(node)
            if bound is not None and bound.type == "composite_literal":
                return self.eval_list(bound, depth + 1)
        if node is not None and node.type == "composite_literal":
            body = node.child_by_field_name("body")
            elements = [e.named_children[0] for e in _named(body) if e.named_child_count]
            return [v for v in (self.eval(e, depth + 1) for e in elements) if v is not None]
        value = self.eval(node, depth)
        return [value] if value is not None else []

    def _eval_identifier(self, node: Any, depth: int) -> Value | None:
        # `addr := os.Getenv("X"); if addr == "" { addr = "orders:50051" }` is the lookup X
        # with a literal default, not the literal
        values = [self.eval(bound, depth + 1) for bound in self.bindings(node)]
        if not values:
            return _parameter(self, node)
        lookup = next((v for v in values if v is not None and v.kind in ("env", "config")), None)
        if lookup is None:
            return values[-1]
        literal = next((v for v in reversed(values) if v is not None and v.kind == "lit"), None)
        if literal is not None and not lookup.default:
            return lookup._replace(default=literal.text)
        return lookup

    def _eval_field(self, field: Any, depth: int) -> Value | None:
        values = {self.eval(v, depth + 1) for v in self.fields.get(self.text(field), ())}
        return values.pop() if len(values) == 1 else None

    def _eval_call(self, node: Any, depth: int) -> Value | None:
        pkg, name, args = call_parts(self, node)
        first = args[0] if args else None
        key = string_value(first, self.src) if first is not None else None
        if (pkg in ("os", "syscall") and name in ("Getenv", "LookupEnv")) or (
                key and "env" in name.lower() and pkg not in ("viper",)):
            fallback = self.eval(args[1], depth + 1) if len(args) > 1 else None
            default = fallback.text if fallback is not None and fallback.kind == "lit" else ""
            return Value("env", key, default=default) if key else None
        if key and (pkg == "viper" or name.startswith("GetString")) and name.startswith("Get"):
            return Value("config", key)
        if pkg == "fmt" and name == "Sprintf" and key is not None:
            return printf_concat(key, [self.eval(arg, depth + 1) for arg in args[1:]])
        if name in ("JoinPath", "Join") and pkg in ("url", "path"):
            parts: list[Value | None] = []
            for index, arg in enumerate(args):
                parts += ([Value("lit", "/")] if index else []) + [self.eval(arg, depth + 1)]
            return concat(parts)
        if pkg == "net" and name == "JoinHostPort" and len(args) == 2:
            return concat([self.eval(args[0], depth + 1), Value("lit", ":"),
                           self.eval(args[1], depth + 1)])
        if name in ("QueueDeclare", "TrimSuffix", "TrimRight", "TrimPrefix", "TrimLeft", "TrimSpace",
                    "Parse", "TCP") and first:
            return self.eval(first, depth + 1)
        return None


def call_parts(scan: GoScan, call: Any) -> tuple[str | None, str, list[Any]]:
    """(package or receiver identifier, function name, argument nodes) of a call."""
    function = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    args = [a for a in _named(arguments) if a.type != "comment"] if arguments else []
    if function is not None and function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        pkg = scan.text(operand) if operand is not None and operand.type == "identifier" else None
        return pkg, scan.text(function.child_by_field_name("field")), args
    return None, scan.text(function), args


def _parameter(scan: GoScan, ident: Any) -> Value | None:
    """`Value("param", "func:index")` when `ident` is a parameter of its named function."""
    name = scan.text(ident)
    node = ident.parent
    while node is not None and node.type not in _SCOPES:
        node = node.parent
    if node is None or node.type == "func_literal":
        return None
    params = node.child_by_field_name("parameters")
    names = [scan.text(n) for decl in _named(params) for n in decl.children_by_field_name("name")]
    if name not in names:
        return None
    return Value("param", f"{scan.text(node.child_by_field_name('name'))}:{names.index(name)}")


def _named(node: Any) -> list[Any]:
    return [c for c in node.named_children if c.type != "comment"] if node is not None else []


def _scope(node: Any) -> tuple[int, int]:
    parent = node.parent
    while parent is not None:
        if parent.type in _SCOPES:
            return parent.start_byte, parent.end_byte
        parent = parent.parent
    return 0, 1 << 62



_HTTP_FUNCS = {"Get": "GET", "Head": "HEAD", "Post": "POST", "PostForm": "POST"}
_CLIENT_METHODS = {**_HTTP_FUNCS, "Put": "PUT", "Delete": "DELETE", "Patch": "PATCH",
                   "Options": "OPTIONS"}
_ROUTE_VERBS = {
    **{verb: verb for verb in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")},
    **{verb.capitalize(): verb for verb in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
                                             "OPTIONS")},
    "Any": "ANY", "All": "ANY", "HandleFunc": "ANY", "Handle": "ANY", "Mount": "ANY",
}
_FRAMEWORKS = (("gin-gonic/gin", "gin"), ("labstack/echo", "echo"), ("go-chi/chi", "chi"),
               ("gorilla/mux", "gorilla"), ("gofiber/fiber", "fiber"))
_NOT_GRPC = {"HTTP", "Http", "Simple", "Rest", "REST", "API", "Api", "Cluster", "Universal",
             "Failover", "Sentinel", "Ring", "Sync", "Async", "Consumer", "Producer"}
_SQL_DRIVERS = {"postgres", "mysql", "sqlite", "sqlserver", "clickhouse"}
_NATS_CONSUME = {"Subscribe", "QueueSubscribe", "ChanSubscribe", "SubscribeSync",
                 "QueueSubscribeSync", "ChanQueueSubscribe", "PullSubscribe"}


class _Interpreter:
    """Turns the collected nodes of a GoScan into FileFacts."""

    def __init__(self, scan: GoScan) -> None:
        self.s = scan
        self.calls: list[OutboundCall] = []
        self.routes: list[Route] = []
        self.servers: list[RpcServer] = []
        self.topics: list[TopicUse] = []
        self.dials: dict[str, tuple[int, Value | None]] = {}
        self.stubs: dict[str, list[str]] = {}
        self.bases: dict[str, Any] = {}
        self.framework = next((name for needle, name in _FRAMEWORKS if scan.imported(needle)),
                              "net/http")
        self.kafka = scan.imported("kafka", "sarama", "franz-go")
        self.nats = scan.imported("nats-io/nats")
        self.redis = scan.imported("go-redis", "redis/go-redis")
        self.amqp = scan.imported("amqp")

    def run(self, problems: list[ParseProblem]) -> FileFacts:
        for call in self.s.calls:
            if call_parts(self.s, call)[1] in ("SetBaseURL", "SetHostURL"):
                self._note_base(call)
        for call in self.s.calls:
            self._call(call)
        for literal in self.s.composites:
            self._composite(literal)
        for var, (line, value) in self.dials.items():
            served = ",".join(sorted(set(self.stubs.get(var, ())))) or "?"
            self._emit(line, "grpc", value, f"grpc.Dial ({served})")
        return FileFacts(language="go", calls=sorted_unique(self.calls), routes=sorted_unique(self.routes),
                         rpc_servers=sorted_unique(self.servers), topics=sorted_unique(self.topics),
                         problems=problems)

    # ---- calls --------------------------------------------------------------------------
    def _call(self, call: Any) -> None:
        s = self.s
        pkg, name, args = call_parts(s, call)
        line = line_of(call)
        if not args:
            return
        if pkg == "http" and name in _HTTP_FUNCS:
            self._emit(line, "http", s.eval(args[0]), f"http.{name} {_HTTP_FUNCS[name]}")
        elif pkg == "http" and name in ("NewRequest", "NewRequestWithContext"):
            off = 1 if name.endswith("Context") else 0
            if len(args) > off + 1:
                verb = s.eval(args[off])
                method = verb.text if verb and verb.kind == "lit" else \
                    s.text(args[off]).removeprefix("http.Method").upper() or "?"
                self._emit(line, "http", s.eval(args[off + 1]), f"http.NewRequest {method}")
        elif name in _CLIENT_METHODS and len(args) <= 3:
            self._client_call(call, line, name, args)
        self._route(call, line, pkg, name, args)
        self._grpc(call, line, pkg, name, args)
        self._messaging(line, pkg, name, args)
        self._datastore(line, pkg, name, args)

    def _client_call(self, call: Any, line: int, name: str, args: list[Any]) -> None:
        resty_client = _resty_receiver(self.s, call)
        method = _CLIENT_METHODS[name]
        if resty_client is None:
            self._emit(line, "http", self.s.eval(args[0]), f"client.{name} {method}", strict=True)
            return
        value = self.s.eval(args[0])
        base_node = self.bases.get(self.s.text(resty_client))
        if base_node is not None and (value is None or (value.kind == "lit"
                                                        and not has_host(value.text))):
            value = concat([self.s.eval(base_node), value])
        self._emit(line, "http", value, f"resty {method}")

    def _note_base(self, call: Any) -> None:
        _, _, args = call_parts(self.s, call)
        if not args:
            return
        target = _assigned_name(self.s, call) or self.s.text(_chain_root(call))
        if target:
            self.bases[target] = args[0]

    def _grpc(self, call: Any, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        s = self.s
        if pkg == "grpc" and name in ("Dial", "DialContext", "NewClient"):
            addr = args[1] if name == "DialContext" and len(args) > 1 else args[0]
            self.dials[_assigned_name(s, call) or f"@{line}"] = (line, s.eval(addr))
            return
        stub = re.fullmatch(r"New(\w+)Client", name)
        if stub and len(args) == 1 and stub.group(1) not in _NOT_GRPC and pkg not in (
                "http", "redis", "resty", "kafka", "sarama", "mongo", "sql"):
            service = stub.group(1)
            conn = s.text(args[0])
            if conn in self.dials or service.endswith("Service") or s.imported(
                    "google.golang.org/grpc") or re.search(r"pb|proto|grpc|api", pkg or ""):
                self.calls.append(OutboundCall(line, "grpc", "rpc", service,
                                               clip(f"gRPC client {pkg}.{name}")))
                self.stubs.setdefault(conn, []).append(service)
            return
        server = re.fullmatch(r"Register(\w+)Server", name)
        if server and len(args) == 2:
            self.servers.append(RpcServer(line, server.group(1), "grpc-go"))

    # ---- routes -------------------------------------------------------------------------
    def _route(self, call: Any, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        if name not in _ROUTE_VERBS or len(args) < 2:
            return
        method = _ROUTE_VERBS[name]
        first = self.s.eval(args[0])
        if name == "Handle" and first and first.kind == "lit" and first.text in _ROUTE_VERBS \
                and len(args) >= 3:
            method, first = first.text, self.s.eval(args[1])
        if first is None or first.kind != "lit":
            return
        path = first.text
        if name in ("HandleFunc", "Handle") and " " in path:
            method, _, path = path.partition(" ")
            path = path.strip()
        if not path.startswith("/"):
            return
        method = _gorilla_methods(self.s, call) or method
        function = call.child_by_field_name("function")
        receiver = function.child_by_field_name("operand") if function.type == "selector_expression" else None
        framework = "net/http" if pkg == "http" else self._framework(name)
        self.routes.append(Route(line, method, _join(self._prefix(receiver, 0), path), framework))

    def _framework(self, name: str) -> str:
        imported = [fw for needle, fw in _FRAMEWORKS if self.s.imported(needle)]
        if name in ("HandleFunc", "Handle"):
            preferred = ("gorilla", "chi")
        elif name.isupper():
            preferred = ("gin", "echo")
        else:
            preferred = ("chi", "fiber", "gin", "echo")
        return next((fw for fw in preferred if fw in imported), self.framework)

    def _prefix(self, receiver: Any, depth: int) -> str:
        if receiver is None or depth > 6:
            return ""
        if receiver.type == "call_expression":
            return self._group_prefix(receiver, depth)
        if receiver.type != "identifier":
            return ""
        owner = _router_param_owner(self.s, receiver)
        if owner is not None:
            return self._group_prefix(owner, depth)
        bound = self.s.binding(receiver)
        return self._group_prefix(bound, depth) if bound is not None and bound.type == "call_expression" else ""

    def _group_prefix(self, call: Any, depth: int) -> str:
        _, name, args = call_parts(self.s, call)
        function = call.child_by_field_name("function")
        if function is None or function.type != "selector_expression":
            return ""
        outer = self._prefix(function.child_by_field_name("operand"), depth + 1)
        first = self.s.eval(args[0]) if args else None
        literal = first.text if first is not None and first.kind == "lit" else ""
        if name in ("Group", "Route", "PathPrefix", "Mount"):
            return _join(outer, literal) if literal.startswith("/") else outer
        if name == "Subrouter":
            return outer
        return ""

    # ---- messaging and datastores -------------------------------------------------------
    def _messaging(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        first_is_string = self.s.eval(args[0]) is not None
        if self.kafka:
            if name == "ConsumePartition":
                self._topic(line, "kafka", "consume", args[0], "sarama ConsumePartition")
            elif name == "Consume" and len(args) == 3:
                self._topic(line, "kafka", "consume", args[1], "sarama ConsumerGroup.Consume")
            elif name == "SubscribeTopics" or (name == "Subscribe" and not self.nats and len(args) == 2):
                self._topic(line, "kafka", "consume", args[0], f"kafka {name}")
            elif pkg == "kgo" and name == "ConsumeTopics":
                for arg in args:
                    self._topic(line, "kafka", "consume", arg, "kgo.ConsumeTopics")
            elif pkg == "kgo" and name == "SeedBrokers" or pkg == "sarama" and name in (
                    "NewSyncProducer", "NewAsyncProducer", "NewConsumerGroup", "NewConsumer",
                    "NewClient"):
                for value in self.s.eval_list(args[0]):
                    self._emit(line, "async", value, f"kafka {pkg}.{name}")
        if self.nats and first_is_string and (not self.redis or len(args) < 3):
            if name in ("Publish", "Request", "PublishMsg") and len(args) >= 2:
                self._topic(line, "nats", "produce", args[0], f"nats {name}")
            elif name in _NATS_CONSUME:
                self._topic(line, "nats", "consume", args[0], f"nats {name}")
            elif pkg == "nats" and name == "Connect":
                self._emit(line, "async", self.s.eval(args[0]), "nats.Connect")
        if self.redis and len(args) >= 2 and not first_is_string:
            if name == "Publish" and len(args) == 3:
                self._topic(line, "redis", "produce", args[1], "redis Publish")
            elif name in ("Subscribe", "PSubscribe"):
                for arg in args[1:]:
                    self._topic(line, "redis", "consume", arg, f"redis {name}")
        if self.amqp:
            self._amqp(line, pkg, name, args)

    def _amqp(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        if (name, len(args)) in (("Publish", 5), ("PublishWithContext", 6)):
            off = len(args) - 5
            exchange, key = self.s.eval(args[off]), args[off + 1]
            if exchange is not None and exchange.kind == "lit" and not exchange.text:
                self._topic(line, "rabbitmq", "produce", key, f"amqp {name} routing key")
            else:
                self._topic(line, "rabbitmq", "produce", args[off], f"amqp {name} exchange")
        elif name == "Consume" and len(args) == 7:
            self._topic(line, "rabbitmq", "consume", args[0], "amqp Consume queue")
        elif name == "QueueBind" and len(args) == 5:
            self._topic(line, "rabbitmq", "consume", args[2], "amqp QueueBind exchange")
        elif pkg == "amqp" and name in ("Dial", "DialTLS", "DialConfig"):
            self._emit(line, "async", self.s.eval(args[0]), f"amqp.{name}")

    def _datastore(self, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        s = self.s
        if pkg in ("sql", "sqlx") and name in ("Open", "Connect", "MustConnect", "MustOpen") \
                and len(args) >= 2:
            driver = s.eval(args[0])
            label = f"{pkg}.{name}({driver.text if driver and driver.kind == 'lit' else '?'})"
            self._emit(line, "db", s.eval(args[1]), label)
        elif pkg in _SQL_DRIVERS and name == "Open" and len(args) == 1:
            self._emit(line, "db", s.eval(args[0]), f"gorm {pkg}.Open")
        elif pkg in ("pgxpool", "pgx") and name in ("New", "Connect", "ParseConfig"):
            self._emit(line, "db", s.eval(args[-1] if name != "ParseConfig" else args[0]),
                       f"{pkg}.{name}")
        elif name == "ApplyURI":
            self._emit(line, "db", s.eval(args[0]), "mongo ApplyURI")
        elif pkg == "redis" and name == "ParseURL":
            self._emit(line, "cache", s.eval(args[0]), "redis.ParseURL")

    def _composite(self, literal: Any) -> None:
        s = self.s
        type_name = s.text(literal.child_by_field_name("type")).lstrip("&*")
        fields = _keyed(s, literal)
        if not fields:
            return
        line = line_of(literal)
        pkg, _, short = type_name.rpartition(".")
        if pkg == "kafka" and short in ("Writer", "WriterConfig", "Message", "TopicPartition") \
                or (pkg, short) in (("sarama", "ProducerMessage"), ("kgo", "Record")):
            if "Topic" in fields:
                self._topic(line, "kafka", "produce", fields["Topic"], f"{type_name} Topic")
        elif pkg == "kafka" and short == "ReaderConfig":
            for key in ("Topic", "GroupTopics"):
                if key in fields:
                    self._topic(line, "kafka", "consume", fields[key], f"{type_name} {key}")
        elif pkg == "redis" and short.endswith("Options"):
            for key in ("Addr", "Addrs", "SentinelAddrs"):
                for value in s.eval_list(fields[key]) if key in fields else ():
                    self._emit(line, "cache", value, f"redis.{short} {key}")
        elif pkg in _SQL_DRIVERS and short == "Config" and "DSN" in fields:
            self._emit(line, "db", s.eval(fields["DSN"]), f"gorm {type_name} DSN")
        if pkg == "kafka":
            for key in ("Brokers", "Addr"):
                for value in s.eval_list(fields[key]) if key in fields else ():
                    self._emit(line, "async", value, f"{type_name} {key}")

    # ---- output helpers -----------------------------------------------------------------
    def _topic(self, line: int, system: str, role: str, node: Any, label: str) -> None:
        self.topics += make_topics(line, system, role, self.s.eval_list(node), label)

    def _emit(self, line: int, protocol: str, value: Value | None, label: str,
              strict: bool = False, depth: int = 0) -> None:
        if value is not None and value.kind == "param":
            # a helper's parameter: report each same-file caller's argument at the caller
            function, _, index = value.text.rpartition(":")
            for call in self.s.calls:
                _, name, args = call_parts(self.s, call)
                if name == function and len(args) > int(index) and depth < 3:
                    actual = self.s.eval(args[int(index)])
                    tail = [Value("lit", value.suffix)] if value.suffix else []
                    combined = concat([actual] + tail) if actual is not None else None
                    if combined is not None and value.sealed:
                        combined = combined._replace(sealed=True)
                    self._emit(line_of(call), protocol, combined, f"{label} via {function}",
                               strict, depth + 1)
            return
        call = make_call(line, protocol, value, label, strict)
        if call is not None:
            self.calls.append(call)


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    joined = prefix.rstrip("/") + "/" + path.lstrip("/")
    return joined.rstrip("/") if path in ("", "/") and joined != "/" else joined


def _keyed(scan: GoScan, literal: Any) -> dict[str, Any]:
    body = literal.child_by_field_name("body")
    fields: dict[str, Any] = {}
    for element in _named(body):
        if element.type == "keyed_element":
            key, value = element.child_by_field_name("key"), element.child_by_field_name("value")
            if key is not None and value is not None and value.named_child_count:
                fields[scan.text(key)] = value.named_children[0]
    return fields


def _assigned_name(scan: GoScan, node: Any) -> str | None:
    """Name of the variable that `node` (an expression) is assigned to, if any."""
    parent = node.parent
    while parent is not None and parent.type in (
            "call_expression", "selector_expression", "unary_expression", "expression_list",
            "parenthesized_expression", "argument_list"):
        parent = parent.parent
    if parent is None:
        return None
    if parent.type in ("short_var_declaration", "assignment_statement"):
        left = _named(parent.child_by_field_name("left"))
        return scan.text(left[0]) if left else None
    if parent.type in ("var_spec", "const_spec"):
        return scan.text(parent.child_by_field_name("name"))
    return None


def _chain_root(node: Any) -> Any:
    while node is not None and node.type in ("call_expression", "selector_expression"):
        node = node.child_by_field_name("function" if node.type == "call_expression" else "operand")
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


def _gorilla_methods(scan: GoScan, call: Any) -> str | None:
    parent = call.parent
    if parent is None or parent.type != "selector_expression":
        return None
    if scan.text(parent.child_by_field_name("field")) != "Methods" or parent.parent is None:
        return None
    verbs = [v.text for v in (scan.eval(a) for a in call_parts(scan, parent.parent)[2]) if v]
    return ",".join(verbs) or None


def _router_param_owner(scan: GoScan, ident: Any) -> Any | None:
    """The `r.Route("/x", func(r chi.Router) {...})` call whose callback declares `ident`."""
    name = scan.text(ident)
    node = ident.parent
    while node is not None:
        if node.type == "func_literal":
            params = node.child_by_field_name("parameters")
            declared = [scan.text(p.child_by_field_name("name")) for p in _named(params)]
            if name in declared:
                owner = node.parent.parent if node.parent is not None else None
                return owner if owner is not None and owner.type == "call_expression" else None
        node = node.parent
    return None
