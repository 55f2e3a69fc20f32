"""JavaScript / TypeScript extractor: outbound HTTP, gRPC, messaging, datastores and routes.

Parses with tree-sitter (javascript, typescript or tsx grammar by suffix), so comments and
strings are never mistaken for calls. One walk collects the interesting nodes; declarations
are evaluated first (in source order) so later calls see file-local constants, env lookups,
`axios.create({baseURL})` clients and loaded gRPC packages.

Env defaults: `process.env.X || "http://orders:8080"` (also `??` and destructuring defaults)
is reported once, as target_kind "env" with target "X" and the literal in `OutboundCall.default`,
so the resolver falls back to it only when X is unresolved. Passwords in URLs are masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.ingest.code import treesitter_util as tsu
from analyzer.ingest.code.facts import FileFacts, OutboundCall, ParseProblem, Route, RpcServer, TopicUse

SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")

_HTTP_VERBS = {"get", "post", "put", "delete", "patch", "head", "options"}
_HTTP_LIBS = {"axios", "got", "request", "superagent", "needle", "ky", "node-fetch", "cross-fetch",
              "isomorphic-fetch", "undici", "http", "https", "fetch"}
_HTTP_RECEIVERS = {"http", "https", "httpservice", "httpclient", "$http", "axios", "axiosref", "got", "request",
                   "superagent", "needle", "ky", "undici"}
_ROUTER_NAMES = {"app", "router", "server", "fastify", "api", "routes", "route", "koarouter"}
_ROUTER_FACTORIES = {"express", "Router", "fastify", "Fastify", "KoaRouter", "express.Router"}
_SQL_MODULES = {"mysql", "mysql2", "mysql2/promise", "pg"}
_REDIS_MODULES = {"redis", "ioredis", "@redis/client"}
_HANDLER_TYPES = {"arrow_function", "function_expression", "function", "identifier", "member_expression",
                  "call_expression", "array"}
_NEST_VERBS = {"Get", "Post", "Put", "Delete", "Patch", "Head", "Options", "All"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^[\w.-]+:\d+(/|$)")
_MAX_DETAIL = 120


@dataclass(frozen=True)
class _Val:
    """A statically known URL-ish value: a literal ("url"), an env var or a config key."""

    kind: str
    target: str
    suffix: str = ""
    default: str = ""


def extract(text: str, path: str) -> FileFacts:
    """Extract the code facts of one JS/TS file; never raises."""
    language = _language_for(path)
    tree, problems = tsu.parse(language, text)
    if tree is None:
        return FileFacts(language=language, problems=problems)
    scan = _Scan()
    scan.problems.extend(problems)
    scan.run(tree.root_node)
    return scan.facts(language)


def _language_for(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    if lower.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"


class _Scan:
    """State of one file's analysis; results are read with `facts`."""

    def __init__(self) -> None:
        self.consts: dict[str, _Val] = {}
        self.clients: dict[str, _Val | None] = {}  # axios.create / got.extend instances
        self.grpc_pkgs: set[str] = set()
        self.grpc_services: dict[str, str] = {}
        self.aliases: dict[str, str] = {}  # local name -> imported module
        self.modules: set[str] = set()  # every imported / required module
        self.routers: set[str] = set(_ROUTER_NAMES)
        self.prefixes: dict[str, str] = {}
        self.calls: set[OutboundCall] = set()
        self.routes: list[tuple[str, Route]] = []
        self.servers: set[RpcServer] = set()
        self.topics: set[TopicUse] = set()
        self.problems: list[ParseProblem] = []

    def run(self, root) -> None:
        buckets: dict[str, list] = {"decl": [], "call": [], "new": [], "decorator": []}
        kinds = {"variable_declarator": "decl", "assignment_expression": "decl",
                 "public_field_definition": "decl", "field_definition": "decl",
                 "import_statement": "decl", "call_expression": "call", "new_expression": "new",
                 "decorator": "decorator"}
        stack = [root]
        while stack:
            node = stack.pop()
            bucket = kinds.get(node.type)
            if bucket:
                buckets[bucket].append(node)
            stack.extend(reversed(node.children))
        for node in buckets["decl"]:
            self._declaration(node)
        for node in sorted(buckets["call"] + buckets["new"], key=lambda n: n.start_byte):
            self._call(node) if node.type == "call_expression" else self._new(node)
        for node in buckets["decorator"]:
            self._decorator(node)

    def facts(self, language: str) -> FileFacts:
        routes = {Route(r.line, r.method, _join(self.prefixes.get(recv, ""), r.path), r.framework)
                  for recv, r in self.routes}
        return FileFacts(
            language=language,
            calls=sorted(self.calls, key=_key),
            routes=sorted(routes, key=_key),
            rpc_servers=sorted(self.servers, key=_key),
            topics=sorted(self.topics, key=_key),
            problems=self.problems,
        )

    # -- declarations -------------------------------------------------------------------

    def _declaration(self, node) -> None:
        if node.type == "import_statement":
            source = _string(node.child_by_field_name("source"))
            self.modules.add(source or "")
            for ident in _descendants(node, {"identifier"}):
                if ident.parent.type in ("import_clause", "namespace_import"):
                    self.aliases[_text(ident)] = source or ""
            return
        if node.type == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        elif node.type == "assignment_expression":
            name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
        else:
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None:
                name = _Named(f"this.{_text(name)}")
        if name is None or value is None:
            return
        value = _unwrap(value)
        if name.type == "object_pattern":
            if value.type == "call_expression" and _text(value.child_by_field_name("function")) == "require":
                self.modules.add(_string(_args(value)[0]) or "" if _args(value) else "")
            self._destructure(name, value)
            return
        key = _text(name)
        if value.type == "call_expression":
            fn = _text(value.child_by_field_name("function"))
            args = _args(value)
            if fn == "require" and args and _string(args[0]) is not None:
                self.aliases[key] = _string(args[0])
                self.modules.add(_string(args[0]))
            elif fn.endswith((".create", ".extend")) and self._lib(fn.split(".")[0]) in _HTTP_LIBS:
                config = _object(args[0]) if args else {}
                base = config.get("baseURL") or config.get("prefixUrl") or config.get("baseUrl")
                self.clients[key] = self._eval(base) if base is not None else None
                return
            elif _is_proto_load(fn, self._lib(fn.split(".")[0])):
                self.grpc_pkgs.add(key)
                return
            elif fn.split(".")[-1] in _ROUTER_FACTORIES or fn in _ROUTER_FACTORIES:
                self.routers.add(key)
        if value.type == "new_expression" and _text(value.child_by_field_name("constructor")).split(".")[-1] in (
                "Router", "KoaRouter"):
            self.routers.add(key)
        if value.type == "member_expression" and (_text(value).split(".")[0] in self.grpc_pkgs
                                                  or "loadPackageDefinition(" in _text(value)):
            last = _text(value).split(".")[-1]
            if last[:1].isupper():
                self.grpc_services[key] = last
            else:
                self.grpc_pkgs.add(key)
            return
        if value.type == "object":  # const endpoints = { catalogue: "http://catalogue" }
            for prop, item in _object(value).items():
                val = self._eval(item)
                if val is not None:
                    self.consts.setdefault(f"{key}.{prop}", val)
            return
        val = self._eval(value)
        if val is not None and key not in self.consts:
            self.consts[key] = val

    def _destructure(self, pattern, value) -> None:
        from_env = _text(value) == "process.env"
        if "loadPackageDefinition(" in _text(value) or _text(value).split(".")[0] in self.grpc_pkgs:
            for child in pattern.named_children:  # const { OrderService } = proto.shop
                if child.type == "shorthand_property_identifier_pattern":
                    self.grpc_services[_text(child)] = _text(child)
            return
        for child in pattern.named_children:
            default = ""
            if child.type == "object_assignment_pattern":
                default = _string(child.child_by_field_name("right")) or ""
                child = child.child_by_field_name("left")
            if child.type == "shorthand_property_identifier_pattern" and from_env:
                self.consts.setdefault(_text(child), _Val("env", _text(child), default=default))
            elif child.type == "pair_pattern" and from_env:
                local = child.child_by_field_name("value")
                if local.type == "assignment_pattern":
                    default = _string(local.child_by_field_name("right")) or ""
                    local = local.child_by_field_name("left")
                env = _text(child.child_by_field_name("key")).strip("'\"")
                self.consts.setdefault(_text(local), _Val("env", env, default=default))

    # -- value evaluation ---------------------------------------------------------------

    def _eval(self, node) -> _Val | None:
        if node is None:
            return None
        node = _unwrap(node)
        kind = node.type
        if kind == "string":
            return _Val("url", _string(node) or "")
        if kind == "template_string":
            return _concat([self._piece(c) for c in node.named_children])
        if kind == "binary_expression":
            op = _text(node.child_by_field_name("operator"))
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op == "+":
                return _concat([self._piece(left), self._piece(right)])
            if op in ("||", "??"):
                lv, rv = self._eval(left), self._eval(right)
                if lv is not None and lv.kind != "url" and rv is not None and rv.kind == "url":
                    return _Val(lv.kind, lv.target, lv.suffix, rv.target)
                return lv or rv
            return None
        text = _text(node)
        if kind == "member_expression" and text.startswith("process.env."):
            return _Val("env", text[len("process.env."):])
        if kind == "subscript_expression" and _text(node.child_by_field_name("object")) == "process.env":
            key = _string(node.child_by_field_name("index"))
            return _Val("env", key) if key else None
        if kind in ("identifier", "member_expression", "shorthand_property_identifier"):
            if text in self.consts:
                return self.consts[text]
            if kind == "member_expression":  # `q.queue` after `const q = assertQueue("x")`
                return self.consts.get(_text(node.child_by_field_name("object")))
            return None
        if kind == "call_expression":
            fn = _text(node.child_by_field_name("function"))
            args = _args(node)
            if fn.endswith((".get", ".getOrThrow")) and "config" in fn.lower() and args and _string(args[0]):
                return _Val("config", _string(args[0]))
            if fn.endswith(("assertQueue", "assertExchange")) and args:
                return self._eval(args[0])
            first = self._eval(args[0]) if args else None  # util.format / urljoin(BASE, ...)
            if first is not None and (first.kind != "url" or _SCHEME.match(first.target)):
                return _Val(first.kind, first.target, first.suffix + "{}", first.default)
            return None
        if kind == "new_expression" and _text(node.child_by_field_name("constructor")) == "URL":
            args = _args(node)
            if len(args) == 2:
                base, tail = self._eval(args[1]), _string(args[0])
                return _concat([base, tail or ""]) if base else None
            return self._eval(args[0]) if args else None
        return None

    def _piece(self, node) -> _Val | str | None:
        if node.type in ("string_fragment", "escape_sequence"):
            return _text(node)
        if node.type == "template_substitution":
            inner = node.named_children[0] if node.named_children else None
            return self._eval(inner) or "{" + (_text(inner)[:20] if inner else "") + "}"
        if node.type == "string":
            return _string(node) or ""
        return self._eval(node) or "{" + _text(node)[:20] + "}"

    def _lib(self, name: str) -> str:
        return self.aliases.get(name, name)

    # -- calls --------------------------------------------------------------------------

    def _call(self, node) -> None:
        fn, args = node.child_by_field_name("function"), _args(node)
        if fn is None:
            return
        if fn.type == "identifier":
            name = _text(fn)
            lib = self._lib(name)
            if lib in _HTTP_LIBS - {"http", "https"}:
                self._http(node, name, args)
            elif name == "createClient" and args and self.modules & _REDIS_MODULES:
                self._store(node, "cache", "redis", self._config_url(args[0]))
            return
        if fn.type != "member_expression":
            return
        recv_node, prop = fn.child_by_field_name("object"), _text(fn.child_by_field_name("property"))
        recv = _text(recv_node)
        last = recv.split(".")[-1]
        if recv in self.clients:
            self._client_call(node, recv, prop, args)
            return
        if prop in _HTTP_VERBS | {"request", "fetch"} and (
                self._lib(recv.split(".")[0]) in _HTTP_LIBS or last.lower() in _HTTP_RECEIVERS
                or recv in ("window", "globalThis")):
            self._http(node, f"{last}.{prop}", args, prop)
            return
        if prop in _HTTP_VERBS | {"all"} and len(args) >= 2:
            self._route(node, recv_node, prop, args)
            return
        self._member_call(node, recv, last, prop, args)

    def _member_call(self, node, recv: str, last: str, prop: str, args: list) -> None:
        first = args[0] if args else None
        if prop == "use" and len(args) >= 2 and _string(first) is not None:
            self.prefixes[_text(args[-1])] = _string(first)
        elif prop == "route" and first is not None and first.type == "object":
            obj = _object(first)
            method, url = _string(obj.get("method")), _string(obj.get("url") or obj.get("path"))
            if url is not None:
                self.routes.append((recv, Route(_line(node), (method or "ANY").upper(), url, "fastify")))
        elif prop == "addService" and first is not None:
            name = _text(first)
            name = name[: -len(".service")] if name.endswith(".service") else name
            service = self.grpc_services.get(name, name.split(".")[-1])
            if not _text(first).endswith(".service") and service.endswith("ServiceService"):
                service = service[: -len("Service")]
            self.servers.add(RpcServer(_line(node), service, "grpc-js"))
        elif prop == "getService" and first is not None and _string(first):
            service = _string(first)
            self.calls.add(OutboundCall(_line(node), "grpc", "rpc", service, f"ClientGrpc.getService {service}"))
        elif prop in ("connect", "createConnection") and last in ("mongoose", "MongoClient") and first is not None:
            self._store(node, "db", f"{last}.{prop}", self._eval(first))
        elif prop == "createClient" and first is not None and (
                self._lib(recv) in _REDIS_MODULES or "redis" in recv.lower()):
            self._store(node, "cache", f"{last}.createClient", self._config_url(first))
        elif prop in ("createPool", "createConnection") and self._lib(recv) in _SQL_MODULES:
            self._store(node, "db", f"{last}.{prop}", self._config_url(first) if first is not None else None)
        else:
            self._messaging(node, recv, last, prop, args)

    def _http(self, node, callee: str, args: list, verb: str = "") -> None:
        if not args:
            return
        method = verb.upper() if verb in _HTTP_VERBS else ""
        target = args[0]
        options = _object(args[1]) if len(args) > 1 and args[1].type == "object" else {}
        if target.type == "object":  # axios({url, method}) / request({uri})
            options = _object(target)
            target = options.get("url") or options.get("uri")
            base = options.get("baseURL")
            if target is None and base is None:
                return
            value = _concat([self._eval(base), self._piece(target)]) if base is not None and target is not None \
                else self._eval(base if target is None else target)
        else:
            value = self._eval(target)
        method = method or (_string(options.get("method")) or "GET").upper()
        self._report_http(node, callee, method, value)

    def _client_call(self, node, recv: str, prop: str, args: list) -> None:
        if prop not in _HTTP_VERBS | {"request"} or not args:
            return
        base = self.clients[recv]
        tail = self._piece(args[0]) if args[0].type != "object" else _string(_object(args[0]).get("url")) or ""
        value = _concat([base, tail]) if base is not None else self._eval(args[0])
        self._report_http(node, f"{recv}.{prop}", prop.upper() if prop != "request" else "GET", value)

    def _report_http(self, node, callee: str, method: str, value: _Val | None) -> None:
        if value is None or (value.kind == "url" and not _SCHEME.match(value.target)):
            return
        self._emit(node, "http", value, f"{callee} {method}")

    def _store(self, node, protocol: str, callee: str, value: _Val | None) -> None:
        if value is not None:
            self._emit(node, protocol, value, callee)

    def _emit(self, node, protocol: str, value: _Val, prefix: str) -> None:
        shown = value.target if value.kind == "url" else value.target + (f" + {value.suffix}" if value.suffix else "")
        if value.kind == "url":
            shown += value.suffix
        detail = tsu.clip(tsu.mask_secrets(f"{prefix} {shown}"), _MAX_DETAIL)
        target = tsu.mask_secrets(value.target + value.suffix if value.kind == "url" else value.target)
        suffix = "" if value.kind == "url" else value.suffix
        self.calls.add(OutboundCall(_line(node), protocol, value.kind, target, detail, suffix,
                                    tsu.mask_secrets(value.default)))

    def _config_url(self, node) -> _Val | None:
        if node.type != "object":
            return self._eval(node)
        obj = _object(node)
        for key in ("url", "connectionString", "uri", "host"):
            if key in obj:
                return self._eval(obj[key])
        return None

    def _new(self, node) -> None:
        ctor = _text(node.child_by_field_name("constructor"))
        args = _args(node)
        last = ctor.split(".")[-1]
        if any("credentials." in _text(a) for a in args[1:]) or ctor in self.grpc_services \
                or ctor.split(".")[0] in self.grpc_pkgs:
            service = self.grpc_services.get(ctor, last)
            service = service[: -len("Client")] if service.endswith("ServiceClient") else service
            self.calls.add(OutboundCall(_line(node), "grpc", "rpc", service, f"grpc client new {ctor}"))
            address = self._eval(args[0]) if args else None
            if address is not None:
                self._emit(node, "grpc", address, f"grpc {service}")
        elif last in ("Pool", "Client") and args and args[0].type == "object":
            self._store(node, "db", f"new {last}", self._config_url(args[0]))
        elif last == "MongoClient" and args:
            self._store(node, "db", "MongoClient", self._eval(args[0]))
        elif last in ("Redis", "IORedis", "Cluster") and args:
            self._store(node, "cache", f"new {last}", self._config_url(args[0]))
        elif last == "Sequelize" and args:
            value = self._eval(args[0]) if len(args) == 1 else self._config_url(args[-1])
            self._store(node, "db", "Sequelize", value)

    def _messaging(self, node, recv: str, last: str, prop: str, args: list) -> None:
        if not args:
            return
        first = args[0]
        if prop in ("send", "subscribe") and first.type == "object":  # kafkajs
            obj = _object(first)
            role = "produce" if prop == "send" else "consume"
            names = [obj["topic"]] if "topic" in obj else []
            if "topics" in obj and obj["topics"].type == "array":
                names += obj["topics"].named_children
            for topic in names:
                self._topic(node, "kafka", topic, role, f"kafkajs {last}.{prop}")
        elif prop == "sendToQueue":
            self._topic(node, "rabbitmq", first, "produce", f"amqplib {last}.sendToQueue")
        elif prop == "publish" and len(args) >= 3:
            exchange = first if _string(first) != "" else args[1]
            self._topic(node, "rabbitmq", exchange, "produce", f"amqplib {last}.publish")
        elif prop == "consume":
            self._topic(node, "rabbitmq", first, "consume", f"amqplib {last}.consume")
        elif prop == "bindQueue" and len(args) >= 2:
            self._topic(node, "rabbitmq", args[1], "consume", f"amqplib {last}.bindQueue")
        elif prop in ("publish", "subscribe", "psubscribe", "request"):
            system = self._pubsub_system(recv)
            if system and (prop != "request" or system == "nats"):
                role = "produce" if prop in ("publish", "request") else "consume"
                self._topic(node, system, first, role, f"{system} {last}.{prop}")

    def _pubsub_system(self, recv: str) -> str:
        name = recv.lower()
        modules = self.modules
        if "nats" in name or name in ("nc", "js", "this.nc") or ("nats" in modules and "redis" not in name):
            return "nats"
        if "redis" in name or "pub" in name or "sub" in name or modules & {"redis", "ioredis"}:
            return "redis"
        return ""

    def _topic(self, node, system: str, topic_node, role: str, detail: str) -> None:
        value = self._eval(topic_node)
        if value is None or not value.target:
            return
        kind = "literal" if value.kind == "url" else value.kind
        detail = tsu.clip(f"{detail} {value.target}", _MAX_DETAIL)
        self.topics.add(TopicUse(_line(node), system, value.target, role, detail, kind))

    # -- routes -------------------------------------------------------------------------

    def _route(self, node, recv_node, verb: str, args: list) -> None:
        path = _string(args[0])
        recv = _text(recv_node)
        if recv_node.type == "call_expression":  # app.route("/p").get(handler)
            inner = recv_node.child_by_field_name("function")
            if inner is not None and inner.type == "member_expression" and \
                    _text(inner.child_by_field_name("property")) == "route":
                path, recv = _string(_args(recv_node)[0]) if _args(recv_node) else None, \
                    _text(inner.child_by_field_name("object"))
        if path is None or not path.startswith(("/", "*")) or args[-1].type not in _HANDLER_TYPES:
            return  # `api.get("/users", {params})` is an HTTP client call, not a route
        if recv not in self.routers and not recv.lower().endswith("router"):
            return
        modules = self.modules
        framework = "fastify" if "fastify" in recv.lower() or "fastify" in modules else \
            "koa-router" if modules & {"koa-router", "@koa/router"} else "express"
        self.routes.append((recv, Route(_line(node), "ANY" if verb == "all" else verb.upper(), path, framework)))

    def _decorator(self, node) -> None:
        call = node.named_children[0] if node.named_children else None
        if call is None or call.type != "call_expression":
            return
        name = _text(call.child_by_field_name("function"))
        args = _args(call)
        if name == "GrpcMethod" and args and _string(args[0]):
            self.servers.add(RpcServer(_line(node), _string(args[0]), "nestjs"))
        if name not in _NEST_VERBS:
            return
        path = _string(args[0]) if args else ""
        self.routes.append(("", Route(_line(node), name.upper().replace("ALL", "ANY"),
                                      _join(self._controller_prefix(node), path or ""), "nestjs")))

    def _controller_prefix(self, node) -> str:
        cls = node.parent
        while cls is not None and cls.type not in ("class_declaration", "class", "abstract_class_declaration"):
            cls = cls.parent
        if cls is None:
            return ""
        holders = [cls] + ([cls.parent] if cls.parent is not None and cls.parent.type == "export_statement" else [])
        for holder in holders:
            for deco in holder.children:
                call = deco.named_children[0] if deco.type == "decorator" and deco.named_children else None
                if call is not None and call.type == "call_expression" and \
                        _text(call.child_by_field_name("function")) == "Controller":
                    args = _args(call)
                    if args and args[0].type == "object":
                        return _string(_object(args[0]).get("path")) or ""
                    return (_string(args[0]) if args else "") or ""
        return ""


