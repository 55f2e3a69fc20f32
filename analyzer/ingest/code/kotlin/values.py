"""Kotlin symbolic values: one file's bindings and candidate nodes, and what a string is.

Bindings are properties (`val`/`const val`, `@Value("\\${key}")` ones first) and constructor
parameters; a name's last non-unknown binding wins. Strings are evaluated through templates
(`"$base/api"`, `"${cfg.url}/x"`), `+`, `?:` (a lookup with a literal fallback becomes the
lookup with that default), `System.getenv`, `getProperty`, `String.format`/`.format` and
URI builders. A name bound nowhere in the file that is a parameter of its function or class
constructor is a `param` value (`kotlin_params`).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.java.spring import with_placeholders
from analyzer.ingest.code.kotlin.params import callers, class_name, parameter
from analyzer.ingest.code.kotlin.syntax import annotation_args, annotation_name, call_args, \
    callee, children, first, marks
from analyzer.ingest.code import limits
from analyzer.ingest.code.treesitter.symbolic import Value, concat, printf_concat
from analyzer.ingest.code.treesitter.scan import SourceScan
from analyzer.ingest.code.treesitter.util import walk

_TEMPLATE_NAME = re.compile(r"\$([A-Za-z_]\w*)")
_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\$": "$", '\\"': '"', "\\\\": "\\",
            "\\'": "'"}
_LIST_FACTORIES = ("listOf", "setOf", "arrayOf", "mutableListOf")
_URI_FACTORIES = ("fromHttpUrl", "fromUriString", "create", "URI", "baseUrl")
_PASS_THROUGH = ("toUriString", "toString", "build", "encode", "toUri", "trim")
_NOT_VALUES = ("user_type", "nullable_type", "type_constraints", "comment")


class KotlinScan(SourceScan):
    """Bindings, parameter types and candidate nodes of one Kotlin file."""

    def __init__(self, src: bytes) -> None:
        super().__init__(src)
        self.binds: dict[str, list[Any]] = {}
        self.types: dict[str, str] = {}
        self.calls: list[Any] = []
        self.annotations: list[Any] = []
        self.classes: list[Any] = []
        self.orphans: dict[int, dict[str, list[Any]]] = {}
        self.callables: set[str] = set()

    def collect(self, root: Any) -> None:
        """One walk: calls, annotations, classes, property and parameter bindings."""
        for node in walk(root):
            kind = node.type
            if kind == "call_expression":
                self.calls.append(node)
            elif kind == "annotation":
                self.annotations.append(node)
            elif kind == "class_declaration":
                self.classes.append(node)
                self.callables.add(class_name(self, node))
            elif kind == "function_declaration":
                self.callables.add(self.text(first(node, "identifier")))
            elif kind == "property_declaration":
                declared = first(node, "variable_declaration")
                value = _value_after(node, declared)
                injected = self._value_annotation(node)
                if declared is not None and (value is not None or injected is not None):
                    self.binds.setdefault(self.text(first(declared, "identifier")), []).append(
                        injected or value)
            elif kind in ("class_parameter", "parameter"):
                name = self.text(first(node, "identifier"))
                self.types[name] = self.text(first(node, "user_type"))
                injected = self._value_annotation(node)
                if injected is not None:
                    self.binds.setdefault(name, []).append(injected)

    def callers(self, function: str) -> list[tuple[int, list[Any]]]:
        """(line, argument nodes) of each same-file call of `function`."""
        return callers(self, function)

    def annotation_args(self, annotation: Any) -> dict[str, list[Any]]:
        """Argument name -> value nodes of an annotation (see kotlin_syntax)."""
        return annotation_args(self, annotation, self.orphans)

    def marks(self, node: Any) -> dict[str, Any]:
        """Simple name -> annotation node of a class or function."""
        return marks(self, node, self.orphans)

    def eval_list(self, node: Any) -> list[Value]:
        """Values of `[...]`, `listOf(...)`-style lists, or of one (annotation) string."""
        if node is not None and node.type == "collection_literal":
            return [v for v in (self.annotation_value(c) for c in node.named_children) if v]
        if node is not None and node.type == "call_expression" \
                and callee(self, node)[1] in _LIST_FACTORIES:
            return [v for v in (self.eval(a) for a in call_args(node)) if v]
        value = self.annotation_value(node)
        return [value] if value is not None else []

    def annotation_value(self, node: Any) -> Value | None:
        """Value of an annotation argument: Spring placeholders become config keys."""
        return with_placeholders(self.eval(node))

    def _value_annotation(self, node: Any) -> Value | None:
        for annotation in children(first(node, "modifiers"), "annotation"):
            if annotation_name(self, annotation) == "Value":
                values = self.annotation_args(annotation).get("value", [])
                return self.annotation_value(values[0]) if values else None
        return None

    # ---- evaluation -------------------------------------------------------------------
    def _eval(self, node: Any, depth: int) -> Value | None:
        if limits.too_deep(depth, 10):  # `eval` already answered None and Value nodes
            return None
        kind = node.type
        if kind in ("string_literal", "multiline_string_literal"):
            return self._template(node, depth)
        if kind in ("integer_literal", "long_literal"):
            return Value("lit", self.text(node))
        if kind == "identifier":
            return self._name(self.text(node), depth, node)
        if kind == "navigation_expression":
            parts = node.named_children
            if len(parts) == 2 and parts[1].type == "identifier":
                return self._name(self.text(parts[1]), depth)
            return None
        if kind == "parenthesized_expression":
            return self.eval(node.named_children[0] if node.named_child_count else None, depth + 1)
        if kind == "binary_expression":
            return self._binary(node, depth)
        if kind == "call_expression":
            return self._call_value(node, depth)
        return None

    def _binary(self, node: Any, depth: int) -> Value | None:
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
        return None

    def _template(self, node: Any, depth: int) -> Value | None:
        """A string template: contents, escapes, `$name` and `${expr}` parts in order."""
        parts: list[Value | None] = []
        raw = ""
        for child in node.named_children:
            if child.type == "string_content":
                raw += self.text(child)  # the grammar may split "$name" into "$" + "name"
                continue
            parts += self._expand(raw, depth, node)
            raw = ""
            if child.type == "escape_sequence":
                parts.append(Value("lit", _ESCAPES.get(self.text(child), self.text(child)[1:])))
            elif child.type == "interpolation":
                inner = child.named_children[0] if child.named_child_count else None
                parts.append(self.eval(inner, depth + 1))
        parts += self._expand(raw, depth, node)
        if not parts:
            return Value("lit", "")
        return concat(parts)

    def _expand(self, raw: str, depth: int, at: Any) -> list[Value | None]:
        parts: list[Value | None] = []
        pos = 0
        for match in _TEMPLATE_NAME.finditer(raw):
            if raw[pos:match.start()]:
                parts.append(Value("lit", raw[pos:match.start()]))
            parts.append(self._name(match.group(1), depth, at))
            pos = match.end()
        if raw[pos:]:
            parts.append(Value("lit", raw[pos:]))
        return parts

    def _name(self, name: str, depth: int, at: Any = None) -> Value | None:
        """The last known binding of `name`; else, seen from node `at`, the parameter it is."""
        values = [self.eval(bound, depth + 1) for bound in self.binds.get(name, ())]
        found = next((v for v in reversed(values) if v is not None), None)
        if found is None and at is not None and name not in self.binds:
            return parameter(self, name, at)
        return found

    def _call_value(self, node: Any, depth: int) -> Value | None:
        receiver, name = callee(self, node)
        args = call_args(node)
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
        if name in _URI_FACTORIES and args:
            return key
        if name in ("path", "pathSegment") and receiver is not None and args:
            return concat([self.eval(receiver, depth + 1), key])
        if name in _PASS_THROUGH and receiver:
            return self.eval(receiver, depth + 1)
        return None


def _value_after(node: Any, declared: Any) -> Any | None:
    if declared is None:
        return None
    later = [c for c in node.named_children if c.start_byte >= declared.end_byte
             and c.type not in _NOT_VALUES]
    return later[0] if later else None
