"""Kotlin extractor: the Spring/gRPC/messaging subset of the Java extractor, for Kotlin syntax.

Covers RestTemplate, WebClient (`.uri`, `baseUrl`), Feign interfaces, Spring route mappings
with class prefixes, `@KafkaListener`/`@RabbitListener`/`@JmsListener`, KafkaTemplate and
RabbitTemplate sends, gRPC stubs/channels/`ImplBase` servers and JDBC/Mongo/Redis clients.
String templates (`"$base/api"`, `"${cfg.url}/x"`), `@Value("\\${key}")` constructor
properties, `const val` and `System.getenv("X") ?: "default"` are evaluated symbolically.
Reporting choices are the Java extractor's (see analyzer.ingest.code.java).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import FileFacts, OutboundCall, ParseProblem, Route, RpcServer
from analyzer.ingest.code.java import _MAPPINGS, _REST_GENERIC, _REST_METHODS, _VERB_METHODS, \
    spring_placeholder
from analyzer.ingest.code.treesitter_util import (
    UNKNOWN, Value, clip, concat, has_host, line_of, make_call, make_topics, node_text, parse,
    printf_concat, sorted_unique, source_bytes, walk,
)

SUFFIXES = (".kt", ".kts")

_TEMPLATE_NAME = re.compile(r"\$([A-Za-z_]\w*)")
_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\$": "$", '\\"': '"', "\\\\": "\\",
            "\\'": "'"}
_STUBS = re.compile(r"(?:new(?:Blocking|Future|Reactor)?Stub|(\w+)CoroutineStub)$")


def extract(text: str, path: str) -> FileFacts:
    """Extract the facts of one Kotlin source file; never raises on bad input."""
    tree, problems = parse("kotlin", text)
    if tree is None:
        return FileFacts(language="kotlin", problems=problems)
    scan = _Kotlin(source_bytes(text))
    try:
        scan.collect(tree.root_node)
        return scan.facts(problems)
    except (RecursionError, ValueError, IndexError, AttributeError, TypeError) as exc:
        return FileFacts(language="kotlin", problems=problems + [
            ParseProblem(None, f"kotlin extractor internal error: {exc!r}")])


class _Kotlin:
    """One pass collects bindings and candidates; `facts` interprets them."""

    def __init__(self, src: bytes) -> None:
        self.src = src
        self._memo: dict[int, Value | None] = {}
        self._active: set[int] = set()
        self.binds: dict[str, list[Any]] = {}
        self.types: dict[str, str] = {}
        self.calls_nodes: list[Any] = []
        self.annotations: list[Any] = []
        self.classes: list[Any] = []
        self.orphan_args: dict[int, dict[str, list[Any]]] = {}
        self.calls: list[OutboundCall] = []
        self.routes: list[Route] = []
        self.servers: list[RpcServer] = []
        self.topics: list[Any] = []

    def collect(self, root: Any) -> None:
        for node in walk(root):
            kind = node.type
            if kind == "call_expression":
                self.calls_nodes.append(node)
            elif kind == "annotation":
                self.annotations.append(node)
            elif kind == "class_declaration":
                self.classes.append(node)
            elif kind == "property_declaration":
                declared = _first(node, "variable_declaration")
                value = _value_after(node, declared)
                injected = self._value_annotation(node)
                if declared is not None and (value is not None or injected is not None):
                    self.binds.setdefault(self.text(_first(declared, "identifier")), []).append(
                        injected or value)
            elif kind in ("class_parameter", "parameter"):
                name = self.text(_first(node, "identifier"))
                self.types[name] = self.text(_first(node, "user_type"))
                injected = self._value_annotation(node)
                if injected is not None:
                    self.binds.setdefault(name, []).append(injected)

    def text(self, node: Any) -> str:
        return node_text(node, self.src) if node is not None else ""

    # ---- evaluation -------------------------------------------------------------------
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
        if kind in ("string_literal", "multiline_string_literal"):
            return self._template(node, depth)
        if kind in ("integer_literal", "long_literal"):
            return Value("lit", self.text(node))
        if kind == "identifier":
            return self._name(self.text(node), depth)
        if kind == "navigation_expression":
            return self._navigation(node, depth)
        if kind == "parenthesized_expression":
            return self.eval(node.named_children[0] if node.named_child_count else None, depth + 1)
        if kind == "binary_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            operator = self.text(node)[left.end_byte - node.start_byte:right.start_byte -
                                       node.start_byte].strip() if left and right else ""
            if operator == "+":
                return concat([self.eval(left, depth + 1), self.eval(right, depth + 1)])
            if operator == "?:":
                lookup, fallback = self.eval(left, depth + 1), self.eval(right, depth + 1)
                if lookup is not None and lookup.kind in ("env", "config") and fallback \
                        and fallback.kind == "lit":
                    return lookup._replace(default=fallback.text)
                return lookup or fallback
        if kind == "call_expression":
            return self._call_value(node, depth)
        return None

    def eval_list(self, node: Any) -> list[Value]:
        if node is not None and node.type == "collection_literal":
            return [v for v in (self.annotation_value(c) for c in node.named_children) if v]
        if node is not None and node.type == "call_expression" and _callee(self, node)[1] in (
                "listOf", "setOf", "arrayOf", "mutableListOf"):
            return [v for v in (self.eval(a) for a in _args(node)) if v]
        value = self.annotation_value(node)
        return [value] if value is not None else []

    def annotation_value(self, node: Any) -> Value | None:
        value = self.eval(node)
        if value is None or value.kind != "lit" or "${" not in value.text:
            return value
        return spring_placeholder(value.text)

    def _template(self, node: Any, depth: int) -> Value | None:
        """A string template: contents, escapes, `$name` and `${expr}` parts in order."""
        parts: list[Value | None] = []
        raw = ""
        for child in node.named_children:
            if child.type == "string_content":
                raw += self.text(child)  # the grammar may split "$name" into "$" + "name"
                continue
            parts += self._expand(raw, depth)
            raw = ""
            if child.type == "escape_sequence":
                parts.append(Value("lit", _ESCAPES.get(self.text(child), self.text(child)[1:])))
            elif child.type == "interpolation":
                inner = child.named_children[0] if child.named_child_count else None
                parts.append(self.eval(inner, depth + 1))
        parts += self._expand(raw, depth)
        if not parts:
            return Value("lit", "")
        return concat(parts)

    def _expand(self, raw: str, depth: int) -> list[Value | None]:
        parts: list[Value | None] = []
        pos = 0
        for match in _TEMPLATE_NAME.finditer(raw):
            if raw[pos:match.start()]:
                parts.append(Value("lit", raw[pos:match.start()]))
            parts.append(self._name(match.group(1), depth))
            pos = match.end()
        if raw[pos:]:
            parts.append(Value("lit", raw[pos:]))
        return parts

    def _name(self, name: str, depth: int) -> Value | None:
        values = [self.eval(bound, depth + 1) for bound in self.binds.get(name, ())]
        return next((v for v in reversed(values) if v is not None), None)

    def _navigation(self, node: Any, depth: int) -> Value | None:
        parts = node.named_children
        if len(parts) == 2 and parts[1].type == "identifier":
            return self._name(self.text(parts[1]), depth)
        return None

    def _call_value(self, node: Any, depth: int) -> Value | None:
        receiver, name = _callee(self, node)
        args = _args(node)
        key = self.eval(args[0], depth + 1) if args else None
        literal = key.text if key is not None and key.kind == "lit" else None
        owner = self.text(receiver)
        if name == "getenv" and owner == "System" and literal:
            return Value("env", literal)
        if name in ("getProperty", "getRequiredProperty") and literal:
            fallback = self.eval(args[1], depth + 1) if len(args) > 1 else None
            return Value("config", literal,
                         default=fallback.text if fallback and fallback.kind == "lit" else "")
        if name == "format" and receiver is not None:
            template = self.eval(receiver, depth + 1) if owner != "String" else key
            rest = args if owner != "String" else args[1:]
            if template is not None and template.kind == "lit":
                return printf_concat(template.text, [self.eval(a, depth + 1) for a in rest])
        if name in ("fromHttpUrl", "fromUriString", "create", "URI", "baseUrl") and args:
            return key
        if name in ("path", "pathSegment") and receiver is not None and args:
            return concat([self.eval(receiver, depth + 1), key])
        if name in ("toUriString", "toString", "build", "encode", "toUri", "trim") and receiver:
            return self.eval(receiver, depth + 1)
        return None

    def _value_annotation(self, node: Any) -> Value | None:
        modifiers = _first(node, "modifiers")
        for annotation in _children(modifiers, "annotation"):
            if _annotation_name(self, annotation) == "Value":
                values = _annotation_args(self, annotation).get("value", [])
                return self.annotation_value(values[0]) if values else None
        return None

    # ---- interpretation ---------------------------------------------------------------
    def facts(self, problems: list[ParseProblem]) -> FileFacts:
        for node in self.calls_nodes:
            self._call(node)
        for node in self.annotations:
            self._listener(node)
        for node in self.classes:
            self._class(node)
        return FileFacts(language="kotlin", calls=sorted_unique(self.calls),
                         routes=sorted_unique(self.routes), rpc_servers=sorted_unique(self.servers),
                         topics=sorted_unique(self.topics), problems=problems)

    def _call(self, node: Any) -> None:
        receiver, name = _callee(self, node)
        args = _args(node)
        if not args:
            return
        line, owner = line_of(node), self.text(receiver)
        haystack = f"{self.types.get(owner.rsplit('.', 1)[-1], '')} {owner}".lower()
        if name in _REST_METHODS or (name in _REST_GENERIC and "rest" in haystack):
            method = _REST_METHODS.get(name) or _REST_GENERIC[name]
            if name == "exchange" and len(args) > 1:
                method = self.text(args[1]).rsplit(".", 1)[-1]
            self._emit(line, "http", self.eval(args[0]), f"RestTemplate {method}")
        elif name == "uri":
            self._uri(receiver, line, args[0])
        elif name in ("baseUrl", "rootUri") or (name == "create" and owner in ("WebClient",
                                                                                 "RestClient")):
            self._emit(line, "http", self.eval(args[0]), f"WebClient {name}")
        elif (_STUBS.search(name) and owner.endswith(("Grpc", "GrpcKt"))) or (
                name.endswith("CoroutineStub") and receiver is not None):
            service = re.sub(r"Grpc(?:Kt)?$", "", owner.rsplit(".", 1)[-1])
            self.calls.append(OutboundCall(line, "grpc", "rpc", service,
                                           clip(f"gRPC stub {owner}.{name}")))
        elif name in ("forAddress", "forTarget") and "ChannelBuilder" in owner:
            parts = [self.eval(args[0])] + ([Value("lit", ":"), self.eval(args[1])]
                                            if name == "forAddress" and len(args) > 1 else [])
            self._emit(line, "grpc", concat(parts), f"{owner}.{name}")
        elif name == "send" and "kafka" in haystack:
            self.topics += make_topics(line, "kafka", "produce", self.eval_list(args[0]),
                                       "KafkaTemplate.send")
        elif name in ("convertAndSend", "send") and ("rabbit" in haystack or "amqp" in haystack):
            first = self.eval(args[0])
            pick = args[1] if len(args) >= 3 and first and first.kind == "lit" and not first.text \
                else args[0]
            self.topics += make_topics(line, "rabbitmq", "produce", self.eval_list(pick),
                                       f"RabbitTemplate.{name}")
        elif name == "getConnection" and owner == "DriverManager":
            self._emit(line, "db", self.eval(args[0]), "JDBC DriverManager")
        elif name == "create" and owner in ("MongoClients", "RedisClient"):
            protocol = "db" if owner == "MongoClients" else "cache"
            self._emit(line, protocol, self.eval(args[0]), f"{owner}.create")

    def _uri(self, receiver: Any, line: int, arg: Any) -> None:
        value = self.eval(arg)
        chain, root = [], receiver
        while root is not None and root.type in ("call_expression", "navigation_expression"):
            if root.type == "call_expression":
                chain.append(_callee(self, root)[1])
            root = root.named_children[0] if root.named_child_count else None
        base = self.eval(root) if root is not None and root.type == "identifier" else None
        if base is not None and (value is None or (value.kind == "lit" and not has_host(value.text))):
            value = concat([base, value or UNKNOWN])
        verb = next((_VERB_METHODS[n] for n in chain if n in _VERB_METHODS), "?")
        self._emit(line, "http", value, f"WebClient {verb}")

    def _listener(self, node: Any) -> None:
        name = _annotation_name(self, node)
        args = _annotation_args(self, node)
        line = line_of(node)
        spec = {"KafkaListener": ("kafka", ("topics", "value", "topicPattern")),
                "RabbitListener": ("rabbitmq", ("queues",)),
                "JmsListener": ("jms", ("destination",))}.get(name)
        if spec is None:
            return
        for key in spec[1]:
            for value_node in args.get(key, []):
                self.topics += make_topics(line, spec[0], "consume", self.eval_list(value_node),
                                           f"@{name}")

    def _class(self, node: Any) -> None:
        marks = _marks(self, node)
        spec = self.text(_first(node, "delegation_specifiers"))
        server = re.search(r"(\w+)Grpc(?:Kt)?\.\w*ImplBase", spec)
        if server:
            self.servers.append(RpcServer(line_of(node), server.group(1), "grpc-kotlin"))
        methods = [(m, _marks(self, m)) for m in _children(_first(node, "class_body"),
                                                           "function_declaration")]
        if "FeignClient" in marks:
            self._feign(marks["FeignClient"], methods)
            return
        prefixes = self._paths(marks.get("RequestMapping")) or [""]
        for method, method_marks in methods:
            for mark, verb in _MAPPINGS.items():
                if mark not in method_marks:
                    continue
                if mark == "RequestMapping":
                    wanted = _annotation_args(self, method_marks[mark]).get("method", [])
                    verb = ",".join(self.text(w).strip("[]").rsplit(".", 1)[-1]
                                    for w in wanted) or "ANY"
                for prefix in prefixes:
                    for path in self._paths(method_marks[mark]) or [""]:
                        self.routes.append(Route(line_of(method_marks[mark]), verb,
                                                 _join(prefix, path), "spring"))

    def _feign(self, annotation: Any, methods: list[tuple[Any, dict[str, Any]]]) -> None:
        args = _annotation_args(self, annotation)
        names = [self.annotation_value(v) for v in args.get("name", []) + args.get("value", [])]
        name = next((v for v in names if v is not None), None)
        url = next((self.annotation_value(v) for v in args.get("url", [])), None)
        target = url if url is not None else (
            Value("discovery", name.text) if name is not None and name.kind == "lit" else None)
        label = f"Feign {name.text if name else '?'}"
        endpoints = [(line_of(m), verb, path) for m, marks in methods
                     for mark, verb in _MAPPINGS.items() if mark in marks
                     for path in self._paths(marks[mark]) or [""]]
        for line, verb, path in endpoints or [(line_of(annotation), "", "")]:
            if target is not None and target.kind == "lit":
                value = Value("lit", target.text.rstrip("/") + path)
            else:
                value = concat([target, Value("lit", path)]) if target and path else target
            self._emit(line, "http", value, f"{label} {verb}".strip())

    def _paths(self, annotation: Any) -> list[str]:
        if annotation is None:
            return []
        args = _annotation_args(self, annotation)
        values = [v for n in args.get("value", []) + args.get("path", []) for v in self.eval_list(n)]
        return [v.text for v in values if v.kind == "lit"]

    def _emit(self, line: int, protocol: str, value: Value | None, label: str) -> None:
        call = make_call(line, protocol, value, label)
        if call is not None:
            self.calls.append(call)


def _callee(scan: _Kotlin, call: Any) -> tuple[Any | None, str]:
    callee = call.named_children[0] if call.named_child_count else None
    if callee is not None and callee.type == "navigation_expression" and callee.named_child_count == 2:
        return callee.named_children[0], scan.text(callee.named_children[1])
    return None, scan.text(callee)


def _args(call: Any) -> list[Any]:
    arguments = _first(call, "value_arguments")
    found = []
    for argument in _children(arguments, "value_argument"):
        named = [c for c in argument.named_children if c.type != "comment"]
        if named:
            found.append(named[-1])
    return found


def _annotation_name(scan: _Kotlin, annotation: Any) -> str:
    invocation = _first(annotation, "constructor_invocation")
    user_type = _first(invocation or annotation, "user_type")
    return scan.text(user_type).rsplit(".", 1)[-1]


def _annotation_args(scan: _Kotlin, annotation: Any) -> dict[str, list[Any]]:
    if annotation.id in scan.orphan_args:
        return scan.orphan_args[annotation.id]
    found: dict[str, list[Any]] = {}
    invocation = _first(annotation, "constructor_invocation")
    for argument in _children(_first(invocation, "value_arguments"), "value_argument"):
        named = [c for c in argument.named_children if c.type != "comment"]
        has_name = len(named) == 2 and named[0].type == "identifier" and any(
            c.type == "=" for c in argument.children)
        key = scan.text(named[0]) if has_name else "value"
        if named:
            found.setdefault(key, []).append(named[-1])
    return found


def _marks(scan: _Kotlin, node: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for annotation in _children(_first(node, "modifiers"), "annotation"):
        found.setdefault(_annotation_name(scan, annotation), annotation)
    previous = node.prev_named_sibling
    if not found and previous is not None and previous.type == "annotated_expression":
        # after an import the grammar reads class annotations as an annotated expression:
        # `@A @B("/x") class C` -> annotation A, annotation B + parenthesized ("/x")
        for child in walk(previous):
            if child.type == "annotation":
                following = child.next_named_sibling
                if following is not None and following.type == "parenthesized_expression" \
                        and following.named_child_count:
                    scan.orphan_args[child.id] = {"value": [following.named_children[0]]}
                found.setdefault(_annotation_name(scan, child), child)
    return found


def _first(node: Any, kind: str) -> Any | None:
    if node is None:
        return None
    return next((c for c in node.named_children if c.type == kind), None)


def _children(node: Any, kind: str) -> list[Any]:
    return [c for c in node.named_children if c.type == kind] if node is not None else []


def _value_after(node: Any, declared: Any) -> Any | None:
    if declared is None:
        return None
    later = [c for c in node.named_children if c.start_byte >= declared.end_byte
             and c.type not in ("user_type", "nullable_type", "type_constraints", "comment")]
    return later[0] if later else None


def _join(prefix: str, path: str) -> str:
    return "/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
