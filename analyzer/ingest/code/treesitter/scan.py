"""The skeleton the Go, Java and Kotlin extractors share: a run, a scan and a fact sink.

`run_extractor` is every extractor's parse -> collect -> interpret sequence with its error
handling. `SourceScan` holds one parsed file's bytes and imports and evaluates string expressions
symbolically, memoized per node; each language subclasses it with its own `_eval` and
`callers`. `FactSink` gathers the four kinds of facts and turns destination values into
calls. A value naming a helper's parameter (`Value("param", "fetch:0")`) is reported once
per same-file caller, at the caller, with the caller's argument: the literal URL is written
there, not inside the helper. A helper with no caller in the file is reported as a `param`
call (`fetch#0`), and a call of a callable defined elsewhere with a known argument as an
`ArgBinding`; the framework joins the two across files (`bindings.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from analyzer.ingest.code import limits
from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall, ParseProblem, Route, \
    RpcServer, TopicUse
from analyzer.ingest.code.treesitter.symbolic import Value, clip, concat, make_call, make_topics, \
    sorted_unique
from analyzer.ingest.code.treesitter.util import ancestors, node_text, parse, source_bytes

FILE_SPAN = (0, 1 << 62)
_MAX_CALLER_DEPTH = 3


def run_extractor(language: str, text: str, scan_type: Callable[[bytes], Scan],
                  interpret: Callable[[Scan, list[ParseProblem]], FileFacts]) -> FileFacts:
    """Parse `text`, collect it with a fresh `scan_type` scan and `interpret` the scan.

    A file with syntax errors is still interpreted (its facts are partial, its problems
    say so); an extractor bug becomes a problem of the file, never an exception.
    """
    tree, problems = parse(language, text)
    if tree is None:
        return FileFacts(language=language, problems=problems)
    scan = scan_type(source_bytes(text))
    try:
        scan.collect(tree.root_node)
        return interpret(scan, problems)
    except RecursionError:
        return FileFacts(language=language, problems=problems + [ParseProblem(
            None, "skipped: nested too deeply for the extractor (Python's recursion limit)",
            "code-too-deep")])
    except (ValueError, IndexError, AttributeError, TypeError) as exc:
        return FileFacts(language=language, problems=problems + [
            ParseProblem(None, f"{language} extractor internal error: {exc!r}")])


class SourceScan:
    """One file's source and imports plus memoized symbolic evaluation."""

    def __init__(self, src: bytes) -> None:
        self.src = src
        self.imports: list[str] = []
        self._memo: dict[int, Value | None] = {}
        self._active: set[int] = set()

    def text(self, node: Any) -> str:
        """Source text of `node` ('' for None)."""
        return node_text(node, self.src) if node is not None else ""

    def imported(self, *needles: str) -> bool:
        """Whether any import mentions any of `needles`."""
        return any(needle in line for line in self.imports for needle in needles)

    @limits.bounded()
    def eval(self, node: Any, depth: int = 0) -> Value | None:
        """Symbolic value of a string expression, or None when unknown (memoized per node;
        a node met again while being evaluated, as in `u = u + "/x"`, is unknown; past the
        per-file step and depth budgets of `limits`, unknown too)."""
        if node is None or isinstance(node, Value):
            return node
        key = node.id
        if key in self._memo:
            return self._memo[key]
        if key in self._active:
            return None
        self._active.add(key)
        try:
            result = self._eval(node, depth)
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def collect(self, root: Any) -> None:
        """Gather bindings and candidate nodes in one walk from `root`."""
        raise NotImplementedError

    def callers(self, function: str) -> list[tuple[int, list[Any]]]:
        """(line, argument nodes) of each same-file call of `function`, in source order."""
        return []

    def _eval(self, node: Any, depth: int) -> Value | None:
        raise NotImplementedError


Scan = TypeVar("Scan", bound=SourceScan)


