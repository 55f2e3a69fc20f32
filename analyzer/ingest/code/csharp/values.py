"""What one C# file knows statically, and how expressions evaluate to URL-ish values.

`Scope` holds file-local knowledge built by declarations (constants, `BaseAddress` of
clients, gRPC channels, MapGroup prefixes, Aspire resources, usings, created types) and
evaluates expressions to a `Val`: a literal ("url"), an env var or a config key with its
literal tail. Config forms: `IConfiguration["A:B"]`, `GetValue<T>("A:B")`,
`GetSection("A")["B"]` -> "A:B"; `GetConnectionString("X")` -> "ConnectionStrings:X";
a `??` literal becomes `Val.default`.
"""

from __future__ import annotations

from analyzer.ingest.code import limits
from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.urlvalue import Val
from analyzer.ingest.code.urlvalue import concat as _concat
from analyzer.ingest.code.csharp.syntax import Source, last

DELIMITERS = frozenset({"interpolation_start", "interpolation_quote", "raw_string_start", "raw_string_end"})


class Scope(Source):
    """File-local knowledge, filled by declarations before invocations are looked at."""

    def __init__(self, src: bytes) -> None:
        super().__init__(src)
        self.consts: dict[str, Val] = {}
        self.bases: dict[str, Val] = {}  # HttpClient receiver -> BaseAddress
        self.channels: set[str] = set()
        self.groups: dict[str, str] = {}  # MapGroup variable -> prefix
        self.resources: dict[str, tuple[str, str]] = {}  # Aspire variable -> (name, protocol)
        self.usings: set[str] = set()
        # local -> types it is created with (`var e = new XEvent()`, `e = c ? new A() : new B()`)
        self.types: dict[str, set[str]] = {}
        # invocation node id -> the Aspire resource its chain builds (`aspire.resource`)
        self.chain_resources: dict[int, tuple[str, str] | None] = {}

    @limits.bounded()
    def eval(self, node) -> Val | None:
        """The static value of an expression, or None when it names nothing knowable."""
        if node is None:
            return None
        kind = node.type
        if kind in ("parenthesized_expression", "await_expression", "argument", "cast_expression",
                    "postfix_unary_expression"):
            return self.eval(node.named_children[-1]) if node.named_children else None
        literal = self.string(node)
        if literal is not None:
            return Val("url", literal)
        if kind == "interpolated_string_expression":
            parts = [c for c in node.named_children if c.type not in DELIMITERS]
            return concat([self.piece(c, i == 0) for i, c in enumerate(parts)])
        if kind == "binary_expression":
            return self._binary(node)
        key = self.config_key(node)
        if key is not None:
            return Val("config", key)
        if kind == "invocation_expression":
            return self._invocation(node)
        if kind == "implicit_object_creation_expression":  # target-typed `new("http://x")`
            args = self.args(node)
            return self.eval(args[0][1]) if len(args) == 1 else None
        if kind == "object_creation_expression" and last(self.t(node.child_by_field_name("type"))) == "Uri":
            args = self.args(node)
            if len(args) >= 2 and self.string(args[1][1]) is not None:
                return concat([self.eval(args[0][1]), self.string(args[1][1])])
            return self.eval(args[0][1]) if args else None
        if kind in ("identifier", "member_access_expression"):
            text = self.t(node)
            if kind == "member_access_expression" and _is_options(text):
                return Val("config", last(text))  # IOptions<AppSettings>: settings.Value.BasketUrl
            found = self.consts.get(last(text))
            if found is None and kind == "identifier":
                from analyzer.ingest.code.csharp.params import param_of  # it builds on Scope
                return param_of(self, node)
            return found
        return None

    @limits.bounded()
    def config_key(self, node) -> str | None:
        """`config["A"]`, `config.GetSection("A")["B"]`, `GetValue<string>("A")`, `GetConnectionString("A")`."""
        if node.type == "element_access_expression":
            obj = node.child_by_field_name("expression")
            sub = node.child_by_field_name("subscript")
            key = self.string(sub.named_children[0].named_children[-1]) \
                if sub is not None and sub.named_children and sub.named_children[0].named_children else None
            if key is None:
                return None
            parent = self.config_key(obj) if obj.type == "invocation_expression" else None
            if parent is not None:
                return f"{parent}:{key}"
            return key if _is_config(self.t(obj)) else None
        if node.type == "invocation_expression":
            fn, args = self.callee(node), self.args(node)
            first = self.string(args[0][1]) if args else None
            if first is None:
                return None
            if fn == "GetConnectionString":
                return f"ConnectionStrings:{first}"
            if fn in ("GetValue", "GetSection", "GetRequiredSection"):
                member = node.child_by_field_name("function")
                receiver = self.t(member.child_by_field_name("expression")) \
                    if member.type == "member_access_expression" else ""
                parent = self.config_key(member.child_by_field_name("expression")) \
                    if receiver.endswith(")") else None
                return f"{parent}:{first}" if parent else first
        if node.type == "member_access_expression" and self.t(node.child_by_field_name("name")) == "Value":
            return self.config_key(node.child_by_field_name("expression"))
        return None

    def piece(self, node, head: bool = False):
        """One part of a concatenation: literal text, a value, or a `{placeholder}` (also for
        a parameter after the head: only a leading parameter names the destination)."""
        if node is None:
            return None
        if node.type in ("string_content", "escape_sequence", "string_literal_content"):
            return self.t(node)
        if node.type == "interpolation":
            inner = [c for c in node.named_children if c.type != "interpolation_brace"]
            if not inner:
                return "{}"
            node = inner[0]
        value = self.eval(node)
        if value is None or (value.kind == "param" and not head):
            return "{" + self.t(node)[:20] + "}"
        return value

    def _binary(self, node) -> Val | None:
        op = self.t(node.child_by_field_name("operator"))
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op == "+":
            return concat([self.piece(left, True), self.piece(right)])
        if op == "??":
            lv, rv = self.eval(left), self.eval(right)
            if lv is not None and lv.kind != "url" and rv is not None and rv.kind == "url":
                return Val(lv.kind, lv.target, lv.suffix, rv.target)
            return lv or rv
        return None

    def _invocation(self, node) -> Val | None:
        fn, args = self.callee(node), self.args(node)
        if fn == "GetEnvironmentVariable" and args and self.string(args[0][1]):
            return Val("env", self.string(args[0][1]))
        if fn == "ToString" and node.child_by_field_name("function").type == "member_access_expression":
            return self.eval(node.child_by_field_name("function").child_by_field_name("expression"))
        # URL helpers (`API.Basket.GetBasket(baseUrl, id)`, `Path.Combine`): the base wins
        first = self.eval(args[0][1]) if args else None
        if first is not None and (first.kind != "url" or tsu.looks_like_address(first.target)):
            return Val(first.kind, first.target, first.suffix + "{}", first.default)
        return None


def concat(pieces: list) -> Val | None:
    """Join evaluated pieces; an empty literal names nothing in C# (None)."""
    return _concat(pieces, keep_empty=False)


def _is_config(receiver: str) -> bool:
    """`config`, `_configuration`, `builder.Configuration`, `cfg` hold IConfiguration by convention."""
    return "config" in receiver.lower() or last(receiver).lower().lstrip("_") == "cfg"


def _is_options(text: str) -> bool:
    parts = text.split(".")
    return len(parts) >= 3 and parts[-2] == "Value" and any(w in parts[-3].lower() for w in ("settings", "options"))
