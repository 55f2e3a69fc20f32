"""JS/TS parameters and argument bindings for the cross-file join (see `bindings.py`).

A name that is no file constant but a parameter of its enclosing function evaluates to
`Val("param", "<callable>#<i>")`; the callable is the function's name (or the variable an
arrow/function expression is assigned to), the class name for `constructor` parameters, else
the method name. TypeScript parameter properties (`constructor(private base: string)`) make
`this.base` such a parameter too. A call or `new` of a project callable with a known
argument (URL-ish literal, env, config, or an enclosing parameter) is an `ArgBinding`.
"""

from __future__ import annotations

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.javascript import values  # imports this module: no names
from analyzer.ingest.code.facts import ArgBinding

_FUNCTIONS = ("function_declaration", "function_expression", "function", "arrow_function",
              "method_definition", "generator_function_declaration")
_PARAMETER_WRAPPERS = ("required_parameter", "optional_parameter", "assignment_pattern")


def param_of(node) -> values.Val | None:
    """The param value of identifier `node` when it names a parameter of its function."""
    name = js.text(node)
    for current in tsu.ancestors(node):
        if current.type in _FUNCTIONS:
            names = _parameter_names(current)
            if name in names:
                return values.Val("param", f"{_callable(current)}#{names.index(name)}")
        if current.type in ("class_body", "program"):
            return None
    return None


def this_param(node) -> values.Val | None:
    """`this.base` where `base` is a TypeScript parameter property of the class constructor."""
    field = js.text(node.child_by_field_name("property"))
    if js.text(node.child_by_field_name("object")) != "this":
        return None
    body = next((a for a in tsu.ancestors(node) if a.type == "class_body"), None)
    for member in body.named_children if body is not None else ():
        if member.type == "method_definition" and js.text(member.child_by_field_name("name")) \
                == "constructor":
            params = _parameters(member)
            for index, param in enumerate(params):
                if _name(param) == field and any(c.type == "accessibility_modifier" or
                                                 js.text(c) == "readonly" for c in param.children):
                    return values.Val("param", f"{_callable(member)}#{index}")
    return None


def call_bindings(scope, node) -> list[ArgBinding]:
    """Bindings of the known arguments of a call or `new` expression."""
    if node.type == "new_expression":
        name = js.text(node.child_by_field_name("constructor")).split(".")[-1]
    else:
        fn = node.child_by_field_name("function")
        if fn is None or fn.type not in ("identifier", "member_expression"):
            return []
        name = js.text(fn if fn.type == "identifier" else fn.child_by_field_name("property"))
    if not name or not (name[0].isalpha() or name[0] in "_$"):
        return []
    found = []
    for index, arg in enumerate(js.args(node)):
        value = scope.eval(arg)
        if value is None or "{" in value.target:
            continue
        if value.kind == "url" and not values.SCHEME.match(value.target):
            continue
        if value.kind in ("url", "env", "config", "param"):
            found.append(ArgBinding(js.line(node), name, index, value.kind, value.target,
                                    value.suffix, value.default))
    return found


def _callable(function) -> str:
    if function.type == "method_definition":
        name = js.text(function.child_by_field_name("name"))
        if name == "constructor":
            holder = tsu.parent(function)
            owner = tsu.parent(holder) if holder is not None else None
            return js.text(owner.child_by_field_name("name")) if owner is not None else name
        return name
    named = function.child_by_field_name("name")
    if named is not None:
        return js.text(named)
    parent = tsu.parent(function)
    if parent is not None and parent.type == "variable_declarator":
        return js.text(parent.child_by_field_name("name"))
    if parent is not None and parent.type in ("pair", "assignment_expression"):
        key = parent.child_by_field_name("key") or parent.child_by_field_name("left")
        return js.text(key).split(".")[-1]
    return "<anonymous>"


def _parameters(function) -> list:
    params = function.child_by_field_name("parameters")
    if params is None:
        single = function.child_by_field_name("parameter")  # `url => fetch(url)`
        return [single] if single is not None else []
    return [p for p in params.named_children if p.type != "comment"]


def _parameter_names(function) -> list[str]:
    return [_name(p) for p in _parameters(function)]


def _name(param) -> str:
    while param is not None and param.type in _PARAMETER_WRAPPERS:
        param = param.child_by_field_name("pattern") or param.child_by_field_name("left")
    return js.text(param) if param is not None and param.type == "identifier" else ""
