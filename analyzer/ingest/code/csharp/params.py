"""C# parameters and argument bindings for the cross-file join (see `bindings.py`).

An identifier that is no file constant but a parameter of its enclosing constructor, method,
local function or primary constructor (`class CartClient(string baseUrl)`) evaluates to
`Val("param", "<callable>#<i>")`: constructors (and primary constructors) are named by their
class, methods by their name. So `_baseUrl = baseUrl` in a constructor and
`_http.GetAsync($"{_baseUrl}/api/cart")` give a `param` call `CartClient#0`. A creation
(`new CartClient(config["Services:Cart"])`) or invocation of a project callable with a known
positional argument is an `ArgBinding`.
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.syntax import last
from analyzer.ingest.code.csharp.values import Scope, Val
from analyzer.ingest.code.facts import ArgBinding

_CALLABLES = ("constructor_declaration", "method_declaration", "local_function_statement",
              "class_declaration", "record_declaration", "struct_declaration")


def param_of(scope: Scope, node) -> Val | None:
    """The param value of identifier `node` when it names a parameter of its callable."""
    name = scope.t(node)
    for current in tsu.ancestors(node):
        if current.type in _CALLABLES:
            params = current.child_by_field_name("parameters") or next(
                (c for c in current.children if c.type == "parameter_list"), None)
            names = [scope.t(p.child_by_field_name("name")) for p in
                     (params.named_children if params is not None else ()) if p.type == "parameter"]
            if name in names:
                return Val("param", f"{scope.t(current.child_by_field_name('name'))}"
                                    f"#{names.index(name)}")
            if current.type not in ("local_function_statement", "method_declaration",
                                    "constructor_declaration"):
                return None
    return None


def call_bindings(scope: Scope, node) -> list[ArgBinding]:
    """Bindings of the known positional arguments of a creation or invocation."""
    if node.type == "object_creation_expression":
        typ = scope.t(node.child_by_field_name("type"))
        name = last(typ.split("<", 1)[0])
    else:
        name = scope.callee(node)
    if not name:
        return []
    found = []
    for index, (label, arg) in enumerate(scope.args(node)):
        if label:
            break
        value = scope.eval(arg)
        if value is None or "{" in value.target:
            continue
        if value.kind == "url" and not tsu.looks_like_address(value.target):
            continue
        if value.kind in ("url", "env", "config", "param"):
            found.append(ArgBinding(tsu.line_of(node), name, index, value.kind, value.target,
                                    value.suffix, value.default))
    return found