class _Named:
    """Stands in for a name node when the key is synthesised (class fields become this.x)."""

    type = "identifier"

    def __init__(self, text: str) -> None:
        self.text = text.encode()


def _concat(pieces: list) -> _Val | None:
    if not pieces or pieces[0] is None:
        return None
    head, rest = pieces[0], "".join(_render(p) for p in pieces[1:])
    if isinstance(head, str):
        return _Val("url", head + rest)
    if head.kind == "url":
        return _Val("url", head.target + head.suffix + rest)
    return _Val(head.kind, head.target, head.suffix + rest, head.default)


def _render(piece) -> str:
    if piece is None:
        return "{}"
    if isinstance(piece, str):
        return piece
    return piece.target + piece.suffix if piece.kind == "url" else "{" + piece.target + "}" + piece.suffix


def _join(prefix: str, path: str) -> str:
    parts = [p.strip("/") for p in (prefix, path) if p and p.strip("/")]
    return "/" + "/".join(parts)


def _unwrap(node):
    while node is not None and node.type in ("parenthesized_expression", "await_expression", "as_expression",
                                             "non_null_expression", "satisfies_expression"):
        node = node.named_children[0] if node.named_children else None
    return node


def _args(call) -> list:
    args = call.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _object(node) -> dict:
    """`{key: value, short}` -> {"key": value-node, "short": identifier-node}."""
    out = {}
    if node is None or node.type != "object":
        return out
    for child in node.named_children:
        if child.type == "pair":
            out[_text(child.child_by_field_name("key")).strip("'\"")] = child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier":
            out[_text(child)] = child
    return out


def _string(node) -> str | None:
    if node is None or node.type not in ("string", "template_string"):
        return None
    if any(c.type == "template_substitution" for c in node.named_children):
        return None
    return "".join(_text(c) for c in node.named_children)


def _descendants(node, types: set[str]):
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in types:
            yield current
        stack.extend(current.children)


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


def _line(node) -> int:
    return node.start_point[0] + 1


def _is_proto_load(fn: str, module: str) -> bool:
    """`grpc.loadPackageDefinition(...)`, `protoLoader.loadSync(...)`, legacy `grpc.load(...)`."""
    method = fn.split(".")[-1]
    if method == "loadPackageDefinition":
        return True
    if module == "@grpc/proto-loader" or fn.split(".")[0] == "protoLoader":
        return method in ("loadSync", "load")
    return method == "load" and module in ("grpc", "@grpc/grpc-js")


def _key(item) -> tuple:
    return tuple((0, v) if isinstance(v, int) else (1, str(v)) for v in vars(item).values())
