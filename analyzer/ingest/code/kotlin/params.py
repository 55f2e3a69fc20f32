"""Kotlin parameters and argument bindings for the cross-file join (see `bindings.py`).

A name with no binding in the file that is a parameter of its enclosing function evaluates
to `Value("param", "<function>:<i>")`; one that is a primary-constructor parameter of its
class (`class OrdersClient(private val base: String)`) to `Value("param", "<Class>:<i>")`, so
`"$base/orders"` in a method of that class is a `param` call `OrdersClient#0` unless the file
itself constructs the class. A call of a function or class the file does not declare, with a
known argument (literal address, env, config, or a parameter of the caller), is an
`ArgBinding` with the callee's simple name (the class name for constructor calls), as in Java.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.kotlin.syntax import call_args, callee, children, first
from analyzer.ingest.code.treesitter.symbolic import Value
from analyzer.ingest.code.treesitter.scan import FactSink
from analyzer.ingest.code.treesitter.util import ancestors, line_of


def parameter(scan: Any, name: str, at: Any) -> Value | None:
    """The param Value of `name` as seen from node `at`, or None when it is no parameter."""
    for node in [] if at is None else [at, *ancestors(at)]:
        if node.type == "function_declaration":
            names = [scan.text(first(p, "identifier"))
                     for p in children(first(node, "function_value_parameters"), "parameter")]
            if name in names:
                function = scan.text(first(node, "identifier"))
                return Value("param", f"{function}:{names.index(name)}")
        elif node.type == "class_declaration":
            constructor = first(node, "primary_constructor")
            params = children(first(constructor, "class_parameters") or constructor,
                              "class_parameter")
            names = [scan.text(first(p, "identifier")) for p in params]
            if name in names:
                return Value("param", f"{class_name(scan, node)}:{names.index(name)}")
    return None


def class_name(scan: Any, node: Any) -> str:
    """Simple name of a class declaration."""
    return scan.text(first(node, "type_identifier") or first(node, "identifier"))


def callers(scan: Any, function: str) -> list[tuple[int, list[Any]]]:
    """(line, argument nodes) of each same-file call of `function` (or constructor call)."""
    return [(line_of(call), call_args(call)) for call in scan.calls
            if callee(scan, call)[1] == function]


def bind_calls(scan: Any, sink: FactSink, understood: set[int]) -> None:
    """Bindings of the arguments of calls of callables declared in other files; calls the
    extractor read as clients (`understood`, by node id) are library calls, not the project's."""
    for call in scan.calls:
        line, (_receiver, name) = line_of(call), callee(scan, call)
        if call.id in understood or not name or not name.isidentifier() \
                or name in scan.callables:
            continue
        for index, arg in enumerate(call_args(call)):
            sink.bind(line, name, index, scan.eval(arg))
