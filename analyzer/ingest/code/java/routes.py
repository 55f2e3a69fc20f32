"""Java inbound side: Spring MVC/WebFlux and JAX-RS routes, and gRPC service implementations.

Class-level `@RequestMapping`/`@Path` prefixes apply to every mapped method; a
`@RequestMapping(method = ...)` names its verbs, and one without names "ANY". A class
extending `XGrpc.XImplBase` serves RPC service X (grpc-spring when it is a `@GrpcService`).
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.code.facts import Route, RpcServer
from analyzer.ingest.code.java.syntax import annotation_args, mapping_paths, methods_of
from analyzer.ingest.code.java.values import JavaScan
from analyzer.ingest.code.java.spring import MAPPINGS, join_paths
from analyzer.ingest.code.treesitter.scan import FactSink
from analyzer.ingest.code.treesitter.util import line_of

_JAXRS_VERBS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
_IMPL_BASE = re.compile(r"(?<!\w)(\w+)Grpc\.\w+ImplBase")  # (?<!\w): linear on long names


class JavaRoutes:
    """Routes and gRPC servers declared by the classes of one file."""

    def __init__(self, scan: JavaScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink

    def declaration(self, node: Any, annotations: dict[str, Any]) -> None:
        """Routes of a class's mapped methods and the gRPC service it implements."""
        s = self.s
        superclass = s.text(node.child_by_field_name("superclass"))
        match = _IMPL_BASE.search(superclass)
        if match:
            framework = "grpc-spring" if "GrpcService" in annotations else "grpc-java"
            self.sink.servers.append(RpcServer(line_of(node.child_by_field_name("superclass")),
                                               match.group(1), framework))
        prefixes = mapping_paths(s, annotations.get("RequestMapping")) or [""]
        jaxrs_prefix = mapping_paths(s, annotations.get("Path")) or [""]
        for _, marks in methods_of(s, node):
            self._method_routes(marks, prefixes, jaxrs_prefix)

    def _method_routes(self, marks: dict[str, Any], prefixes: list[str],
                       jaxrs_prefix: list[str]) -> None:
        s = self.s
        for mark, verb in MAPPINGS.items():
            if mark not in marks:
                continue
            if mark == "RequestMapping":
                wanted = annotation_args(s, marks[mark]).get("method", [])
                verb = ",".join(s.text(m).rsplit(".", 1)[-1] for m in wanted) or "ANY"
            for prefix in prefixes:
                for path in mapping_paths(s, marks[mark]) or [""]:
                    self.sink.routes.append(Route(line_of(marks[mark]), verb,
                                                  join_paths(prefix, path), "spring"))
        for verb in [v for v in _JAXRS_VERBS if v in marks]:
            for prefix in jaxrs_prefix:
                for path in mapping_paths(s, marks.get("Path")) or [""]:
                    self.sink.routes.append(Route(line_of(marks[verb]), verb,
                                                  join_paths(prefix, path), "jax-rs"))
