"""Read YAML safely: safe loader only, line numbers kept, bad documents become diagnostics.

Documents are composed with the (C) safe loader and then built into plain dicts and lists
that remember the line of every key and item (`LineDict`, `LineList`), because evidence
points at lines. Aliases are sized before anything is built, so a "billion laughs" document
is rejected in linear time. A parse error in one document does not lose the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml import nodes

from analyzer.model import Diagnostic, Severity

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_ALIAS_EXPANSION = 100_000  # nodes that aliases may add on top of the written ones
_MERGE_TAG = "tag:yaml.org,2002:merge"
_DOC_START = re.compile(r"^---(\s|$)")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class LineDict(dict):
    """A dict that remembers the 1-based line of each key and of each value."""

    __slots__ = ("line", "key_lines", "value_lines")

    def __init__(self, line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.value_lines: dict[Any, int] = {}


class LineList(list):
    """A list that remembers the 1-based line of each item."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []


@dataclass(frozen=True)
class YamlDocument:
    """One document of a YAML file and the line it starts on."""

    data: Any
    line: int


def load_yaml(text: str, label: str) -> tuple[list[YamlDocument], list[Diagnostic]]:
    """Every readable document of `text` plus a diagnostic for each one that is not."""
    try:
        return _load_all(text, 0, label)
    except yaml.YAMLError:
        pass
    documents: list[YamlDocument] = []
    diagnostics: list[Diagnostic] = []
    for offset, chunk in _split_documents(text):
        try:
            docs, diags = _load_all(chunk, offset, label)
        except yaml.YAMLError as err:
            diagnostics.append(_parse_diagnostic(err, offset, label))
            continue
        documents.extend(docs)
        diagnostics.extend(diags)
    return documents, diagnostics


def line_of(container: Any, key: Any, default: int | None = None) -> int | None:
    """The line of `key` in a LineDict (or index in a LineList), else `default`."""
    if isinstance(container, LineDict):
        return container.value_lines.get(key, container.key_lines.get(key, default))
    if isinstance(container, LineList) and isinstance(key, int) and 0 <= key < len(container.lines):
        return container.lines[key]
    return default


class _AliasBomb(Exception):
    pass


def _load_all(text: str, offset: int, label: str) -> tuple[list[YamlDocument], list[Diagnostic]]:
    documents: list[YamlDocument] = []
    diagnostics: list[Diagnostic] = []
    for root in yaml.compose_all(text, Loader=_Loader):
        if root is None:
            continue
        line = offset + root.start_mark.line + 1
        try:
            _check_aliases(root)
            documents.append(YamlDocument(_build(root, offset), line))
        except _AliasBomb as err:
            diagnostics.append(Diagnostic(
                severity=Severity.ERROR, code="yaml-alias-bomb", file=label, line=line,
                message=f"document rejected: {err}"))
        except RecursionError:
            diagnostics.append(Diagnostic(
                severity=Severity.WARNING, code="yaml-too-deep", file=label, line=line,
                message="document rejected: nested too deeply to read"))
    return documents, diagnostics


def _split_documents(text: str) -> list[tuple[int, str]]:
    lines = text.splitlines(keepends=True)
    starts = [0] + [i for i, ln in enumerate(lines) if i and _DOC_START.match(ln)]
    bounds = zip(starts, starts[1:] + [len(lines)])
    return [(a, "".join(lines[a:b])) for a, b in bounds]


def _parse_diagnostic(err: yaml.YAMLError, offset: int, label: str) -> Diagnostic:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = offset + mark.line + 1 if mark is not None else None
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    message = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    return Diagnostic(severity=Severity.ERROR, code="yaml-parse-error", file=label, line=line,
                      message=message)


def _check_aliases(root: nodes.Node) -> None:
    """Reject a document whose aliases expand too far, or refer to themselves."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: nodes.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _AliasBomb("an alias refers to a node that contains it")
        active.add(key)
        if isinstance(node, nodes.SequenceNode):
            total = 1 + sum(size(child) for child in node.value)
        elif isinstance(node, nodes.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        else:
            total = 1
        active.discard(key)
        sizes[key] = total
        return total

    expanded = size(root)
    if expanded - len(sizes) > MAX_ALIAS_EXPANSION:
        raise _AliasBomb(f"aliases expand {len(sizes)} nodes to {expanded} "
                         f"(limit {MAX_ALIAS_EXPANSION} extra); possible billion-laughs attack")


def _build(node: nodes.Node, offset: int) -> Any:
    line = offset + node.start_mark.line + 1
    if isinstance(node, nodes.SequenceNode):
        out = LineList(line)
        for child in node.value:
            out.append(_build(child, offset))
            out.lines.append(offset + child.start_mark.line + 1)
        return out
    if isinstance(node, nodes.MappingNode):
        return _build_mapping(node, offset, line)
    return _scalar(node)


def _build_mapping(node: nodes.MappingNode, offset: int, line: int) -> LineDict:
    out = LineDict(line)
    merges: list[LineDict] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            merged = _build(value_node, offset)
            merges.extend(m for m in (merged if isinstance(merged, list) else [merged])
                          if isinstance(m, LineDict))
            continue
        if not isinstance(key_node, nodes.ScalarNode):
            continue
        key = _scalar(key_node)
        try:
            hash(key)
        except TypeError:
            key = key_node.value
        out[key] = _build(value_node, offset)
        out.key_lines[key] = offset + key_node.start_mark.line + 1
        out.value_lines[key] = offset + value_node.start_mark.line + 1
    for base in merges:
        for key, value in base.items():
            if key not in out:
                out[key] = value
                out.key_lines[key] = base.key_lines.get(key, line)
                out.value_lines[key] = base.value_lines.get(key, line)
    return out


def _scalar(node: nodes.Node) -> Any:
    constructor = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if constructor is None or node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return constructor(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError, TypeError):
        return node.value