class FactSink:
    """The calls, routes, RPC servers and topics found in one file."""

    def __init__(self, scan: SourceScan, language: str) -> None:
        self.scan = scan
        self.language = language
        self.calls: list[OutboundCall] = []
        self.routes: list[Route] = []
        self.servers: list[RpcServer] = []
        self.topics: list[TopicUse] = []
        self.bindings: list[ArgBinding] = []

    def emit(self, line: int, protocol: str, value: Value | None, label: str,
             strict: bool = False, depth: int = 0) -> None:
        """Record the call to `value` when it names a destination (see `make_call`); a
        parameter is followed to its same-file callers, or kept as a `param` call."""
        if value is not None and value.kind == "param":
            found = self._at_callers(value, depth)
            if found is None:
                if not strict:
                    function, _, index = value.text.rpartition(":")
                    self.calls.append(OutboundCall(
                        line, protocol, "param", f"{function}#{index}",
                        clip(f"{label} {function}#{index}"), value.suffix))
                return
            function = value.text.rpartition(":")[0]
            for at, actual in found:
                self.emit(at, protocol, actual, f"{label} via {function}", strict, depth + 1)
            return
        call = make_call(line, protocol, value, label, strict)
        if call is not None:
            self.calls.append(call)

    def bind(self, line: int, function: str, index: int, value: Value | None,
             depth: int = 0) -> None:
        """Record that a call of `function` (defined in another file) passes `value` as
        argument `index`, when the value can name a destination."""
        if value is None:
            return
        if value.kind == "param":
            found = self._at_callers(value, depth)
            if found is None:
                name, _, position = value.text.rpartition(":")
                self.bindings.append(ArgBinding(line, function, index, "param",
                                                f"{name}#{position}", value.suffix))
            for _at, actual in found or ():
                self.bind(line, function, index, actual, depth + 1)
            return
        if value.kind == "lit" and make_call(line, "grpc", value, "") is None:
            return
        if value.kind in ("lit", "env", "config", "discovery"):
            kind, text = ("url", value.text.strip()) if value.kind == "lit" else \
                (value.kind, value.text)
            self.bindings.append(ArgBinding(line, function, index, kind, text, value.suffix,
                                            value.default))

    def topic(self, line: int, system: str, role: str, values: list[Value], label: str) -> None:
        """Record topic uses for literal or looked-up topic names."""
        self.topics += make_topics(line, system, role, values, label)

    def facts(self, problems: list[ParseProblem]) -> FileFacts:
        """Everything recorded, deduplicated and sorted."""
        return FileFacts(language=self.language, calls=sorted_unique(self.calls),
                         routes=sorted_unique(self.routes),
                         rpc_servers=sorted_unique(self.servers),
                         topics=sorted_unique(self.topics), problems=problems,
                         bindings=sorted_unique(self.bindings))

    def _at_callers(self, value: Value, depth: int) -> list[tuple[int, Value | None]] | None:
        """(line, argument value with the parameter's tail) at each same-file caller of the
        parameter's function; None when the file has no caller (the callers are elsewhere)."""
        function, _, index = value.text.rpartition(":")
        position = int(index)
        callers = self.scan.callers(function)
        if not callers:
            return None
        found = []
        for line, args in callers:
            if len(args) <= position or depth >= _MAX_CALLER_DEPTH:
                continue
            actual = self.scan.eval(args[position])
            tail = [Value("lit", value.suffix)] if value.suffix else []
            combined = concat([actual] + tail) if actual is not None else None
            if combined is not None and value.sealed:
                combined = combined._replace(sealed=True)
            found.append((line, combined))
        return found


def enclosing_span(node: Any, scope_types: tuple[str, ...]) -> tuple[int, int]:
    """Byte span of the innermost ancestor of `node` whose type is in `scope_types`;
    FILE_SPAN when there is none (a package- or class-level binding)."""
    for parent in ancestors(node):
        if parent.type in scope_types:
            return parent.start_byte, parent.end_byte
    return FILE_SPAN


def named_children(node: Any) -> list[Any]:
    """Named children of `node` without comments (empty for None)."""
    return [c for c in node.named_children if c.type != "comment"] if node is not None else []
