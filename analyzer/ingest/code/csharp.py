"""C# extractor: HttpClient, typed/named clients, gRPC, .NET messaging, datastores, routes, Aspire.

Parses with tree-sitter (c_sharp). One walk collects the nodes of interest; declarations and
assignments are evaluated first, in source order, so calls see fields, locals, constructor
assignments (`_url = config["X"]`), `BaseAddress` of clients, gRPC channels and Aspire resources.

Reporting choices the resolver relies on:
- `IConfiguration["A:B"]`, `GetValue<T>("A:B")`, `GetSection("A")["B"]` -> config key "A:B";
  `GetConnectionString("X")` -> config key "ConnectionStrings:X"; `??` literal -> `default`.
- every `*.BaseAddress = ...` (typed clients in `AddHttpClient<T>(c => ...)`, named clients,
  object initializers) is itself an http call to that base; later relative calls join it.
- .NET Aspire `AddProject<P>("orders").WithReference(cache)` -> an OutboundCall with
  target_kind "discovery", target = the referenced resource name ("cache") and a detail of the
  exact form `aspire from=orders WithReference cache`; the framework attributes it to the
  service named after `from=`. Protocol follows the referenced resource (db, cache, async, http).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analyzer.ingest.code import treesitter_util as tsu
from analyzer.ingest.code.facts import FileFacts, OutboundCall, Route, RpcServer, TopicUse

SUFFIXES = (".cs",)

_HTTP_METHODS = {"GetAsync": "GET", "GetStringAsync": "GET", "GetStreamAsync": "GET",
                 "GetByteArrayAsync": "GET", "GetFromJsonAsync": "GET", "PostAsync": "POST",
                 "PostAsJsonAsync": "POST", "PutAsync": "PUT", "PutAsJsonAsync": "PUT",
                 "PatchAsync": "PATCH", "PatchAsJsonAsync": "PATCH", "DeleteAsync": "DELETE",
                 "DeleteFromJsonAsync": "DELETE"}
_DB_CALLS = {"UseNpgsql", "UseSqlServer", "UseMySql", "UseMySQL", "UseSqlite", "UseOracle", "UseCosmos"}
_DB_TYPES = {"MongoClient", "NpgsqlConnection", "SqlConnection", "MySqlConnection", "NpgsqlDataSource"}
_MAP_VERBS = {"MapGet": "GET", "MapPost": "POST", "MapPut": "PUT", "MapDelete": "DELETE",
              "MapPatch": "PATCH", "Map": "ANY", "MapMethods": "ANY"}
_ATTR_VERBS = {"HttpGet": "GET", "HttpPost": "POST", "HttpPut": "PUT", "HttpDelete": "DELETE",
               "HttpPatch": "PATCH", "HttpHead": "HEAD", "HttpOptions": "OPTIONS"}
_ASPIRE_KINDS = {"Redis": "cache", "Garnet": "cache", "Valkey": "cache", "Postgres": "db",
                 "SqlServer": "db", "MySql": "db", "MongoDB": "db", "Database": "db",
                 "RabbitMQ": "async", "Kafka": "async", "Nats": "async", "AzureServiceBus": "async"}
_BUS_WORDS = ("bus", "publish", "endpoint", "context", "sender")
_DELIMITERS = {"interpolation_start", "interpolation_quote", "raw_string_start", "raw_string_end"}
_MAX_DETAIL = 120


class _Val(NamedTuple):
    """A statically known value: kind url (a literal) | env | config, with a literal tail."""

    kind: str
    target: str
    suffix: str = ""
    default: str = ""


def extract(text: str, path: str) -> FileFacts:
    """Extract the code facts of one C# file; never raises."""
    tree, problems = tsu.parse("c_sharp", text)
    if tree is None:
        return FileFacts(language="csharp", problems=problems)
    scan = _Scan(tsu.source_bytes(text))
    scan.run(tree.root_node)
    return FileFacts(language="csharp", calls=sorted(scan.calls, key=_key), routes=sorted(scan.routes, key=_key),
                     rpc_servers=sorted(scan.servers, key=_key), topics=sorted(scan.topics, key=_key),
                     problems=problems)


