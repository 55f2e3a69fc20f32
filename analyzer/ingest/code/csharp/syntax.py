"""Tree-sitter node helpers for the C# extractor: text, callees, type and call arguments.

`Source` wraps the parsed bytes so every concern module reads nodes the same way; the
module-level helpers work on plain strings (dotted names, route paths, attribute names).
"""

from __future__ import annotations

import re

from analyzer.ingest.code.treesitter import util as tsu


class Source:
    """Reads nodes of one parsed C# file."""

    def __init__(self, src: bytes) -> None:
        self.src = src

    def t(self, node) -> str:
        """The source text of `node` ("" for None)."""
        return tsu.node_text(node, self.src) if node is not None else ""

    def string(self, node) -> str | None:
        """The value of a plain string literal node, else None."""
        return tsu.string_value(node, self.src)

    def callee(self, inv) -> str:
        """The simple name of the invoked method: `a.b.GetAsync<T>(...)` -> "GetAsync"."""
        fn = inv.child_by_field_name("function")
        if fn is None:
            return ""
        name = fn.child_by_field_name("name") if fn.type == "member_access_expression" else fn
        if name is not None and name.type == "generic_name":
            return self.t(name.named_children[0])
        return last(self.t(name))

    def type_args(self, inv) -> list[str]:
        """The generic type arguments of the invoked method (`AddGrpcClient<T>` -> ["T"])."""
        fn = inv.child_by_field_name("function")
        name = fn.child_by_field_name("name") if fn is not None and fn.type == "member_access_expression" else fn
        if name is None or name.type != "generic_name":
            return []
        targs = name.named_children[-1]
        return [self.t(c) for c in targs.named_children]

    def receiver(self, inv) -> str:
        """The text of the object a method is invoked on ("" for plain calls)."""
        fn = inv.child_by_field_name("function")
        if fn is None or fn.type != "member_access_expression":
            return ""
        return self.t(fn.child_by_field_name("expression"))

    def args(self, node) -> list[tuple[str, object]]:
        """(name or "", expression) for each argument of an invocation or creation."""
        args = node.child_by_field_name("arguments") or next(
            (c for c in node.children if c.type == "argument_list"), None)
        out = []
        for arg in args.named_children if args is not None else []:
            if arg.type != "argument" or not arg.named_children:
                continue
            label = arg.child_by_field_name("name")
            out.append((self.t(label) if label is not None else "", arg.named_children[-1]))
        return out


def arg(args: list, index: int, name: str):
    """The argument called `name`, else the `index`-th positional one, else None."""
    for label, node in args:
        if label == name:
            return node
    positional = [n for label, n in args if not label]
    return positional[index] if index < len(positional) else None


def last(text: str) -> str:
    """The last segment of a dotted (or `?.`) name."""
    return re.split(r"[.?]", text.strip())[-1] if text else ""


def strip(name: str, suffix: str) -> str:
    """`name` without `suffix` (unless that would leave nothing)."""
    return name[: -len(suffix)] if name.endswith(suffix) and name != suffix else name


def join(prefix: str, path: str) -> str:
    """URL path join: `join("/api/", "/x")` -> "/api/x"; empty parts are skipped."""
    parts = [p.strip("/") for p in (prefix, path) if p and p.strip("/")]
    return "/" + "/".join(parts)


def sort_key(item) -> tuple:
    """Stable order for facts: numbers compare as numbers, everything else as text."""
    return tuple((0, v) if isinstance(v, int) else (1, str(v)) for v in vars(item).values())
