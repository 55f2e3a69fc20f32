"""What resolution produces: links between nodes with their evidence, and everything beside.

Kept apart from `resolve` so the code-call and config resolvers can share it; `merge` folds a
`Resolution` into the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.model import (CodeLiteralAddress, DatastoreCategory, Diagnostic, EdgeKind, Evidence,
                            ExternalEndpoint, RouteFact, Severity, Topic)

CATEGORY_KINDS = {DatastoreCategory.DB: EdgeKind.DB, DatastoreCategory.CACHE: EdgeKind.CACHE,
                  DatastoreCategory.BROKER: EdgeKind.ASYNC, DatastoreCategory.SEARCH: EdgeKind.DB}


@dataclass(frozen=True)
class Link:
    """A resolved dependency of `source` on `target`, with its evidence."""

    source: str
    target: str
    kind: EdgeKind
    evidence: Evidence


@dataclass
class Resolution:
    links: list[Link] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    routes: list[RouteFact] = field(default_factory=list)
    externals: list[ExternalEndpoint] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # literal addresses of internal nodes in code; `merge` keeps those of code-only edges
    literals: list[tuple[Link, CodeLiteralAddress]] = field(default_factory=list)

    def unresolved(self, rel: str, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(severity=Severity.INFO, code="code-call-unresolved",
                                           file=rel, line=line, message=message))