class _Scan:
    def __init__(self, src: bytes) -> None:
        self.src = src
        self.consts: dict[str, _Val] = {}
        self.bases: dict[str, _Val] = {}  # HttpClient receiver -> BaseAddress
        self.channels: set[str] = set()
        self.groups: dict[str, str] = {}  # MapGroup variable -> prefix
        self.resources: dict[str, tuple[str, str]] = {}  # Aspire variable -> (name, protocol)
        self.usings: set[str] = set()
        self.types: dict[str, str] = {}  # local -> type it was created with (`var e = new XEvent()`)
        self.calls: set[OutboundCall] = set()
        self.routes: set[Route] = set()
        self.servers: set[RpcServer] = set()
        self.topics: set[TopicUse] = set()

    def run(self, root) -> None:
        decls, others = [], []
        for node in tsu.walk(root):
            if node.type in ("variable_declarator", "property_declaration", "assignment_expression"):
                decls.append(node)
            elif node.type in ("invocation_expression", "object_creation_expression", "class_declaration",
                               "method_declaration", "local_function_statement"):
                others.append(node)
            elif node.type == "using_directive":
                self.usings.add(self.t(node))
        for node in decls:
            self._declaration(node)
        for node in others:
            getattr(self, "_" + node.type)(node)

    def t(self, node) -> str:
        return tsu.node_text(node, self.src) if node is not None else ""

    # -- declarations and values --------------------------------------------------------

    def _declaration(self, node) -> None:
        if node.type == "assignment_expression":
            left, value = node.child_by_field_name("left"), node.child_by_field_name("right")
        else:
            left = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if value is None:
                named = [c for c in node.named_children if c != left and c.type not in (
                    "bracketed_argument_list", "modifier", "accessor_list", "attribute_list")]
                value = named[-1] if named and node.type == "variable_declarator" else None
            if value is not None and value.type == "equals_value_clause":
                value = value.named_children[0] if value.named_children else None
        if left is None or value is None:
            return
        name = _last(self.t(left))
        if name in ("BaseAddress", "Address"):
            self._base_address(node, left, value)
            return
        if node.type == "variable_declarator":
            self._track_builders(name, value)
            if value.type == "object_creation_expression":
                self.types[name] = _last(self.t(value.child_by_field_name("type")))
        val = self._eval(value)
        if val is not None:
            self.consts.setdefault(name, val)

    def _track_builders(self, name: str, value) -> None:
        text = self.t(value)
        if "GrpcChannel.ForAddress" in text:
            self.channels.add(name)
        if ".MapGroup(" in text:
            self.groups[name] = self._prefix(value)
        resource = self._resource(value)
        if resource is not None:
            self.resources[name] = resource

    def _base_address(self, node, left, value) -> None:
        val = self._eval(value)
        if val is None:
            return
        owner = left.child_by_field_name("expression")
        receiver = self.t(owner) if owner is not None else self._initialized_var(node)
        grpc = _last(self.t(left)) == "Address"
        context = self._enclosing_call(node)
        if receiver:
            self.bases[_last(receiver)] = val
        self._emit(node, "grpc" if grpc else "http", val, f"{context or 'HttpClient'} BaseAddress")

    def _initialized_var(self, node) -> str:
        cur = node.parent
        while cur is not None and cur.type not in ("variable_declarator", "block", "compilation_unit"):
            cur = cur.parent
        return self.t(cur.child_by_field_name("name")) if cur is not None and cur.type == "variable_declarator" else ""

    def _enclosing_call(self, node) -> str:
        cur = node.parent
        while cur is not None and cur.type not in ("block", "declaration_list", "compilation_unit"):
            if cur.type == "invocation_expression":
                fn = cur.child_by_field_name("function")
                return _last(self.t(fn.child_by_field_name("name") if fn.type == "member_access_expression" else fn))
            cur = cur.parent
        return ""

    def _eval(self, node) -> _Val | None:
        if node is None:
            return None
        kind = node.type
        if kind in ("parenthesized_expression", "await_expression", "argument", "cast_expression",
                    "postfix_unary_expression"):
            return self._eval(node.named_children[-1]) if node.named_children else None
        literal = tsu.string_value(node, self.src)
        if literal is not None:
            return _Val("url", literal)
        if kind == "interpolated_string_expression":
            return _concat([self._piece(c) for c in node.named_children if c.type not in _DELIMITERS])
        if kind == "binary_expression":
            op = self.t(node.child_by_field_name("operator"))
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op == "+":
                return _concat([self._piece(left), self._piece(right)])
            if op == "??":
                lv, rv = self._eval(left), self._eval(right)
                if lv is not None and lv.kind != "url" and rv is not None and rv.kind == "url":
                    return _Val(lv.kind, lv.target, lv.suffix, rv.target)
                return lv or rv
            return None
        key = self._config_key(node)
        if key is not None:
            return _Val("config", key)
        if kind == "invocation_expression":
            fn, args = self._callee(node), self._args(node)
            if fn == "GetEnvironmentVariable" and args and tsu.string_value(args[0][1], self.src):
                return _Val("env", tsu.string_value(args[0][1], self.src))
            if fn == "ToString" and node.child_by_field_name("function").type == "member_access_expression":
                return self._eval(node.child_by_field_name("function").child_by_field_name("expression"))
            # URL helpers (`API.Basket.GetBasket(baseUrl, id)`, `Path.Combine`): the base wins
            first = self._eval(args[0][1]) if args else None
            if first is not None and (first.kind != "url" or tsu.looks_like_address(first.target)):
                return _Val(first.kind, first.target, first.suffix + "{}", first.default)
            return None
        if kind == "implicit_object_creation_expression":  # target-typed `new("http://x")`
            args = self._args(node)
            return self._eval(args[0][1]) if len(args) == 1 else None
        if kind == "object_creation_expression" and _last(self.t(node.child_by_field_name("type"))) == "Uri":
            args = self._args(node)
            if len(args) >= 2 and tsu.string_value(args[1][1], self.src) is not None:
                return _concat([self._eval(args[0][1]), tsu.string_value(args[1][1], self.src)])
            return self._eval(args[0][1]) if args else None
        if kind in ("identifier", "member_access_expression"):
            text = self.t(node)
            if kind == "member_access_expression" and _is_options(text):
                return _Val("config", _last(text))  # IOptions<AppSettings>: settings.Value.BasketUrl
            return self.consts.get(_last(text))
        return None

    def _config_key(self, node) -> str | None:
        """`config["A"]`, `config.GetSection("A")["B"]`, `GetValue<string>("A")`, `GetConnectionString("A")`."""
        if node.type == "element_access_expression":
            obj = node.child_by_field_name("expression")
            sub = node.child_by_field_name("subscript")
            key = tsu.string_value(sub.named_children[0].named_children[-1], self.src) \
                if sub is not None and sub.named_children and sub.named_children[0].named_children else None
            if key is None:
                return None
            parent = self._config_key(obj) if obj.type == "invocation_expression" else None
            if parent is not None:
                return f"{parent}:{key}"
            return key if _is_config(self.t(obj)) else None
        if node.type == "invocation_expression":
            fn, args = self._callee(node), self._args(node)
            first = tsu.string_value(args[0][1], self.src) if args else None
            if first is None:
                return None
            if fn == "GetConnectionString":
                return f"ConnectionStrings:{first}"
            if fn in ("GetValue", "GetSection", "GetRequiredSection"):
                receiver = self.t(node.child_by_field_name("function").child_by_field_name("expression")) \
                    if node.child_by_field_name("function").type == "member_access_expression" else ""
                parent = self._config_key(node.child_by_field_name("function").child_by_field_name("expression")) \
                    if receiver.endswith(")") else None
                return f"{parent}:{first}" if parent else first
        if node.type == "member_access_expression" and self.t(node.child_by_field_name("name")) == "Value":
            return self._config_key(node.child_by_field_name("expression"))
        return None

    def _piece(self, node):
        if node is None:
            return None
        if node.type in ("string_content", "escape_sequence", "string_literal_content"):
            return self.t(node)
        if node.type == "interpolation":
            inner = [c for c in node.named_children if c.type != "interpolation_brace"]
            if not inner:
                return "{}"
            return self._eval(inner[0]) or "{" + self.t(inner[0])[:20] + "}"
        return self._eval(node) or "{" + self.t(node)[:20] + "}"

    def _callee(self, inv) -> str:
        fn = inv.child_by_field_name("function")
        if fn is None:
            return ""
        name = fn.child_by_field_name("name") if fn.type == "member_access_expression" else fn
        if name is not None and name.type == "generic_name":
            return self.t(name.named_children[0])
        return _last(self.t(name))

    def _type_args(self, inv) -> list[str]:
        fn = inv.child_by_field_name("function")
        name = fn.child_by_field_name("name") if fn is not None and fn.type == "member_access_expression" else fn
        if name is None or name.type != "generic_name":
            return []
        targs = name.named_children[-1]
        return [self.t(c) for c in targs.named_children]

    def _receiver(self, inv) -> str:
        fn = inv.child_by_field_name("function")
        if fn is None or fn.type != "member_access_expression":
            return ""
        return self.t(fn.child_by_field_name("expression"))

    def _args(self, node) -> list[tuple[str, object]]:
        args = node.child_by_field_name("arguments") or next(
            (c for c in node.children if c.type == "argument_list"), None)
        out = []
        for arg in args.named_children if args is not None else []:
            if arg.type != "argument" or not arg.named_children:
                continue
            label = arg.child_by_field_name("name")
            out.append((self.t(label) if label is not None else "", arg.named_children[-1]))
        return out

    def _arg(self, args: list, index: int, name: str):
        for label, node in args:
            if label == name:
                return node
        positional = [n for label, n in args if not label]
        return positional[index] if index < len(positional) else None

    # -- invocations --------------------------------------------------------------------

    def _invocation_expression(self, node) -> None:
        fn, args, recv = self._callee(node), self._args(node), self._receiver(node)
        first = args[0][1] if args else None
        if fn in _HTTP_METHODS and first is not None:
            self._http(node, _last(recv) or "HttpClient", fn, _HTTP_METHODS[fn], first)
        elif fn in _DB_CALLS and first is not None:
            self._store(node, "db", fn, self._eval(first))
        elif fn in ("Connect", "ConnectAsync") and _last(recv) == "ConnectionMultiplexer" and first is not None:
            self._store(node, "cache", f"ConnectionMultiplexer.{fn}", self._eval(first))
        elif fn == "For" and _last(recv) == "RestService" and first is not None:
            self._store(node, "http", f"Refit RestService.For<{','.join(self._type_args(node))}>", self._eval(first))
        elif fn == "ForAddress" and _last(recv) == "GrpcChannel" and first is not None:
            self._store(node, "grpc", "GrpcChannel.ForAddress", self._eval(first))
        elif fn == "AddGrpcClient" and self._type_args(node):
            self._rpc_client(node, self._type_args(node)[0], "AddGrpcClient")
        elif fn == "MapGrpcService" and self._type_args(node):
            impl = _last(self._type_args(node)[0])
            self.servers.add(RpcServer(tsu.line_of(node), _strip(impl, "Service") or impl, "aspnet-grpc"))
        elif fn in _MAP_VERBS and first is not None and tsu.string_value(first, self.src) is not None:
            prefix = self._prefix(node.child_by_field_name("function").child_by_field_name("expression"))
            path = _join(prefix, tsu.string_value(first, self.src))
            self.routes.add(Route(tsu.line_of(node), _MAP_VERBS[fn], path, "aspnet-minimal"))
        elif fn == "WithReference" and first is not None:
            self._aspire_reference(node, first)
        else:
            self._messaging(node, fn, recv, args)

    def _http(self, node, recv: str, fn: str, method: str, target) -> None:
        if self._created_type(target) == "HttpRequestMessage":
            return  # new HttpRequestMessage(...) is reported where it is created
        val = self._eval(target)
        base = self.bases.get(recv)
        if val is not None and val.kind == "url" and not tsu.looks_like_address(val.target):
            val = _concat([base, val.target]) if base is not None else None
        if val is None and base is not None and target.type == "interpolated_string_expression":
            val = _concat([base] + [self._piece(c) for c in target.named_children if c.type not in _DELIMITERS])
        self._store(node, "http", f"{recv}.{fn} {method}", val)

    def _object_creation_expression(self, node) -> None:
        typ = self.t(node.child_by_field_name("type"))
        args = self._args(node)
        first = args[0][1] if args else None
        if _last(typ) == "HttpRequestMessage" and len(args) >= 2:
            method = _last(self.t(args[0][1])).upper()
            val = self._eval(args[1][1])
            if val is not None and (val.kind != "url" or tsu.looks_like_address(val.target)):
                self._emit(node, "http", val, f"HttpRequestMessage {method}")
        elif _last(typ) in _DB_TYPES and first is not None:
            self._store(node, "db", f"new {_last(typ)}", self._eval(first))
        elif typ.endswith("Client") and "." in typ and len(args) == 1:
            outer, inner = typ.rsplit(".", 1)
            if inner == _last(outer) + "Client" or _last(self.t(first)) in self.channels:
                self._rpc_client(node, typ, "new")
        elif typ.endswith("Client") and first is not None and _last(self.t(first)) in self.channels:
            self._rpc_client(node, typ, "new")

    def _rpc_client(self, node, typ: str, how: str) -> None:
        parts = typ.split(".")
        service = parts[-2] if len(parts) >= 2 and parts[-1].endswith("Client") else _strip(parts[-1], "Client")
        if service:
            self.calls.add(OutboundCall(tsu.line_of(node), "grpc", "rpc", service, f"gRPC {how} {typ}"[:_MAX_DETAIL]))

    def _store(self, node, protocol: str, prefix: str, val: _Val | None) -> None:
        if val is None:
            return
        if val.kind == "url" and protocol in ("http", "grpc") and not tsu.looks_like_address(val.target):
            return
        self._emit(node, protocol, val, prefix)

    def _emit(self, node, protocol: str, val: _Val, prefix: str) -> None:
        if val.kind == "url":
            target, suffix, shown = tsu.mask_secrets(val.target + val.suffix), "", val.target + val.suffix
        else:
            target, suffix = val.target, val.suffix
            shown = val.target + (f" + {val.suffix}" if val.suffix else "")
        detail = tsu.clip(tsu.mask_secrets(f"{prefix} {shown}"), _MAX_DETAIL)
        self.calls.add(OutboundCall(tsu.line_of(node), protocol, val.kind, target, detail, suffix,
                                    tsu.mask_secrets(val.default)))

    # -- messaging ----------------------------------------------------------------------

    def _messaging(self, node, fn: str, recv: str, args: list) -> None:
        low = recv.lower()
        first = self._arg(args, 0, "exchange") if fn.startswith("BasicPublish") else args[0][1] if args else None
        targs = self._type_args(node)
        if fn in ("BasicPublish", "BasicPublishAsync"):
            exchange = self._eval(first)
            key = self._eval(self._arg(args, 1, "routingKey"))
            self._topic(node, "rabbitmq", exchange if exchange and exchange.target else key, "produce", fn)
        elif fn in ("BasicConsume", "BasicConsumeAsync"):
            self._topic(node, "rabbitmq", self._eval(self._arg(args, 0, "queue")), "consume", fn)
        elif fn in ("QueueBind", "QueueBindAsync"):
            self._topic(node, "rabbitmq", self._eval(self._arg(args, 1, "exchange")), "consume", fn)
        elif fn in ("Produce", "ProduceAsync") and first is not None:
            self._topic(node, "kafka", self._eval(first), "produce", f"{_last(recv)}.{fn}")
        elif fn in ("Subscribe", "AddSubscription") and targs:
            self._topic(node, "eventbus", _Val("url", _last(targs[0])), "consume", f"{_last(recv)}.{fn}")
        elif fn in ("Subscribe", "SubscribeAsync") and first is not None:
            system = "redis" if "redis" in " ".join(self.usings).lower() and "Confluent" not in " ".join(self.usings) \
                else "kafka"
            items = first.named_children[-1].named_children if first.type in (
                "array_creation_expression", "implicit_array_creation_expression") and first.named_children else [first]
            for item in items:
                self._topic(node, system, self._eval(item), "consume", f"{_last(recv)}.{fn}")
        elif fn in ("Publish", "PublishAsync", "Send") and any(w in low for w in _BUS_WORDS):
            event = _last(targs[0]) if targs else self._created_type(first)
            if event:
                system = "masstransit" if "MassTransit" in " ".join(self.usings) else "eventbus"
                self._topic(node, system, _Val("url", event), "produce", f"{_last(recv)}.{fn}")
        elif fn in ("Publish", "PublishAsync") and "redis" in " ".join(self.usings).lower() and first is not None:
            self._topic(node, "redis", self._eval(first), "produce", f"{_last(recv)}.{fn}")

    def _created_type(self, node) -> str:
        if node is not None and node.type == "object_creation_expression":
            return _last(self.t(node.child_by_field_name("type")))
        return self.types.get(self.t(node), "") if node is not None and node.type == "identifier" else ""

    def _topic(self, node, system: str, val: _Val | None, role: str, detail: str) -> None:
        if val is None or not val.target:
            return
        kind = "literal" if val.kind == "url" else val.kind
        self.topics.add(TopicUse(tsu.line_of(node), system, val.target, role, tsu.clip(f"{detail} {val.target}"), kind))

    # -- classes: gRPC servers, consumers, controllers -----------------------------------

    def _class_declaration(self, node) -> None:
        for base in node.children:
            if base.type != "base_list":
                continue
            for typ in base.named_children:
                text = self.t(typ)
                if typ.type == "qualified_name" and text.endswith("Base"):
                    outer, inner = text.rsplit(".", 1)
                    if inner == _last(outer) + "Base":
                        self.servers.add(RpcServer(tsu.line_of(node), _last(outer), "aspnet-grpc"))
                elif typ.type == "generic_name" and self.t(typ.named_children[0]) in (
                        "IConsumer", "IIntegrationEventHandler", "INotificationHandler"):
                    event = _last(self.t(typ.named_children[-1].named_children[0]))
                    system = "masstransit" if self.t(typ.named_children[0]) == "IConsumer" else "eventbus"
                    detail = tsu.clip(f"{self.t(typ)} in {self.t(node.child_by_field_name('name'))}")
                    self.topics.add(TopicUse(tsu.line_of(node), system, event, "consume", detail))

    def _method_declaration(self, node) -> None:
        verbs = self._attributes(node)
        routes = [(v, p) for v, p in verbs if v in _ATTR_VERBS or v == "Route"]
        if not routes:
            return
        cls = node.parent
        while cls is not None and cls.type != "class_declaration":
            cls = cls.parent
        cls_name = self.t(cls.child_by_field_name("name")) if cls is not None else ""
        prefixes = [p for v, p in self._attributes(cls) if v == "Route"] if cls is not None else []
        prefix = prefixes[0] if prefixes else ""
        method_paths = [p for v, p in routes if v == "Route" and p is not None]
        for verb, path in routes:
            if verb == "Route" and any(v in _ATTR_VERBS for v, _ in routes):
                continue
            template = path if path is not None else (method_paths[0] if method_paths else "")
            full = template.lstrip("~") if template.startswith(("/", "~/")) else _join(prefix, template)
            full = full.replace("[controller]", _strip(cls_name, "Controller").lower())
            full = full.replace("[action]", self.t(node.child_by_field_name("name")).lower())
            self.routes.add(Route(tsu.line_of(node), _ATTR_VERBS.get(verb, "ANY"), _join(full, ""), "aspnet-mvc"))

    _local_function_statement = _method_declaration

    def _attributes(self, node) -> list[tuple[str, str | None]]:
        out = []
        for lst in node.children:
            if lst.type != "attribute_list":
                continue
            for attr in lst.named_children:
                name = _strip(_last(self.t(attr.child_by_field_name("name"))), "Attribute")
                args = [a for a in attr.named_children if a.type == "attribute_argument_list"]
                first = args[0].named_children[0].named_children[-1] if args and args[0].named_children else None
                out.append((name, tsu.string_value(first, self.src)))
        return out

    # -- minimal API groups and Aspire -------------------------------------------------------

    def _prefix(self, node) -> str:
        if node is None:
            return ""
        if node.type == "identifier":
            return self.groups.get(self.t(node), "")
        if node.type == "invocation_expression":
            fn = node.child_by_field_name("function")
            inner = fn.child_by_field_name("expression") if fn.type == "member_access_expression" else None
            args = self._args(node)
            if self._callee(node) == "MapGroup" and args:
                return _join(self._prefix(inner), tsu.string_value(args[0][1], self.src) or "")
            return self._prefix(inner)
        return ""

    def _resource(self, node) -> tuple[str, str] | None:
        while node is not None:
            if node.type == "identifier":
                return self.resources.get(self.t(node))
            if node.type != "invocation_expression":
                return None
            fn, args = self._callee(node), self._args(node)
            name = tsu.string_value(args[0][1], self.src) if args else None
            if fn.startswith("Add") and name:
                kind = _ASPIRE_KINDS.get(fn[3:], "async" if "Bus" in fn or "Queue" in fn else "http")
                return name, "http" if fn == "AddProject" else kind
            member = node.child_by_field_name("function")
            node = member.child_by_field_name("expression") if member.type == "member_access_expression" else None
        return None

    def _aspire_reference(self, node, first) -> None:
        member = node.child_by_field_name("function")
        if member.type != "member_access_expression":
            return
        source = self._resource(member.child_by_field_name("expression"))
        target = self._resource(first)
        if source is None:
            return
        name, protocol = target if target is not None else (_last(self.t(first)), "http")
        self.calls.add(OutboundCall(tsu.line_of(node), protocol, "discovery", name,
                                    tsu.clip(f"aspire from={source[0]} WithReference {name}")))


def _concat(pieces: list) -> _Val | None:
    if not pieces or pieces[0] is None:
        return None
    head, rest = pieces[0], "".join(_render(p) for p in pieces[1:])
    if isinstance(head, str):
        return _Val("url", head + rest) if head or rest else None
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


def _is_config(receiver: str) -> bool:
    """`config`, `_configuration`, `builder.Configuration`, `cfg` hold IConfiguration by convention."""
    return "config" in receiver.lower() or _last(receiver).lower().lstrip("_") == "cfg"


def _is_options(text: str) -> bool:
    parts = text.split(".")
    return len(parts) >= 3 and parts[-2] == "Value" and any(w in parts[-3].lower() for w in ("settings", "options"))


def _last(text: str) -> str:
    return re.split(r"[.?]", text.strip())[-1] if text else ""


def _strip(name: str, suffix: str) -> str:
    return name[: -len(suffix)] if name.endswith(suffix) and name != suffix else name


def _key(item) -> tuple:
    return tuple((0, v) if isinstance(v, int) else (1, str(v)) for v in vars(item).values())
