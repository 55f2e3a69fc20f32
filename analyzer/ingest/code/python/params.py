"""Python parameters and argument bindings for the cross-file join (see `bindings.py`).

Inside a function, each positional parameter evaluates to `Value("param", "<callable>#<i>")`:
the callable is the function name, or the class name for `__init__` (whose `self` is not
counted; other methods skip `self`/`cls` too). So `self.base = base` in `OrdersClient.__init__`
and `requests.get(self.base + "/orders")` in a method give a `param` call `OrdersClient#0`.
A call of a plain or dotted name with a known positional argument (literal address, env,
config, or a parameter of the enclosing function) is an `ArgBinding`, unless the extractor
already read the call as a client. Keyword arguments are not bound (their index is unknown).
"""

from __future__ import annotations

import ast

from analyzer.ingest.code.facts import ArgBinding
from analyzer.ingest.code.python.values import UNKNOWN, Evaluator, Value
from analyzer.ingest.code.treesitter.symbolic import looks_like_address, has_host

_PARAM = "param"


def param_values(node: ast.FunctionDef | ast.AsyncFunctionDef,
                 class_name: str | None) -> dict[str, Value]:
    """Name -> param Value of each positional parameter of a function definition."""
    args = [*node.args.posonlyargs, *node.args.args]
    if class_name is not None and args and args[0].arg in ("self", "cls"):
        args = args[1:]
    callable_name = class_name if class_name and node.name == "__init__" else node.name
    return {arg.arg: Value(_PARAM, f"{callable_name}#{index}") for index, arg in enumerate(args)}


def call_bindings(ev: Evaluator, node: ast.Call) -> list[ArgBinding]:
    """Bindings of the known positional arguments of a call of a project callable."""
    if isinstance(node.func, ast.Name):
        name = node.func.id
    elif isinstance(node.func, ast.Attribute) and not node.func.attr.startswith("__"):
        name = node.func.attr
    else:
        return []
    found = []
    for index, arg in enumerate(node.args):
        if isinstance(arg, ast.Starred):
            break
        value = ev.value(arg)
        if value is None or UNKNOWN in value.text:
            continue
        if value.kind == "url" and not (has_host(value.text) or looks_like_address(value.text)):
            continue
        if value.kind in ("url", "env", "config", _PARAM):
            target = value.text.strip() if value.kind == "url" else value.text
            found.append(ArgBinding(node.lineno, name, index, value.kind, target,
                                    value.suffix, value.default))
    return found
