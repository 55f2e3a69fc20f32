"""Reading Kotlin syntax: call receivers and arguments, annotations and their arguments.

The Kotlin grammar names few fields, so these walk typed children instead. One quirk: after
an import, class annotations may parse as an annotated expression (`@A @B("/x") class C`
reads as annotation A, annotation B, parenthesized "/x"); `marks` recovers them and stores
the detached arguments in `orphans`, which `annotation_args` then consults.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.treesitter.util import walk


def callee(scan: Any, call: Any) -> tuple[Any | None, str]:
    """(receiver node or None, function name) of a call expression."""
    function = call.named_children[0] if call.named_child_count else None
    if function is not None and function.type == "navigation_expression" \
            and function.named_child_count == 2:
        return function.named_children[0], scan.text(function.named_children[1])
    return None, scan.text(function)


def call_args(call: Any) -> list[Any]:
    """Argument expressions of a call (named arguments by their value)."""
    found = []
    for argument in children(first(call, "value_arguments"), "value_argument"):
        named = [c for c in argument.named_children if c.type != "comment"]
        if named:
            found.append(named[-1])
    return found


def annotation_name(scan: Any, annotation: Any) -> str:
    """Simple name of an annotation (`@org.x.FeignClient(...)` -> FeignClient)."""
    invocation = first(annotation, "constructor_invocation")
    user_type = first(invocation or annotation, "user_type")
    return scan.text(user_type).rsplit(".", 1)[-1]


def annotation_args(scan: Any, annotation: Any, orphans: dict[int, dict[str, list[Any]]]
                    ) -> dict[str, list[Any]]:
    """Argument name -> value nodes of an annotation; a bare argument is `value`."""
    if annotation.id in orphans:
        return orphans[annotation.id]
    found: dict[str, list[Any]] = {}
    invocation = first(annotation, "constructor_invocation")
    for argument in children(first(invocation, "value_arguments"), "value_argument"):
        named = [c for c in argument.named_children if c.type != "comment"]
        has_name = len(named) == 2 and named[0].type == "identifier" and any(
            c.type == "=" for c in argument.children)
        key = scan.text(named[0]) if has_name else "value"
        if named:
            found.setdefault(key, []).append(named[-1])
    return found


def marks(scan: Any, node: Any, orphans: dict[int, dict[str, list[Any]]]) -> dict[str, Any]:
    """Simple name -> annotation node for a class or function (see the module docstring)."""
    found: dict[str, Any] = {}
    for annotation in children(first(node, "modifiers"), "annotation"):
        found.setdefault(annotation_name(scan, annotation), annotation)
    previous = node.prev_named_sibling
    if not found and previous is not None and previous.type == "annotated_expression":
        for child in walk(previous):
            if child.type == "annotation":
                following = child.next_named_sibling
                if following is not None and following.type == "parenthesized_expression" \
                        and following.named_child_count:
                    orphans[child.id] = {"value": [following.named_children[0]]}
                found.setdefault(annotation_name(scan, child), child)
    return found


def first(node: Any, kind: str) -> Any | None:
    """First named child of type `kind` (None for None)."""
    if node is None:
        return None
    return next((c for c in node.named_children if c.type == kind), None)


def children(node: Any, kind: str) -> list[Any]:
    """Named children of type `kind` (empty for None)."""
    return [c for c in node.named_children if c.type == kind] if node is not None else []
