"""Java extractor: Spring/JAX-RS/OkHttp/gRPC/messaging/datastore facts of one file.

One tree-sitter parse and one walk collect bindings (fields, locals, `this.x = ...`,
`@Value("${key}")` fields and constructor parameters, `static final` constants), declared
types, imports, invocations, object creations, annotations and type declarations; a second
pass interprets those nodes with symbolic string evaluation.

Choices: `@LoadBalanced` RestTemplate URLs such as `http://orders/api` are reported as
target_kind "url" (the resolver matches the bare host against discovery names); `lb://id`
and `@FeignClient(name=...)` without `url` are "discovery" with the bare id; a Feign `url`
placeholder is "config". Spring Cloud Stream bindings are reported as topics of system
"stream" whose target_kind is "config" and whose topic is the binding's destination key
(`spring.cloud.stream.bindings.<binding>.destination`).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import FileFacts, OutboundCall, ParseProblem, Route, RpcServer
from analyzer.ingest.code.treesitter_util import (
    UNKNOWN, Value, clip, concat, has_host, line_of, make_call, make_topics, node_text, parse,
    printf_concat, sorted_unique, source_bytes, string_value, walk,
)

SUFFIXES = (".java",)

_SCOPES = ("method_declaration", "constructor_declaration", "lambda_expression")
_PLACEHOLDER = re.compile(r"\$\{([^}:]+)(?::([^}]*))?\}")
_MAPPINGS = {"GetMapping": "GET", "PostMapping": "POST", "PutMapping": "PUT",
             "DeleteMapping": "DELETE", "PatchMapping": "PATCH", "RequestMapping": "ANY"}
_JAXRS_VERBS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
_REST_METHODS = {"getForObject": "GET", "getForEntity": "GET", "postForObject": "POST",
                 "postForEntity": "POST", "postForLocation": "POST", "patchForObject": "PATCH",
                 "headForHeaders": "HEAD", "optionsForAllow": "OPTIONS"}
_REST_GENERIC = {"put": "PUT", "delete": "DELETE", "exchange": "?", "execute": "?"}
_VERB_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE",
                 "patch": "PATCH", "head": "HEAD", "options": "OPTIONS"}
_STUB_FACTORIES = ("newBlockingStub", "newStub", "newFutureStub", "newReactorStub",
                   "newMutinyStub", "newBlockingV2Stub")
_LIST_FACTORIES = ("asList", "of", "singletonList", "singleton", "List", "Set")
_PASS_THROUGH = ("toUriString", "toString", "build", "encode", "expand", "toUri",
                 "buildAndExpand", "queryParam", "queryParams", "trim", "strip")


def extract(text: str, path: str) -> FileFacts:
    """Extract the facts of one Java source file; never raises on bad input."""
    tree, problems = parse("java", text)
    if tree is None:
        return FileFacts(language="java", problems=problems)
    scan = JavaScan(source_bytes(text))
    try:
        scan.collect(tree.root_node)
        return _Interpreter(scan, "java").run(problems)
    except (RecursionError, ValueError, IndexError, AttributeError, TypeError) as exc:
        return FileFacts(language="java", problems=problems + [
            ParseProblem(None, f"java extractor internal error: {exc!r}")])


class JavaScan:
    """Bindings, types and candidate nodes of one file, plus symbolic evaluation."""

    def __init__(self, src: bytes) -> None:
        self.src = src
        self._memo: dict[int, Value | None] = {}
        self._active: set[int] = set()
        self.imports: list[str] = []
        self.binds: dict[str, list[tuple[int, int, int, Any]]] = {}
        self.types: dict[str, str] = {}
        self.invocations: list[Any] = []
        self.creations: list[Any] = []
        self.annotations: list[Any] = []
        self.declarations: list[Any] = []

    # ---- collection -------------------------------------------------------------------
    def collect(self, root: Any) -> None:
        for node in walk(root):
            kind = node.type
            if kind == "method_invocation":
                self.invocations.append(node)
            elif kind == "object_creation_expression":
                self.creations.append(node)
            elif kind in ("annotation", "marker_annotation"):
                self.annotations.append(node)
            elif kind in ("class_declaration", "interface_declaration"):
                self.declarations.append(node)
            elif kind == "import_declaration":
                self.imports.append(self.text(node))
            elif kind in ("field_declaration", "local_variable_declaration"):
                self._declaration(node)
            elif kind == "formal_parameter":
                self._parameter(node)
            elif kind == "assignment_expression":
                self._assignment(node)

    def _declaration(self, node: Any) -> None:
        type_text = self.text(node.child_by_field_name("type"))
        injected = self._value_annotation(node)
        file_scope = node.type == "field_declaration"
        for declarator in node.children_by_field_name("declarator"):
            name = self.text(declarator.child_by_field_name("name"))
            self.types[name] = type_text
            value = declarator.child_by_field_name("value") or injected
            if value is not None:
                self._bind(name, value, declarator, file_scope)

    def _parameter(self, node: Any) -> None:
        name = self.text(node.child_by_field_name("name"))
        self.types.setdefault(name, self.text(node.child_by_field_name("type")))
        injected = self._value_annotation(node)
        if injected is not None:
            self._bind(name, injected, node, False)

    def _assignment(self, node: Any) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        if left.type == "field_access":  # this.baseUrl = ... is visible to every method
            self._bind(self.text(left.child_by_field_name("field")), right, left, True)
        elif left.type == "identifier":
            self._bind(self.text(left), right, left, False)

    def _bind(self, name: str, value: Any, at: Any, file_scope: bool) -> None:
        start, end = (0, 1 << 62) if file_scope else _scope(at)
        self.binds.setdefault(name, []).append((start, end, 0 if file_scope else at.start_byte,
                                                value))

    def _value_annotation(self, node: Any) -> Value | None:
        modifiers = next((c for c in node.children if c.type == "modifiers"), None)
        for annotation in modifiers.named_children if modifiers is not None else ():
            if annotation_name(self, annotation) == "Value":
                values = annotation_args(self, annotation).get("value", [])
                return self.annotation_value(values[0]) if values else None
        return None

    # ---- queries ----------------------------------------------------------------------
    def text(self, node: Any) -> str:
        return node_text(node, self.src) if node is not None else ""

    def imported(self, *needles: str) -> bool:
        return any(needle in line for line in self.imports for needle in needles)

    def bindings(self, name: str, pos: int) -> list[Any]:
        """Values bound to `name` visible at byte `pos`: locals, else fields, else any."""
        local, fields, anywhere = [], [], []
        for start, end, at, value in self.binds.get(name, ()):
            if start == 0:
                fields.append((at, value))
            elif start <= pos < end and at < pos:
                local.append((at, value))
            anywhere.append((at, value))
        chosen = local or fields or anywhere
        return [value for _, value in sorted(chosen, key=lambda pair: pair[0])]

    def type_of(self, node: Any) -> str:
        """Declared type of a receiver (`restTemplate`, `this.restTemplate`), or ''."""
        if node is not None and node.type == "field_access":
            node = node.child_by_field_name("field")
        return self.types.get(self.text(node), "") if node is not None else ""

    def annotation_value(self, node: Any) -> Value | None:
        """Value of an annotation element: Spring placeholders become config keys."""
        value = self.eval(node)
        if value is None or value.kind != "lit" or "${" not in value.text:
            return value
        return spring_placeholder(value.text)

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
        if isinstance(node, Value) or node is None:
            return node
        if depth > 10:
            return None
        kind = node.type
        literal = string_value(node, self.src)
        if literal is not None:
            return Value("lit", literal)
        if kind in ("decimal_integer_literal", "hex_integer_literal"):
            return Value("lit", self.text(node))
        if kind == "parenthesized_expression":
            return self.eval(node.named_children[0] if node.named_child_count else None, depth + 1)
        if kind == "identifier" and not self._local(node):
            param = _parameter(self, node)
            if param is not None:
                return param
        if kind in ("identifier", "field_access"):
            name = node if kind == "identifier" else node.child_by_field_name("field")
            return self._eval_name(self.text(name), node.start_byte, depth)
        if kind == "binary_expression" and self.text(node.child_by_field_name("operator")) == "+":
            return concat([self.eval(node.child_by_field_name("left"), depth + 1),
                           self.eval(node.child_by_field_name("right"), depth + 1)])
        if kind == "method_invocation":
            return self._eval_invocation(node, depth)
        if kind == "object_creation_expression" and _simple_type(self, node) in ("URI", "URL"):
            args = arguments(node)
            return self.eval(args[0], depth + 1) if len(args) == 1 else None
        return None

    def _local(self, ident: Any) -> bool:
        pos = ident.start_byte
        return any(start != 0 and start <= pos < end and at < pos
                   for start, end, at, _ in self.binds.get(self.text(ident), ()))

    def eval_list(self, node: Any, depth: int = 0) -> list[Value]:
        """Values of an array/list expression (`{"a","b"}`, `List.of(...)`) or of one string."""
        if node is None or depth > 4:
            return []
        if node.type in ("element_value_array_initializer", "array_initializer"):
            return [v for v in (self.annotation_value(c) for c in node.named_children) if v]
        if node.type == "array_creation_expression":
            init = node.child_by_field_name("value")
            return self.eval_list(init, depth + 1)
        if node.type == "method_invocation" and self.text(node.child_by_field_name("name")) \
                in _LIST_FACTORIES:
            return [v for v in (self.eval(a, depth + 1) for a in arguments(node)) if v]
        if node.type == "identifier":
            bound = self.bindings(self.text(node), node.start_byte)
            if bound and not isinstance(bound[-1], Value) and bound[-1].type != "string_literal":
                return self.eval_list(bound[-1], depth + 1)
        value = self.eval(node, depth)
        return [value] if value is not None else []

    def _eval_name(self, name: str, pos: int, depth: int) -> Value | None:
        values = [self.eval(bound, depth + 1) for bound in self.bindings(name, pos)]
        lookup = next((v for v in values if v is not None and v.kind in ("env", "config")), None)
        if lookup is None:
            return values[-1] if values else None
        literal = next((v for v in reversed(values) if v is not None and v.kind == "lit"), None)
        return lookup._replace(default=literal.text) if literal and not lookup.default else lookup

    def _eval_invocation(self, node: Any, depth: int) -> Value | None:
        name = self.text(node.child_by_field_name("name"))
        receiver = node.child_by_field_name("object")
        owner = self.text(receiver)
        args = arguments(node)
        key = string_value(args[0], self.src) if args else None
        fallback = self.eval(args[1], depth + 1) if len(args) > 1 else None
        default = fallback.text if fallback is not None and fallback.kind == "lit" else ""
        if name == "getenv" and owner == "System" and key:
            return Value("env", key)
        if name in ("getOrDefault", "get") and owner == "System.getenv()" and key:
            return Value("env", key, default=default)
        if name in ("getProperty", "getRequiredProperty") and key:
            return Value("config", key, default=default)
        if name == "format" and owner == "String" and key is not None:
            return printf_concat(key, [self.eval(a, depth + 1) for a in args[1:]])
        if name in ("fromHttpUrl", "fromUriString", "create", "parse", "fromPath", "baseUrl",
                    "rootUri") and args:
            return self.eval(args[0], depth + 1)
        if name in ("path", "pathSegment", "concat") and args and receiver is not None:
            return concat([self.eval(receiver, depth + 1), self.eval(args[0], depth + 1)])
        if name in _PASS_THROUGH and receiver is not None:
            return self.eval(receiver, depth + 1)
        return None


def spring_placeholder(text: str) -> Value | None:
    """`${key:default}` (possibly inside a literal or SpEL) as a config lookup."""
    whole = _PLACEHOLDER.fullmatch(text)
    if whole:
        return Value("config", whole.group(1).strip(), default=(whole.group(2) or "").strip())
    if text.startswith("#{"):
        inner = _PLACEHOLDER.search(text)
        return Value("config", inner.group(1).strip()) if inner else None
    parts: list[Value | None] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(text):
        if text[pos:match.start()]:
            parts.append(Value("lit", text[pos:match.start()]))
        parts.append(Value("config", match.group(1).strip()))
        pos = match.end()
    if text[pos:]:
        parts.append(Value("lit", text[pos:]))
    return concat(parts)


def annotation_name(scan: JavaScan, annotation: Any) -> str:
    """Simple name of an annotation (`@org.x.FeignClient` -> FeignClient)."""
    return scan.text(annotation.child_by_field_name("name")).rsplit(".", 1)[-1]


def annotation_args(scan: JavaScan, annotation: Any) -> dict[str, list[Any]]:
    """Element name -> value nodes (array elements flattened); a bare value is `value`."""
    found: dict[str, list[Any]] = {}
    arglist = annotation.child_by_field_name("arguments")
    for child in arglist.named_children if arglist is not None else ():
        if child.type == "comment":
            continue
        if child.type == "element_value_pair":
            key, value = scan.text(child.child_by_field_name("key")), child.child_by_field_name("value")
        else:
            key, value = "value", child
        if value is None:
            continue
        if value.type == "element_value_array_initializer":
            found.setdefault(key, []).extend(c for c in value.named_children if c.type != "comment")
        else:
            found.setdefault(key, []).append(value)
    return found


def arguments(node: Any) -> list[Any]:
    """Argument nodes of an invocation or object creation."""
    arglist = node.child_by_field_name("arguments")
    return [a for a in arglist.named_children if a.type != "comment"] if arglist is not None else []


def _parameter(scan: JavaScan, ident: Any) -> Value | None:
    """`Value("param", "method:index")` when `ident` is a parameter of its enclosing method."""
    node = ident.parent
    while node is not None and node.type not in ("method_declaration", "constructor_declaration",
                                                  "lambda_expression", "class_body"):
        node = node.parent
    if node is None or node.type != "method_declaration":
        return None
    params = node.child_by_field_name("parameters")
    names = [scan.text(p.child_by_field_name("name")) for p in params.named_children
             if p.type in ("formal_parameter", "spread_parameter")] if params else []
    name = scan.text(ident)
    if name not in names:
        return None
    return Value("param", f"{scan.text(node.child_by_field_name('name'))}:{names.index(name)}")


def _simple_type(scan: JavaScan, creation: Any) -> str:
    text = scan.text(creation.child_by_field_name("type"))
    return text.split("<", 1)[0].rsplit(".", 1)[-1]


def _scope(node: Any) -> tuple[int, int]:
    parent = node.parent
    while parent is not None:
        if parent.type in _SCOPES:
            return parent.start_byte, parent.end_byte
        parent = parent.parent
    return 0, 1 << 62


class _Interpreter:
    """Turns the collected nodes of a JavaScan into FileFacts."""

    def __init__(self, scan: JavaScan, language: str) -> None:
        self.s = scan
        self.language = language
        self.calls: list[OutboundCall] = []
        self.routes: list[Route] = []
        self.servers: list[RpcServer] = []
        self.topics: list[Any] = []
        self.stubs: list[str] = []
        self.channels: list[tuple[int, Value | None, str]] = []

    def run(self, problems: list[ParseProblem]) -> FileFacts:
        for node in self.s.invocations:
            self._invocation(node)
        for node in self.s.creations:
            self._creation(node)
        for node in self.s.annotations:
            self._annotation(node)
        for node in self.s.declarations:
            self._declaration(node)
        served = ",".join(sorted(set(self.stubs))) or "?"
        for line, value, label in self.channels:
            self._emit(line, "grpc", value, f"{label} ({served})")
        return FileFacts(language=self.language, calls=sorted_unique(self.calls),
                         routes=sorted_unique(self.routes), rpc_servers=sorted_unique(self.servers),
                         topics=sorted_unique(self.topics), problems=problems)

    # ---- invocations --------------------------------------------------------------------
    def _invocation(self, node: Any) -> None:
        s = self.s
        name = s.text(node.child_by_field_name("name"))
        receiver = node.child_by_field_name("object")
        owner = s.text(receiver)
        args = arguments(node)
        line = line_of(node)
        rtype = s.type_of(receiver)
        if not args:
            return
        if name in _REST_METHODS or (name in _REST_GENERIC and _is(receiver, owner, rtype, "rest")):
            self._rest_template(line, name, args)
        elif name == "uri":
            self._uri(node, line, args[0])
        elif name in ("create", "baseUrl", "rootUri") and (
                owner in ("WebClient", "RestClient") or name != "create"):
            self._emit(line, "http", s.eval(args[0]), f"{owner or 'client'} {name}")
        elif name == "newBuilder" and owner == "HttpRequest":
            self._emit(line, "http", s.eval(args[0]), "HttpRequest")
        elif name == "target" and len(args) == 1:
            self._emit(line, "http", s.eval(args[0]), "JAX-RS client target", strict=True)
        elif name == "url" and _chain_has(s, receiver, "Builder"):
            self._emit(line, "http", s.eval(args[0]), "OkHttp Request")
        elif name in _STUB_FACTORIES and owner.endswith("Grpc"):
            service = re.sub(r"^(Reactor|Mutiny|Rx)", "", owner.rsplit(".", 1)[-1][:-4])
            self.stubs.append(service)
            self.calls.append(OutboundCall(line, "grpc", "rpc", service,
                                           clip(f"gRPC stub {owner}.{name}")))
        elif name == "forAddress" and len(args) == 2 and "ChannelBuilder" in owner:
            address = concat([s.eval(args[0]), Value("lit", ":"), s.eval(args[1])])
            self.channels.append((line, address, f"{owner}.forAddress"))
        elif name == "forTarget" and "ChannelBuilder" in owner:
            self.channels.append((line, s.eval(args[0]), f"{owner}.forTarget"))
        else:
            self._messaging(line, name, receiver, owner, rtype, args)
            self._datastore(line, name, owner, receiver, args)

    def _rest_template(self, line: int, name: str, args: list[Any]) -> None:
        method = _REST_METHODS.get(name) or _REST_GENERIC[name]
        if name == "exchange" and len(args) > 1:
            method = self.s.text(args[1]).rsplit(".", 1)[-1]
        self._emit(line, "http", self.s.eval(args[0]), f"RestTemplate {method}")

    def _uri(self, node: Any, line: int, arg: Any) -> None:
        s = self.s
        receiver = node.child_by_field_name("object")
        chain = _chain_names(s, receiver)
        if arg.type == "lambda_expression":
            paths = [n for n in walk(arg) if n.type == "method_invocation"
                     and s.text(n.child_by_field_name("name")) == "path" and arguments(n)]
            value = s.eval(arguments(paths[0])[0]) if paths else None
        else:
            value = s.eval(arg)
        root = _chain_root(receiver)
        base = s.eval(root) if root is not None and root.type in ("identifier", "field_access") \
            else None
        if "newBuilder" in chain or "HttpRequest" in s.text(root):
            base = None
        if base is not None and (value is None or (value.kind == "lit" and not has_host(value.text))):
            value = concat([base, value or UNKNOWN])
        verb = next((_VERB_METHODS[n] for n in chain if n in _VERB_METHODS), "?")
        label = "HttpRequest" if "newBuilder" in chain else f"WebClient {verb}"
        self._emit(line, "http", value, label)

    def _messaging(self, line: int, name: str, receiver: Any, owner: str, rtype: str,
                   args: list[Any]) -> None:
        s = self.s
        if name == "send" and _is(receiver, owner, rtype, "kafka") and args[0].type != \
                "object_creation_expression":
            self._topic(line, "kafka", "produce", args[0], "KafkaTemplate.send")
        elif name == "subscribe" and _is(receiver, owner, rtype, "consumer"):
            self._topic(line, "kafka", "consume", args[0], "KafkaConsumer.subscribe")
        elif name in ("convertAndSend", "send", "convertSendAndReceive") and _is(
                receiver, owner, rtype, "rabbit", "amqp"):
            if len(args) >= 3:
                exchange = s.eval(args[0])
                if exchange is not None and exchange.kind == "lit" and not exchange.text:
                    self._topic(line, "rabbitmq", "produce", args[1], f"RabbitTemplate.{name} key")
                else:
                    self._topic(line, "rabbitmq", "produce", args[0], f"RabbitTemplate.{name}")
            elif len(args) == 2:
                self._topic(line, "rabbitmq", "produce", args[0], f"RabbitTemplate.{name} key")
        elif name in ("convertAndSend", "send") and _is(receiver, owner, rtype, "jms"):
            self._topic(line, "jms", "produce", args[0], f"JmsTemplate.{name}")
        elif name == "send" and _is(receiver, owner, rtype, "streambridge"):
            self._binding(line, "produce", args[0], "StreamBridge.send")

    def _datastore(self, line: int, name: str, owner: str, receiver: Any, args: list[Any]) -> None:
        s = self.s
        if name == "getConnection" and owner == "DriverManager":
            self._emit(line, "db", s.eval(args[0]), "JDBC DriverManager")
        elif name == "create" and owner == "MongoClients":
            self._emit(line, "db", s.eval(args[0]), "MongoClients.create")
        elif name == "create" and owner == "RedisClient":
            self._emit(line, "cache", s.eval(args[0]), "Lettuce RedisClient.create")
        elif name in ("setJdbcUrl", "jdbcUrl") or (name == "url" and _chain_has(
                s, receiver, "DataSourceBuilder")):
            self._emit(line, "db", s.eval(args[0]), f"DataSource {name}")

    # ---- object creations ---------------------------------------------------------------
    def _creation(self, node: Any) -> None:
        s = self.s
        kind = _simple_type(s, node)
        args = arguments(node)
        line = line_of(node)
        if not args:
            return
        if kind == "ProducerRecord":
            self._topic(line, "kafka", "produce", args[0], "ProducerRecord")
        elif kind in ("HttpGet", "HttpPost", "HttpPut", "HttpDelete", "HttpPatch", "HttpHead"):
            self._emit(line, "http", s.eval(args[0]), f"Apache {kind}")
        elif kind == "URL" and node.parent is not None and node.parent.type == "method_invocation" \
                and s.text(node.parent.child_by_field_name("name")) == "openConnection":
            self._emit(line, "http", s.eval(args[0]), "URL.openConnection")
        elif kind in ("Jedis", "JedisPool", "JedisPooled", "RedisStandaloneConfiguration",
                      "JedisShardInfo"):
            self._emit(line, "cache", self._host_port(args, "6379"), f"new {kind}")
        elif kind in ("MongoClient", "MongoClientURI", "ConnectionString"):
            self._emit(line, "db", self._host_port(args, "27017"), f"new {kind}")

    def _host_port(self, args: list[Any], default_port: str) -> Value | None:
        """`(host, port)`, `(config, host, port)` or `(uri)` arguments as one address."""
        values = [self.s.eval(a) for a in args]
        first = next((i for i, v in enumerate(values) if v is not None), None)
        if first is None:
            return None
        host = values[first]
        port = values[first + 1] if first + 1 < len(values) else None
        if port is not None:
            return concat([host, Value("lit", ":"), port])
        if host.kind == "lit" and ":" not in host.text and "/" not in host.text:
            return Value("lit", f"{host.text}:{default_port}")
        return host

    # ---- annotations --------------------------------------------------------------------
    def _annotation(self, node: Any) -> None:
        s = self.s
        name = annotation_name(s, node)
        args = annotation_args(s, node)
        line = line_of(node)
        if name == "KafkaListener":
            for key in ("topics", "value", "topicPattern"):
                self._topics(line, "kafka", "consume", args.get(key, []), "@KafkaListener")
        elif name == "RabbitListener":
            self._topics(line, "rabbitmq", "consume", args.get("queues", []), "@RabbitListener")
            for binding in args.get("bindings", []):
                self._rabbit_binding(binding)
        elif name == "JmsListener":
            self._topics(line, "jms", "consume", args.get("destination", []), "@JmsListener")
        elif name == "StreamListener":
            for value in args.get("value", []) + args.get("target", []):
                self._binding(line, "consume", value, "@StreamListener")
        elif name == "Bean" and s.imported("cloud.stream", "cloud.function"):
            self._functional_binding(node)

    def _rabbit_binding(self, binding: Any) -> None:
        if binding.type != "annotation":
            return
        parts = annotation_args(self.s, binding)
        line = line_of(binding)
        for key in ("exchange", "value"):
            for inner in parts.get(key, []):
                if inner.type == "annotation":
                    values = annotation_args(self.s, inner).get("value", []) + \
                        annotation_args(self.s, inner).get("name", [])
                    self._topics(line, "rabbitmq", "consume", values, f"@QueueBinding {key}")

    def _functional_binding(self, annotation: Any) -> None:
        method = annotation.parent.parent if annotation.parent is not None else None
        if method is None or method.type != "method_declaration":
            return
        kind = self.s.text(method.child_by_field_name("type")).split("<", 1)[0].rsplit(".", 1)[-1]
        name = self.s.text(method.child_by_field_name("name"))
        line = line_of(method)
        if kind in ("Consumer", "Function"):
            self._binding(line, "consume", Value("lit", f"{name}-in-0"), "stream function")
        if kind in ("Supplier", "Function"):
            self._binding(line, "produce", Value("lit", f"{name}-out-0"), "stream function")

    def _binding(self, line: int, role: str, node: Any, label: str) -> None:
        value = self.s.eval(node)
        if value is not None and value.kind == "lit" and value.text:
            key = f"spring.cloud.stream.bindings.{value.text}.destination"
            self.topics += make_topics(line, "stream", role, [Value("config", key)], label)

    # ---- types: routes, Feign clients, gRPC servers -------------------------------------
    def _declaration(self, node: Any) -> None:
        s = self.s
        annotations = _annotations_of(s, node)
        if "FeignClient" in annotations:
            self._feign(node, annotations["FeignClient"])
            return
        superclass = s.text(node.child_by_field_name("superclass"))
        match = re.search(r"(\w+)Grpc\.\w+ImplBase", superclass)
        if match:
            framework = "grpc-spring" if "GrpcService" in annotations else "grpc-java"
            self.servers.append(RpcServer(line_of(node.child_by_field_name("superclass")),
                                          match.group(1), framework))
        prefixes = self._paths(annotations.get("RequestMapping")) or [""]
        jaxrs_prefix = self._paths(annotations.get("Path")) or [""]
        for _, marks in _methods(s, node):
            self._method_routes(marks, prefixes, jaxrs_prefix)

    def _method_routes(self, marks: dict[str, Any], prefixes: list[str],
                       jaxrs_prefix: list[str]) -> None:
        for mark, verb in _MAPPINGS.items():
            if mark not in marks:
                continue
            if mark == "RequestMapping":
                wanted = annotation_args(self.s, marks[mark]).get("method", [])
                verb = ",".join(self.s.text(m).rsplit(".", 1)[-1] for m in wanted) or "ANY"
            for prefix in prefixes:
                for path in self._paths(marks[mark]) or [""]:
                    self.routes.append(Route(line_of(marks[mark]), verb, _join(prefix, path),
                                             "spring"))
        verbs = [v for v in _JAXRS_VERBS if v in marks]
        for verb in verbs:
            for prefix in jaxrs_prefix:
                for path in self._paths(marks.get("Path")) or [""]:
                    self.routes.append(Route(line_of(marks[verb]), verb, _join(prefix, path), "jax-rs"))

    def _paths(self, annotation: Any) -> list[str]:
        if annotation is None or annotation.type != "annotation":
            return []
        args = annotation_args(self.s, annotation)
        values = [self.s.eval(v) for v in args.get("value", []) + args.get("path", [])]
        return [v.text for v in values if v is not None and v.kind == "lit"]

    def _feign(self, node: Any, annotation: Any) -> None:
        s = self.s
        args = annotation_args(s, annotation)
        names = [s.annotation_value(v) for v in args.get("name", []) + args.get("value", [])]
        name = next((v for v in names if v is not None), None)
        url = next((s.annotation_value(v) for v in args.get("url", [])), None)
        prefix = next((s.annotation_value(v) for v in args.get("path", [])), None)
        base_path = prefix.text if prefix is not None and prefix.kind == "lit" else ""
        if url is None or (url.kind == "lit" and re.search(r"//(localhost|127\.0\.0\.1)", url.text)):
            target = Value("discovery", name.text) if name is not None and name.kind == "lit" \
                else name
        else:
            target = url
        label = f"Feign {name.text if name else '?'}"
        endpoints = [(line_of(m), verb, path) for m, marks in _methods(s, node)
                     for verb, path in self._feign_endpoints(marks)]
        for line, verb, path in endpoints or [(line_of(annotation), "", "")]:
            full = _join(base_path, path) if (base_path or path) else ""
            if target is not None and target.kind == "lit":
                value = Value("lit", target.text.rstrip("/") + full)
            else:
                value = concat([target, Value("lit", full)]) if target is not None and full else target
            self._emit(line, "http", value, f"{label} {verb}".strip())

    def _feign_endpoints(self, marks: dict[str, Any]) -> list[tuple[str, str]]:
        found = []
        for mark, verb in _MAPPINGS.items():
            if mark in marks:
                for path in self._paths(marks[mark]) or [""]:
                    found.append((verb, path))
        return found

    # ---- output helpers -----------------------------------------------------------------
    def _topic(self, line: int, system: str, role: str, node: Any, label: str) -> None:
        self.topics += make_topics(line, system, role, self.s.eval_list(node), label)

    def _topics(self, line: int, system: str, role: str, nodes: list[Any], label: str) -> None:
        values = [v for v in (self.s.annotation_value(n) for n in nodes) if v is not None]
        self.topics += make_topics(line, system, role, values, label)

    def _emit(self, line: int, protocol: str, value: Value | None, label: str,
              strict: bool = False, depth: int = 0) -> None:
        if value is not None and value.kind == "param":
            # a helper's parameter: report each same-file caller's argument at the caller
            method, _, index = value.text.rpartition(":")
            for node in self.s.invocations:
                args = arguments(node)
                if self.s.text(node.child_by_field_name("name")) == method and \
                        len(args) > int(index) and depth < 3:
                    actual = self.s.eval(args[int(index)])
                    tail = [Value("lit", value.suffix)] if value.suffix else []
                    combined = concat([actual] + tail) if actual is not None else None
                    self._emit(line_of(node), protocol, combined, f"{label} via {method}",
                               strict, depth + 1)
            return
        call = make_call(line, protocol, value, label, strict)
        if call is not None:
            self.calls.append(call)


def _is(receiver: Any, owner: str, rtype: str, *needles: str) -> bool:
    """Whether a receiver (by declared type or name) looks like the named client."""
    haystack = f"{rtype} {owner}".lower()
    return any(needle in haystack for needle in needles)


def _chain_names(scan: JavaScan, node: Any) -> list[str]:
    names = []
    while node is not None and node.type == "method_invocation":
        names.append(scan.text(node.child_by_field_name("name")))
        node = node.child_by_field_name("object")
    if node is not None:
        names.append(scan.text(node))
    return names


def _chain_root(node: Any) -> Any:
    while node is not None and node.type == "method_invocation":
        node = node.child_by_field_name("object")
    return node


def _chain_has(scan: JavaScan, node: Any, needle: str) -> bool:
    while node is not None and node.type == "method_invocation":
        node = node.child_by_field_name("object")
    if node is None:
        return False
    if node.type == "object_creation_expression":
        return needle in scan.text(node.child_by_field_name("type"))
    return needle.lower() in (scan.type_of(node) + scan.text(node)).lower()


def _annotations_of(scan: JavaScan, node: Any) -> dict[str, Any]:
    modifiers = next((c for c in node.children if c.type == "modifiers"), None)
    found: dict[str, Any] = {}
    for child in modifiers.named_children if modifiers is not None else ():
        if child.type in ("annotation", "marker_annotation"):
            found.setdefault(annotation_name(scan, child), child)
    return found


def _methods(scan: JavaScan, declaration: Any) -> list[tuple[Any, dict[str, Any]]]:
    body = declaration.child_by_field_name("body")
    return [(m, _annotations_of(scan, m)) for m in (body.named_children if body else ())
            if m.type == "method_declaration"]


def _join(prefix: str, path: str) -> str:
    joined = "/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
    return joined
