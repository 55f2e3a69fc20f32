"""What one JS/TS file knows statically: constants, imports, clients, and value evaluation.

`Scope` holds the file-local knowledge that declarations build up (constants, env lookups,
module aliases, `axios.create` clients, gRPC packages, routers) and evaluates expressions to
a `Val`: a literal URL-ish string, an env var or a config key, with the literal tail that
follows it. Env defaults (`process.env.X || "http://x"`, `??`) become `Val.default`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.ingest.code import limits
from analyzer.ingest.code.javascript import exports, params
from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.urlvalue import Val, concat

ROUTER_NAMES = frozenset({"app", "router", "server", "fastify", "api", "routes", "route", "koarouter"})
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^[\w.-]+:\d+(/|$)")


@dataclass
class Scope:
    """File-local knowledge, filled by declarations before any call is looked at."""

    consts: dict[str, Val] = field(default_factory=dict)
    lists: dict[str, list[Val]] = field(default_factory=dict)  # const BROKERS = ["kafka:9092"]
    clients: dict[str, Val | None] = field(default_factory=dict)  # axios.create / got.extend instances
    grpc_pkgs: set[str] = field(default_factory=set)
    grpc_services: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> imported module
    modules: set[str] = field(default_factory=set)  # every imported / required module
    routers: set[str] = field(default_factory=lambda: set(ROUTER_NAMES))

    def lib(self, name: str) -> str:
        """The module a local name was imported from, else the name itself."""
        return self.aliases.get(name, name)

    @limits.bounded()
    def eval(self, node) -> Val | None:
        """The static value of an expression, or None when it names nothing knowable."""
        if node is None:
            return None
        node = js.unwrap(node)
        kind = node.type
        if kind == "string":
            return Val("url", js.string(node) or "")
        if kind == "template_string":
            return concat([self.piece(c, i == 0) for i, c in enumerate(node.named_children)])
        if kind == "binary_expression":
            return self._binary(node)
        text = js.text(node)
        if kind == "member_expression" and text.startswith("process.env."):
            return Val("env", text[len("process.env."):])
        if kind == "subscript_expression" and js.text(node.child_by_field_name("object")) == "process.env":
            key = js.string(node.child_by_field_name("index"))
            return Val("env", key) if key else None
        if kind in ("identifier", "member_expression", "shorthand_property_identifier"):
            if text in self.consts:
                return self.consts[text]
            if kind == "member_expression":  # `q.queue` after `const q = assertQueue("x")`
                return self.consts.get(js.text(node.child_by_field_name("object"))) \
                    or params.this_param(node) or self._imported(node)
            return params.param_of(node)
        if kind == "call_expression":
            return self._call(node)
        if kind == "new_expression" and js.text(node.child_by_field_name("constructor")) == "URL":
            args = js.args(node)
            if len(args) == 2:
                base, tail = self.eval(args[1]), js.string(args[0])
                return concat([base, tail or ""]) if base else None
            return self.eval(args[0]) if args else None
        return None

    @limits.bounded(list)
    def eval_list(self, node) -> list[Val]:
        """Values of a list-ish expression: `[a, b]`, `X.split(",")`, a list constant, or one value."""
        node = js.unwrap(node)
        if node is None:
            return []
        if node.type == "array":
            return [v for v in (self.eval(item) for item in node.named_children) if v is not None]
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression" and \
                    js.text(fn.child_by_field_name("property")) == "split":
                return self.eval_list(fn.child_by_field_name("object"))
        if node.type in ("identifier", "shorthand_property_identifier") and js.text(node) in self.lists:
            return self.lists[js.text(node)]
        value = self.eval(node)
        return [value] if value is not None else []

    def piece(self, node, head: bool = False) -> Val | str | None:
        """One part of a concatenation: literal text, a value, or a `{placeholder}` (also for
        a parameter after the head: only a leading parameter names the destination)."""
        if node.type in ("string_fragment", "escape_sequence"):
            return js.text(node)
        if node.type == "template_substitution":
            node = node.named_children[0] if node.named_children else None
            if node is None:
                return "{}"
        if node.type == "string":
            return js.string(node) or ""
        value = self.eval(node)
        if value is None or (value.kind == "param" and not head):
            return "{" + js.text(node)[:20] + "}"
        return value

    def _imported(self, node) -> Val | None:
        """`endpoints.cartsUrl` where `endpoints` is a project module: its export (exports)."""
        owner = node.child_by_field_name("object")
        if owner is None or owner.type != "identifier" or js.text(owner) not in self.aliases:
            return None
        spec = self.aliases[js.text(owner)]
        name = js.text(node.child_by_field_name("property"))
        relative = spec.startswith(("./", "../"))
        return Val("param", exports.target(spec, name)) if relative and name else None

    def _format(self, template: str, args: list) -> Val:
        """`util.format("http://carts%s/x", domain)`: each `%s`/`%d` becomes its argument's
        literal value, or a `{}` placeholder when that is not known."""
        pieces = re.split(r"(%[sdifjoO])", template)
        out, values = [], iter(args)
        for piece in pieces:
            if re.fullmatch(r"%[sdifjoO]", piece):
                arg = next(values, None)
                value = self.eval(arg) if arg is not None else None
                out.append(value.target if value is not None and value.kind == "url" else "{}")
            else:
                out.append(piece)
        return Val("url", "".join(out))

    def _binary(self, node) -> Val | None:
        op = js.text(node.child_by_field_name("operator"))
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op == "+":
            return concat([self.piece(left, True), self.piece(right)])
        if op in ("||", "??"):
            lv, rv = self.eval(left), self.eval(right)
            if lv is not None and lv.kind != "url" and rv is not None and rv.kind == "url":
                return Val(lv.kind, lv.target, lv.suffix, rv.target)
            return lv or rv
        return None

    def _call(self, node) -> Val | None:
        fn = js.text(node.child_by_field_name("function"))
        args = js.args(node)
        if fn.endswith((".get", ".getOrThrow")) and "config" in fn.lower() and args and js.string(args[0]):
            return Val("config", js.string(args[0]))
        if fn.endswith(("assertQueue", "assertExchange")) and args:
            return self.eval(args[0])
        first = self.eval(args[0]) if args else None  # util.format / urljoin(BASE, ...)
        if fn.split(".")[-1] == "format" and first is not None and first.kind == "url" \
                and "%" in first.target:
            return self._format(first.target, args[1:])
        if first is not None and (first.kind != "url" or SCHEME.match(first.target)):
            return Val(first.kind, first.target, first.suffix + "{}", first.default)
        return None
