"""Tree-sitter node helpers for the JS/TS extractor: text, lines, arguments, literals, objects.

Kept apart from the extractor's logic so every concern module reads nodes the same way.
All helpers accept None where a field may be absent and then return an empty answer.
"""

from __future__ import annotations


def text(node) -> str:
    """The source text of `node` ("" for None)."""
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


def line(node) -> int:
    """1-based line where `node` starts."""
    return node.start_point[0] + 1


def args(call) -> list:
    """The argument nodes of a call or `new` expression, comments left out."""
    arguments = call.child_by_field_name("arguments")
    return [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []


def obj(node) -> dict:
    """`{key: value, short}` -> {"key": value-node, "short": identifier-node}; {} for non-objects."""
    out = {}
    if node is None or node.type != "object":
        return out
    for child in node.named_children:
        if child.type == "pair":
            out[text(child.child_by_field_name("key")).strip("'\"")] = child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier":
            out[text(child)] = child
    return out


def string(node) -> str | None:
    """The value of a string literal (or substitution-free template), else None."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    if any(c.type == "template_substitution" for c in node.named_children):
        return None
    return "".join(text(c) for c in node.named_children)


def unwrap(node):
    """`node` without parentheses, `await`, `as T`, `!` and `satisfies T` around it."""
    while node is not None and node.type in ("parenthesized_expression", "await_expression", "as_expression",
                                             "non_null_expression", "satisfies_expression"):
        node = node.named_children[0] if node.named_children else None
    return node


def descendants(node, types: set[str]):
    """Every node below and including `node` whose type is in `types`."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in types:
            yield current
        stack.extend(current.children)


def join(prefix: str, path: str) -> str:
    """URL path join: `join("/api/", "/x")` -> "/api/x"; empty parts are skipped."""
    parts = [p.strip("/") for p in (prefix, path) if p and p.strip("/")]
    return "/" + "/".join(parts)


def sort_key(item) -> tuple:
    """Stable order for facts: numbers compare as numbers, everything else as text."""
    return tuple((0, v) if isinstance(v, int) else (1, str(v)) for v in vars(item).values())
