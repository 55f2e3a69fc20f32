"""Static values of Python expressions: literals, env/config lookups, and their concatenations.

The Python extractor asks "what does this expression name?" for URL, host and topic
arguments. The answer is a `Value`: a literal (kind "url"), an environment variable (kind
"env") or a config key (kind "config") with the literal tail that follows it, or None when
the expression is not statically known. Local constants come from the caller's `consts`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from analyzer.ingest.code import limits

UNKNOWN = "{}"
_ENV_GETTERS = frozenset({
    "os.getenv", "os.environ.get", "os.environ.setdefault", "decouple.config", "environ.Env",
    "env", "env.str", "env.url", "getenv", "os.environ.__getitem__",
})
_CONFIG_NAMES = frozenset({"settings", "config", "conf", "cfg", "CONFIG", "SETTINGS",
                           "app_settings", "django.conf.settings"})


@dataclass(frozen=True)
class Value:
    kind: str            # url (a literal) | env | config | param (`python_params`)
    text: str            # the literal, or the variable / key name
    suffix: str = ""     # literal tail after an env/config lookup
    default: str = ""    # literal fallback of the lookup

    def render(self) -> str:
        if self.kind == "url":
            return self.text
        return f"{self.text} + {self.suffix}" if self.suffix else self.text

    def plus(self, tail: str) -> Value:
        if self.kind == "url":
            return Value("url", self.text + tail)
        return Value(self.kind, self.text, self.suffix + tail, self.default)


class Evaluator:
    """Evaluate expressions against import aliases and propagated local constants."""

    def __init__(self, imports: dict[str, str], consts: dict[str, Value],
                 config_objects: set[str]) -> None:
        self.imports = imports
        self.consts = consts
        self.config_objects = config_objects

    def qualname(self, node: ast.AST) -> str | None:
        """Dotted name of a Name/Attribute chain with the first part mapped through imports."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        parts.append(self.imports.get(node.id, node.id))
        return ".".join(reversed(parts))

    @limits.bounded()
    def value(self, node: ast.AST | None) -> Value | None:
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return Value("url", node.value)
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return Value("url", str(node.value))
            return None
        if isinstance(node, ast.Name):
            return self.consts.get(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.JoinedStr):
            return self._concat([
                p.value if isinstance(p, ast.FormattedValue) else p for p in node.values])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._concat(_flatten_add(node))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return self._percent(node)
        if isinstance(node, ast.Await):
            return self.value(node.value)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            first = self.value(node.values[0])
            if first is not None and first.kind != "url" and len(node.values) > 1:
                fallback = self.value(node.values[1])
                if fallback is not None and fallback.kind == "url" and not first.default:
                    return Value(first.kind, first.text, first.suffix, fallback.text)
            return first
        return None

    def key(self, node: ast.AST) -> str | None:
        """The constant key an assignment target binds: `x`, `self.x`, `Cls.x`."""
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return f"{node.value.id}.{node.attr}"
        return None

    # -- private -----------------------------------------------------------------------

    def _attribute(self, node: ast.Attribute) -> Value | None:
        if isinstance(node.value, ast.Name):
            base = node.value.id
            found = self.consts.get(f"{base}.{node.attr}")
            if found is None and base in ("self", "cls"):
                found = self.consts.get(node.attr)
            if found is not None:
                return found
            qual = self.imports.get(base, base)
            if qual in _CONFIG_NAMES or base in self.config_objects or qual in self.config_objects:
                return Value("config", node.attr)
        return None

    def _subscript(self, node: ast.Subscript) -> Value | None:
        qual = self.qualname(node.value)
        name = self.value(node.slice)
        if qual is None or name is None or name.kind != "url":
            return None
        if qual in ("os.environ", "environ"):
            return Value("env", name.text)
        last = qual.rsplit(".", 1)[-1]
        if last in ("config", "settings", "CONFIG", "SETTINGS", "conf", "cfg"):
            return Value("config", name.text)
        return None

    def _call(self, node: ast.Call) -> Value | None:
        func = self.qualname(node.func)
        if func in _ENV_GETTERS and node.args:
            name = self.value(node.args[0])
            if name is None or name.kind != "url":
                return None
            default_node = node.args[1] if len(node.args) > 1 else _kw(node, "default")
            default = self.value(default_node)
            return Value("env", name.text, "",
                         default.text if default is not None and default.kind == "url" else "")
        if isinstance(node.func, ast.Attribute) and node.args:
            method, receiver = node.func.attr, node.func.value
            if method == "get" and self.qualname(receiver) in _CONFIG_NAMES | {"app.config"}:
                name = self.value(node.args[0])
                if name is not None and name.kind == "url":
                    return Value("config", name.text)
            if method == "format" and isinstance(receiver, ast.Constant):
                return self._format(receiver.value, node.args)
        if func in ("str", "urllib.parse.urljoin", "urljoin", "posixpath.join") and node.args:
            return self._concat(list(node.args)) if func != "str" else self.value(node.args[0])
        return None

    def _concat(self, parts: list[ast.AST]) -> Value | None:
        result: Value | None = None
        leading = ""
        for part in parts:
            value = self.value(part)
            if result is None:
                if value is None or (value.kind == "param" and leading):
                    leading += UNKNOWN
                elif value.kind == "url":
                    leading += value.text
                else:
                    result = value
                continue
            result = result.plus(value.text if value is not None and value.kind == "url"
                                 else UNKNOWN)
        if result is not None:
            return None if limits.too_long(result.text, result.suffix) else result
        if limits.too_long(leading):
            return None
        return Value("url", leading) if leading.replace(UNKNOWN, "") else None

    def _percent(self, node: ast.BinOp) -> Value | None:
        template = self.value(node.left)
        if template is None or template.kind != "url":
            return None
        args = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return self._format(template.text.replace("%s", "{}").replace("%d", "{}"), args)

    def _format(self, template: object, args: list[ast.AST]) -> Value | None:
        if not isinstance(template, str):
            return None
        pieces = template.replace("{0}", "{}").replace("{1}", "{}").split("{}")
        parts: list[ast.AST] = []
        for i, piece in enumerate(pieces):
            parts.append(ast.Constant(piece))
            if i < len(pieces) - 1:
                parts.append(args[i] if i < len(args) else ast.Constant(UNKNOWN))
        return self._concat(parts)


def _flatten_add(node: ast.AST) -> list[ast.AST]:
    """The operands of a `+` chain, left to right (without recursion: chains can be long)."""
    out: list[ast.AST] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            stack.extend((item.right, item.left))
        else:
            out.append(item)
    return out


def _kw(node: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in node.keywords if k.arg == name), None)
