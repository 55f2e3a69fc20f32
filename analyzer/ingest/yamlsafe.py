"""Read YAML safely: safe loader only, line numbers kept, bad documents become diagnostics.

Documents are read from the (C) safe parser's events and built into plain dicts and lists
that remember the line of every key and item (`LineDict`, `LineList`), because evidence
points at lines. The build keeps its own stack (deep nesting cannot crash it) and counts the
nodes aliases add, so a "billion laughs" document is rejected in linear time. A parse error
in one document does not lose the others.
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
MAX_DEPTH = 256  # nesting levels; real manifests stay far below
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BRACKETS = re.compile(r"[\[\]{}]")
_DOC_START = re.compile(r"^---(\s|$)")
_LIBYAML_DEPTH = "exceeded maximum nesting depth"  # libyaml >= 0.2.5's own nesting limit
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()


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
    if _flow_depth(text) > MAX_DEPTH:  # libyaml's time grows with the square of flow depth
        return [], [Diagnostic(severity=Severity.WARNING, code="yaml-too-deep", file=label,
                               message=f"skipped: brackets nested more than {MAX_DEPTH} deep")]
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


_UNSET = object()


class _Frame:
    """An open sequence or mapping while events are read."""

    __slots__ = ("value", "anchor", "key", "key_line", "merges", "size")

    def __init__(self, value: LineDict | LineList, anchor: str | None) -> None:
        self.value, self.anchor = value, anchor
        self.key: Any = _UNSET
        self.key_line = 0
        self.merges: list[LineDict] = []
        self.size = 1


class _Rejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _load_all(text: str, offset: int, label: str) -> tuple[list[YamlDocument], list[Diagnostic]]:
    """Build documents from parser events with an explicit stack (no recursion, so no
    nesting depth can overflow a stack) and count what aliases add as they are met."""
    documents: list[YamlDocument] = []
    diagnostics: list[Diagnostic] = []
    builder: _Builder | None = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            builder = _Builder(offset)
        elif isinstance(event, yaml.DocumentEndEvent) and builder is not None:
            if builder.rejected is not None:
                diagnostics.append(Diagnostic(
                    severity=Severity.ERROR if builder.rejected.code == "yaml-alias-bomb"
                    else Severity.WARNING, code=builder.rejected.code, file=label,
                    line=builder.line, message=f"document rejected: {builder.rejected}"))
            elif builder.root is not _UNSET and builder.root is not None:
                documents.append(YamlDocument(builder.root, builder.line or offset + 1))
            builder = None
        elif builder is not None and builder.rejected is None:
            try:
                builder.feed(event)
            except _Rejected as err:
                builder.rejected = err
    return documents, diagnostics


class _Builder:
    """Turns the events of one document into LineDict / LineList / scalars."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.root: Any = _UNSET
        self.line: int | None = None
        self.expanded = 0
        self.rejected: _Rejected | None = None

    def feed(self, event: yaml.Event) -> None:
        line = self.offset + event.start_mark.line + 1
        if self.line is None:
            self.line = line
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else \
                _RESOLVER.resolve(nodes.ScalarNode, event.value, event.implicit)
            value = _scalar(nodes.ScalarNode(tag, event.value))
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            self._add(value, line, 1, merge=tag == _MERGE_TAG)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise _Rejected("yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep")
            container = LineList(line) if isinstance(event, yaml.SequenceStartEvent) \
                else LineDict(line)
            self.stack.append(_Frame(container, event.anchor))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = self.stack.pop()
            value = frame.value
            if isinstance(value, LineDict):
                _apply_merges(value, frame.merges)
            if frame.anchor:
                self.anchors[frame.anchor] = (value, frame.size)
            self._add(value, value.line, frame.size)
        elif isinstance(event, yaml.AliasEvent):
            if any(f.anchor == event.anchor for f in self.stack):
                raise _Rejected("yaml-alias-bomb", "an alias refers to a node that contains it")
            if event.anchor not in self.anchors:
                raise _Rejected("yaml-parse-error", f"undefined alias *{event.anchor}")
            value, size = self.anchors[event.anchor]
            self.expanded += size
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise _Rejected("yaml-alias-bomb",
                                f"aliases expand to more than {MAX_ALIAS_EXPANSION} extra nodes; "
                                f"possible billion-laughs attack")
            self._add(value, line, size)

    def _add(self, value: Any, line: int | None, size: int, merge: bool = False) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        target = frame.value
        if isinstance(target, LineList):
            target.append(value)
            target.lines.append(line)
        elif frame.key is _UNSET:
            frame.key = _MERGE_KEY if merge else value
            frame.key_line = line
        else:
            key, frame.key = frame.key, _UNSET
            if key is _MERGE_KEY:
                frame.merges.extend(v for v in (value if isinstance(value, list) else [value])
                                    if isinstance(v, LineDict))
                return
            try:
                hash(key)
            except TypeError:
                return  # a complex key: not something a manifest uses
            target[key] = value
            target.key_lines[key] = frame.key_line
            target.value_lines[key] = line


_MERGE_KEY = object()


def _apply_merges(out: LineDict, merges: list[LineDict]) -> None:
    for base in merges:
        for key, value in base.items():
            if key not in out:
                out[key] = value
                out.key_lines[key] = base.key_lines.get(key, out.line)
                out.value_lines[key] = base.value_lines.get(key, out.line)


def _flow_depth(text: str) -> int:
    """The deepest run of unclosed [ and { (an upper bound of the flow nesting)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
    return deepest


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
    if _LIBYAML_DEPTH in f"{problem} {context}":
        return Diagnostic(severity=Severity.WARNING, code="yaml-too-deep", file=label, line=line,
                          message="document rejected: nested deeper than the YAML parser's "
                                  "limit (libyaml stops at 1000 levels)")
    message = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    return Diagnostic(severity=Severity.ERROR, code="yaml-parse-error", file=label, line=line,
                      message=message)


_PLAIN_TYPES = (bool, int, float, type(None))


def _scalar(node: nodes.Node) -> Any:
    """A scalar as null, bool, int, float or its text: `!!binary`, timestamps and unknown
    tags stay the text that was written, so every fact serialises as JSON."""
    constructor = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if constructor is None or node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        value = constructor(_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError, TypeError):
        return node.value
    return value if isinstance(value, _PLAIN_TYPES) else node.value
