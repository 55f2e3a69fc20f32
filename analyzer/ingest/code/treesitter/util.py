"""Small shared helpers for tree-sitter based extractors: parsing, walking, string literals.

Grammars come from the per-language wheels (`tree-sitter-go`, `tree-sitter-java`, ...) because
they ship compiled parsers; `tree_sitter_language_pack` is a fallback only, since recent
versions download grammars at run time, which an offline machine cannot do.
Language names follow the language pack: python, go, java, kotlin, javascript, typescript,
tsx, c_sharp. The symbolic string values (`Value`, `concat`, `make_call`, ...) live in
`symbolic` and are re-exported here, where the extractors have always imported them from.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from typing import Any

from analyzer.ingest.code import limits
from analyzer.ingest.code.facts import ParseProblem
# re-exported: the symbolic values used to live here and extractors import them from here
from analyzer.ingest.code.treesitter.symbolic import (  # noqa: F401
    UNKNOWN, Value, clip, concat, has_host, looks_like_address, make_call, make_topics,
    mask_secrets, printf_concat, sorted_unique,
)

# language -> (module, factory function) of the per-language grammar wheel
_GRAMMARS: dict[str, tuple[str, str]] = {
    "python": ("tree_sitter_python", "language"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "c_sharp": ("tree_sitter_c_sharp", "language"),
}

_STRING_TYPES = frozenset({
    "interpreted_string_literal", "raw_string_literal", "string_literal", "string",
    "template_string", "verbatim_string_literal", "multiline_string_literal", "text_block",
    "interpolated_string_expression", "line_string_literal",
})
_INTERPOLATION_TYPES = frozenset({
    "interpolation", "template_substitution", "line_string_expression",
    "multi_line_string_expression", "interpolated_identifier", "interpolated_expression",
})
_DELIMITER_TYPES = frozenset({
    "string_start", "string_end", "interpolation_start", "raw_string_start", "raw_string_end",
    "interpolation_quote", "string_literal_encoding",
})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'",
            "/": "/", "`": "`", "$": "$", "b": "\b", "f": "\f", "v": "\v", "a": "\a"}

_local = threading.local()


def parse(lang: str, text: str) -> tuple[Any | None, list[ParseProblem]]:
    """Parse `text` as `lang`; return (tree or None, problems).

    A tree with ERROR/MISSING nodes is still returned (extract what you can) together with
    one problem naming the first error line. None comes back only when no grammar loads.
    """
    parser = _parser(lang)
    if parser is None:
        return None, [ParseProblem(None, f"no tree-sitter grammar available for {lang}")]
    try:
        tree = parser.parse(text.encode("utf-8", "surrogatepass"))
    except (ValueError, RuntimeError, UnicodeError) as exc:
        return None, [ParseProblem(None, f"tree-sitter failed to parse: {exc}")]
    if tree is None:
        return None, [ParseProblem(None, "tree-sitter returned no tree")]
    _local.root, _local.parents = tree.root_node, None
    if tree.root_node.has_error:
        line = first_error_line(tree.root_node)
        return tree, [ParseProblem(line, f"syntax error near line {line}; extraction is partial")]
    return tree, []


def source_bytes(text: str) -> bytes:
    """The byte string that `parse` fed to tree-sitter (node offsets index into it)."""
    return text.encode("utf-8", "surrogatepass")


def node_text(node: Any, src: bytes) -> str:
    """The source text covered by `node`."""
    return src[node.start_byte:node.end_byte].decode("utf-8", "replace")


def line_of(node: Any) -> int:
    """1-based line where `node` starts."""
    return node.start_point[0] + 1


def walk(node: Any) -> Iterator[Any]:
    """Every node below and including `node`, in pre-order (source order)."""
    cursor = node.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def parent(node: Any) -> Any | None:
    """The parent of `node`, from an index of the last parsed tree built on first use.

    py-tree-sitter's `Node.parent` descends again from the root (O(depth) per call), so
    walking up from deep nodes would cost the square of the depth, per node.
    """
    index = getattr(_local, "parents", None)
    if index is None:
        root = getattr(_local, "root", None)
        if root is None:
            return node.parent
        index = _local.parents = _parent_index(root)
    found = index.get(node.id, _NOT_INDEXED)
    if found is _NOT_INDEXED or (found is not None and not (
            found.start_byte <= node.start_byte and node.end_byte <= found.end_byte)):
        return node.parent  # a node of another tree
    return found


def ancestors(node: Any) -> Iterator[Any]:
    """The parents of `node`, innermost first, at most `limits.MAX_ANCESTORS` of them."""
    current = parent(node)
    for _ in range(limits.MAX_ANCESTORS):
        if current is None:
            return
        yield current
        current = parent(current)
    if current is not None:
        limits.note("ancestors")


_NOT_INDEXED = object()


def _parent_index(root: Any) -> dict[int, Any]:
    index: dict[int, Any] = {root.id: None}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            index[child.id] = node
            stack.append(child)
    return index


def string_value(node: Any, src: bytes) -> str | None:
    """The decoded value of a plain string literal node, or None.

    None when `node` is not a string literal or when it interpolates expressions
    (template strings, f-strings, `$"..."`), since its value is then not a constant.
    """
    if node is None or node.type not in _STRING_TYPES:
        return None
    parts: list[str] = []
    named = 0
    for child in node.children:
        if not child.is_named or child.type in _DELIMITER_TYPES:
            continue
        named += 1
        if child.type in _INTERPOLATION_TYPES:
            return None
        if child.type == "escape_sequence":
            parts.append(_unescape(node_text(child, src)))
        else:
            parts.append(node_text(child, src))
    if named == 0:
        return _strip_delimiters(node_text(node, src))
    return "".join(parts)


def first_error_line(root: Any) -> int:
    """1-based line of the first ERROR or MISSING node (descends only into erroneous subtrees)."""
    node = root
    while True:
        nxt = None
        for child in node.children:
            if child.type == "ERROR" or child.is_missing:
                return line_of(child)
            if child.has_error:
                nxt = child
                break
        if nxt is None:
            return line_of(node)
        node = nxt


def _parser(lang: str) -> Any | None:
    cache = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    if lang not in cache:
        cache[lang] = _load_parser(lang)
    return cache[lang]


def _load_parser(lang: str) -> Any | None:
    try:
        import tree_sitter
    except ImportError:
        return None
    spec = _GRAMMARS.get(lang)
    if spec is not None:
        try:
            module = importlib.import_module(spec[0])
            return tree_sitter.Parser(tree_sitter.Language(getattr(module, spec[1])()))
        except (ImportError, AttributeError, ValueError, TypeError):
            pass
    try:
        from tree_sitter_language_pack import get_parser
        return get_parser(lang)
    except Exception:  # noqa: BLE001 - the pack raises its own download/lookup errors
        return None


def _unescape(seq: str) -> str:
    body = seq[1:] if seq.startswith("\\") else seq
    if body[:1] in ("u", "x", "U") and len(body) > 1:
        try:
            return chr(int(body[1:].strip("{}"), 16))
        except ValueError:
            return body
    return _ESCAPES.get(body, body)


def _strip_delimiters(raw: str) -> str:
    verbatim = raw.startswith("@") or raw.startswith("$@") or raw.startswith("@$")
    body = raw.lstrip("@$")
    for quote in ('"""', '"', "'", "`"):
        if len(body) >= 2 * len(quote) and body.startswith(quote) and body.endswith(quote):
            body = body[len(quote):-len(quote)]
            break
    return body.replace('""', '"') if verbatim else body
