"""Kotlin classes: Spring routes with class prefixes, gRPC `ImplBase` servers, Feign clients.

Reporting choices are the Java extractor's (see `java_clients` and `java_routes`), except
that a Feign `url` is always the target here, localhost included.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import Route, RpcServer
from analyzer.ingest.code.java.spring import MAPPINGS, join_paths
from analyzer.ingest.code.kotlin.syntax import children, first
from analyzer.ingest.code.kotlin.values import KotlinScan
from analyzer.ingest.code.treesitter.symbolic import Value, concat
from analyzer.ingest.code.treesitter.scan import FactSink
from analyzer.ingest.code.treesitter.util import line_of

_IMPL_BASE = re.compile(r"(?<!\w)(\w+)Grpc(?:Kt)?\.\w*ImplBase")  # (?<!\w): linear on long names


class KotlinDeclarations:
    """Routes, RPC servers and Feign calls declared by the classes of one file."""

    def __init__(self, scan: KotlinScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink

    def declaration(self, node: Any) -> None:
        """Everything one class declares."""
        s = self.s
        marks = s.marks(node)
        server = _IMPL_BASE.search(s.text(first(node, "delegation_specifiers")))
        if server:
            self.sink.servers.append(RpcServer(line_of(node), server.group(1), "grpc-kotlin"))
        methods = [(m, s.marks(m)) for m in children(first(node, "class_body"),
                                                      "function_declaration")]
        if "FeignClient" in marks:
            self._feign(marks["FeignClient"], methods)
            return
        prefixes = self._paths(marks.get("RequestMapping")) or [""]
        for _, method_marks in methods:
            for mark, verb in MAPPINGS.items():
                if mark not in method_marks:
                    continue
                if mark == "RequestMapping":
                    wanted = s.annotation_args(method_marks[mark]).get("method", [])
                    verb = ",".join(s.text(w).strip("[]").rsplit(".", 1)[-1]
                                    for w in wanted) or "ANY"
                for prefix in prefixes:
                    for path in self._paths(method_marks[mark]) or [""]:
                        self.sink.routes.append(Route(line_of(method_marks[mark]), verb,
                                                      join_paths(prefix, path), "spring"))

    def _feign(self, annotation: Any, methods: list[tuple[Any, dict[str, Any]]]) -> None:
        s = self.s
        args = s.annotation_args(annotation)
        names = [s.annotation_value(v) for v in args.get("name", []) + args.get("value", [])]
        name = next((v for v in names if v is not None), None)
        url = next((s.annotation_value(v) for v in args.get("url", [])), None)
        target = url if url is not None else (
            Value("discovery", name.text) if name is not None and name.kind == "lit" else None)
        label = f"Feign {name.text if name else '?'}"
        endpoints = [(line_of(m), verb, path) for m, marks in methods
                     for mark, verb in MAPPINGS.items() if mark in marks
                     for path in self._paths(marks[mark]) or [""]]
        for line, verb, path in endpoints or [(line_of(annotation), "", "")]:
            if target is not None and target.kind == "lit":
                value = Value("lit", target.text.rstrip("/") + path)
            else:
                value = concat([target, Value("lit", path)]) if target and path else target
            self.sink.emit(line, "http", value, f"{label} {verb}".strip())

    def _paths(self, annotation: Any) -> list[str]:
        if annotation is None:
            return []
        args = self.s.annotation_args(annotation)
        values = [v for n in args.get("value", []) + args.get("path", [])
                  for v in self.s.eval_list(n)]
        return [v.text for v in values if v.kind == "lit"]
