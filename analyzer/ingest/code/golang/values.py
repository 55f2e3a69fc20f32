"""Go symbolic values: what one file binds, imports and calls, and what a string evaluates to.

Bindings are consts, vars, `:=`, assignments and struct fields (keyed literals and
`x.Field = ...`), each scoped to its function (package level when outside one). Strings are
evaluated through literals, `+`, `os.Getenv`/`LookupEnv` and env helpers, viper keys,
`fmt.Sprintf`, `url.JoinPath`, `net.JoinHostPort`, the default of a command-line flag
(`dsn := flag.String("DSN", "user@tcp(db:3306)/x", "...")`, read as `*dsn`), and pass-through calls such as
`strings.TrimSuffix`. An identifier assigned a lookup and then a literal
(`if addr == "" { addr = "orders:50051" }`) is the lookup with that literal as its default.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code import limits
from analyzer.ingest.code.treesitter.symbolic import Value, concat, printf_concat
from analyzer.ingest.code.treesitter.scan import SourceScan, enclosing_span, named_children
from analyzer.ingest.code.treesitter.util import ancestors, line_of, string_value, walk

SCOPES = ("function_declaration", "method_declaration", "func_literal")
_PASS_THROUGH = ("QueueDeclare", "TrimSuffix", "TrimRight", "TrimPrefix", "TrimLeft",
                 "TrimSpace", "Parse", "TCP")

_FLAG_VALUES = ("String", "Int")  # flag.String(name, default, usage)


class GoScan(SourceScan):
    """Bindings, imports and candidate nodes of one Go file, plus symbolic evaluation."""

    def __init__(self, src: bytes) -> None:
        super().__init__(src)
        self.binds: dict[str, list[tuple[int, int, int, Any]]] = {}
        self.fields: dict[str, list[Any]] = {}
        self.calls: list[Any] = []
        self.composites: list[Any] = []
        self.functions: set[str] = set()

    def collect(self, root: Any) -> None:
        """One walk over the tree: calls, composite literals, imports and bindings."""
        for node in walk(root):
            kind = node.type
            if kind == "call_expression":
                self.calls.append(node)
            elif kind == "composite_literal":
                self.composites.append(node)
            elif kind in ("function_declaration", "method_declaration"):
                self.functions.add(self.text(node.child_by_field_name("name")))
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
                    self._bind_pairs(named_children(left), node.child_by_field_name("right"))
            elif kind == "keyed_element":
                key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
                if key is not None and value is not None and value.named_child_count:
                    self.fields.setdefault(self.text(key), []).append(value.named_children[0])

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

    def eval_list(self, node: Any, depth: int = 0) -> list[Value]:
        """Values of a `[]string{...}` literal (possibly through a variable) or of one string."""
        if node is not None and node.type == "identifier" and depth < 4:
            bound = self.binding(node)
            if bound is not None and bound.type == "composite_literal":
                return self.eval_list(bound, depth + 1)
        if node is not None and node.type == "composite_literal":
            body = node.child_by_field_name("body")
            elements = [e.named_children[0] for e in named_children(body) if e.named_child_count]
            return [v for v in (self.eval(e, depth + 1) for e in elements) if v is not None]
        value = self.eval(node, depth)
        return [value] if value is not None else []

    def stdlib_package(self, name: str | None) -> bool:
        """Whether `name` is the (default) name of an imported standard-library package."""
        return any("." not in path.split("/", 1)[0] and path.rsplit("/", 1)[-1] == name
                   for path in self.imports)

    def callers(self, function: str) -> list[tuple[int, list[Any]]]:
        found = []
        for call in self.calls:
            _, name, args = call_parts(self, call)
            if name == function:
                found.append((line_of(call), args))
        return found

    # ---- evaluation -----------------------------------------------------------------------
    def _bind_pairs(self, names: list[Any], values_node: Any) -> None:
        if values_node is None:
            return
        values = named_children(values_node)
        if len(values) == 1 and len(names) > 1:
            values = values + [None] * (len(names) - 1)  # q, err := f(): q binds to the call
        for name, value in zip(names, values):
            if value is None:
                continue
            if name.type == "identifier":
                start, end = enclosing_span(name, SCOPES)
                self.binds.setdefault(self.text(name), []).append(
                    (start, end, name.start_byte, value))
            elif name.type == "selector_expression":
                field = name.child_by_field_name("field")
                self.fields.setdefault(self.text(field), []).append(value)

    def _eval(self, node: Any, depth: int) -> Value | None:
        if node is None or limits.too_deep(depth, 8):
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

    def _eval_identifier(self, node: Any, depth: int) -> Value | None:
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
        if pkg == "flag" and name in _FLAG_VALUES and len(args) >= 2:
            return self.eval(args[1], depth + 1)  # the default a deployment may override
        if name in _PASS_THROUGH and first:
            return self.eval(first, depth + 1)
        return None


def call_parts(scan: GoScan, call: Any) -> tuple[str | None, str, list[Any]]:
    """(package or receiver identifier, function name, argument nodes) of a call."""
    function = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    args = named_children(arguments) if arguments else []
    if function is not None and function.type == "selector_expression":
        operand = function.child_by_field_name("operand")
        pkg = scan.text(operand) if operand is not None and operand.type == "identifier" else None
        return pkg, scan.text(function.child_by_field_name("field")), args
    return None, scan.text(function), args


def _parameter(scan: GoScan, ident: Any) -> Value | None:
    """`Value("param", "func:index")` when `ident` is a parameter of its named function."""
    name = scan.text(ident)
    node = next((a for a in ancestors(ident) if a.type in SCOPES), None)
    if node is None or node.type == "func_literal":
        return None
    params = node.child_by_field_name("parameters")
    names = [scan.text(n) for decl in named_children(params)
             for n in decl.children_by_field_name("name")]
    if name not in names:
        return None
    return Value("param", f"{scan.text(node.child_by_field_name('name'))}:{names.index(name)}")
