"""Reading Java syntax: annotations and their elements, a declaration's annotated methods,
call chains and receivers.

These only read syntax (through the scan's `text`, `eval` and `type_of`), so the scan, the
routes, the clients and the messaging share them without depending on each other.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.treesitter.scan import named_children


def annotation_name(scan: Any, annotation: Any) -> str:
    """Simple name of an annotation (`@org.x.FeignClient` -> FeignClient)."""
    return scan.text(annotation.child_by_field_name("name")).rsplit(".", 1)[-1]


def annotation_args(scan: Any, annotation: Any) -> dict[str, list[Any]]:
    """Element name -> value nodes (array elements flattened); a bare value is `value`."""
    found: dict[str, list[Any]] = {}
    arglist = annotation.child_by_field_name("arguments")
    for child in arglist.named_children if arglist is not None else ():
        if child.type == "comment":
            continue
        if child.type == "element_value_pair":
            key = scan.text(child.child_by_field_name("key"))
            value = child.child_by_field_name("value")
        else:
            key, value = "value", child
        if value is None:
            continue
        if value.type == "element_value_array_initializer":
            found.setdefault(key, []).extend(named_children(value))
        else:
            found.setdefault(key, []).append(value)
    return found


def annotations_of(scan: Any, node: Any) -> dict[str, Any]:
    """Simple name -> first annotation node, from the modifiers of a declaration."""
    modifiers = next((c for c in node.children if c.type == "modifiers"), None)
    found: dict[str, Any] = {}
    for child in modifiers.named_children if modifiers is not None else ():
        if child.type in ("annotation", "marker_annotation"):
            found.setdefault(annotation_name(scan, child), child)
    return found


def methods_of(scan: Any, declaration: Any) -> list[tuple[Any, dict[str, Any]]]:
    """(method declaration, its annotations) for each method of a class or interface."""
    body = declaration.child_by_field_name("body")
    return [(m, annotations_of(scan, m)) for m in (body.named_children if body else ())
            if m.type == "method_declaration"]


def mapping_paths(scan: Any, annotation: Any) -> list[str]:
    """Literal `value`/`path` elements of a mapping annotation (`@GetMapping("/x")`)."""
    if annotation is None or annotation.type != "annotation":
        return []
    args = annotation_args(scan, annotation)
    values = [scan.eval(v) for v in args.get("value", []) + args.get("path", [])]
    return [v.text for v in values if v is not None and v.kind == "lit"]


def looks_like(owner: str, rtype: str, *needles: str) -> bool:
    """Whether a receiver, by its declared type or its name, looks like the named client."""
    haystack = f"{rtype} {owner}".lower()
    return any(needle in haystack for needle in needles)


def chain_has(scan: Any, node: Any, needle: str) -> bool:
    """Whether the root of a call chain (`new X.Builder().a().b()`) mentions `needle`."""
    while node is not None and node.type == "method_invocation":
        node = node.child_by_field_name("object")
    if node is None:
        return False
    if node.type == "object_creation_expression":
        return needle in scan.text(node.child_by_field_name("type"))
    return needle.lower() in (scan.type_of(node) + scan.text(node)).lower()
