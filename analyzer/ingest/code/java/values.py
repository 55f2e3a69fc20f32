"""Java symbolic values: one file's bindings, declared types and candidate nodes, and what a
string expression evaluates to.

Bindings are fields, locals, `this.x = ...`, `static final` constants and `@Value("${key}")`
fields and constructor parameters; locals are scoped to their method, fields to the file.
Strings are evaluated through literals, `+`, `System.getenv`, `getProperty`,
`String.format`, URI builders (`fromHttpUrl(...).path(...).toUriString()`) and `new URI(...)`.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.java.syntax import annotation_args, annotation_name
from analyzer.ingest.code.java.spring import with_placeholders
from analyzer.ingest.code import limits
from analyzer.ingest.code.treesitter.symbolic import Value, concat, printf_concat
from analyzer.ingest.code.treesitter.scan import FILE_SPAN, SourceScan, enclosing_span, \
    named_children
from analyzer.ingest.code.treesitter.util import ancestors, line_of, string_value, walk

_SCOPES = ("method_declaration", "constructor_declaration", "lambda_expression")
_LIST_FACTORIES = ("asList", "of", "singletonList", "singleton", "List", "Set")
_PASS_THROUGH = ("toUriString", "toString", "build", "encode", "expand", "toUri",
                 "buildAndExpand", "queryParam", "queryParams", "trim", "strip")
_URI_FACTORIES = ("fromHttpUrl", "fromUriString", "create", "parse", "fromPath", "baseUrl",
                  "rootUri")


class JavaScan(SourceScan):
    """Bindings, types and candidate nodes of one Java file, plus symbolic evaluation."""

    def __init__(self, src: bytes) -> None:
        super().__init__(src)
        self.binds: dict[str, list[tuple[int, int, int, Any]]] = {}
        self.types: dict[str, str] = {}
        self.invocations: list[Any] = []
        self.creations: list[Any] = []
        self.annotations: list[Any] = []
        self.declarations: list[Any] = []
        self.callables: set[str] = set()

    def collect(self, root: Any) -> None:
        """One walk: invocations, creations, annotations, types, imports and bindings."""
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
                self.callables.add(self.text(node.child_by_field_name("name")))
            elif kind in ("method_declaration", "constructor_declaration"):
                self.callables.add(self.text(node.child_by_field_name("name")))
            elif kind == "import_declaration":
                self.imports.append(self.text(node))
            elif kind in ("field_declaration", "local_variable_declaration"):
                self._declaration(node)
            elif kind == "formal_parameter":
                self._parameter(node)
            elif kind == "assignment_expression":
                self._assignment(node)

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
        return with_placeholders(self.eval(node))

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

    def callers(self, function: str) -> list[tuple[int, list[Any]]]:
        """Same-file invocations of a method, or creations (`new X(..)`) of a constructor."""
        found = [(line_of(node), arguments(node)) for node in self.invocations
                 if self.text(node.child_by_field_name("name")) == function]
        found += [(line_of(node), arguments(node)) for node in self.creations
                  if simple_type(self, node) == function]
        return sorted(found, key=lambda pair: pair[0])

    # ---- collection -------------------------------------------------------------------
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
        start, end = FILE_SPAN if file_scope else enclosing_span(at, _SCOPES)
        self.binds.setdefault(name, []).append((start, end, 0 if file_scope else at.start_byte,
                                                value))

    def _value_annotation(self, node: Any) -> Value | None:
        modifiers = next((c for c in node.children if c.type == "modifiers"), None)
        for annotation in modifiers.named_children if modifiers is not None else ():
            if annotation_name(self, annotation) == "Value":
                values = annotation_args(self, annotation).get("value", [])
                return self.annotation_value(values[0]) if values else None
        return None

    # ---- evaluation -------------------------------------------------------------------
    def _eval(self, node: Any, depth: int) -> Value | None:
        if limits.too_deep(depth, 10):  # `eval` already answered None and Value nodes
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
        if kind == "object_creation_expression" and simple_type(self, node) in ("URI", "URL"):
            args = arguments(node)
            return self.eval(args[0], depth + 1) if len(args) == 1 else None
        return None

    def _local(self, ident: Any) -> bool:
        pos = ident.start_byte
        return any(start != 0 and start <= pos < end and at < pos
                   for start, end, at, _ in self.binds.get(self.text(ident), ()))

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
        if name in _URI_FACTORIES and args:
            return self.eval(args[0], depth + 1)
        if name in ("path", "pathSegment", "concat") and args and receiver is not None:
            return concat([self.eval(receiver, depth + 1), self.eval(args[0], depth + 1)])
        if name in _PASS_THROUGH and receiver is not None:
            return self.eval(receiver, depth + 1)
        return None


def arguments(node: Any) -> list[Any]:
    """Argument nodes of an invocation or object creation."""
    return named_children(node.child_by_field_name("arguments"))


def simple_type(scan: JavaScan, creation: Any) -> str:
    """Simple type name of an object creation (`new a.b.Foo<X>(...)` -> Foo)."""
    text = scan.text(creation.child_by_field_name("type"))
    return text.split("<", 1)[0].rsplit(".", 1)[-1]


def _parameter(scan: JavaScan, ident: Any) -> Value | None:
    """`Value("param", "method:index")` when `ident` is a parameter of its enclosing method
    (or constructor, named by its class)."""
    node = next((a for a in ancestors(ident) if a.type in (
        "method_declaration", "constructor_declaration", "lambda_expression", "class_body")), None)
    if node is None or node.type not in ("method_declaration", "constructor_declaration"):
        return None
    params = node.child_by_field_name("parameters")
    names = [scan.text(p.child_by_field_name("name")) for p in params.named_children
             if p.type in ("formal_parameter", "spread_parameter")] if params else []
    name = scan.text(ident)
    if name not in names:
        return None
    return Value("param", f"{scan.text(node.child_by_field_name('name'))}:{names.index(name)}")

