"""Kinds about change history: services that change together, files that are hotspots."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from analyzer.analysis.history import coupled_pairs
from analyzer.analysis.hotspots import file_hotspots
from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, edge_evidence
from analyzer.model import Evidence, Origin


class ChangeCouplingParams(Params):
    min_revisions: int = Field(5, ge=1, description="changes each service needs to be judged")
    min_shared: int = Field(5, ge=1, description="fewest changes the two must share")
    min_degree: float = Field(0.30, gt=0, le=1, description="shared changes / mean revisions "
                              "of the two, as a fraction (0.3 = 30%)")
    window_hours: float = Field(24.0, ge=0, description="polyrepo: commits by one author in "
                                "different repositories this close together are one change")
    group_by_ticket: bool = Field(True, description="polyrepo: commits naming the same ticket "
                                  "id (ABC-123) are one change")


class ChangeCoupling(RuleKind):
    """Two services whose code changes together above all three thresholds.

    Dependency-only and large commits, and bot commits, are not counted (see
    `analyzer.analysis.history`). The hit says whether a dependency between the two in the
    model explains the coupling.
    """

    name = "change-coupling"
    description = "Two services that keep changing in the same commits (or grouped changes)."
    subject_kind = "edge"
    fields = frozenset({"service_a", "service_b", "shared", "revisions_a", "revisions_b",
                        "degree", "explained"})
    Params = ChangeCouplingParams

    def check(self, ctx: EvalContext, params: ChangeCouplingParams) -> Iterator[Hit]:
        pairs = coupled_pairs(ctx.model, params.min_revisions, params.min_shared,
                              params.min_degree, params.window_hours, params.group_by_ticket)
        services = {s.id for s in ctx.model.services}
        for row in sorted(pairs.itertuples(index=False), key=lambda r: (r.service_a, r.service_b)):
            a, b = row.service_a, row.service_b
            if a not in services or b not in services:
                continue
            links = [f"{x} -> {y}" for x, y in ((a, b), (b, a)) if ctx.services.has_edge(x, y)]
            evidence = [e for x, y in ((a, b), (b, a)) for e in edge_evidence(ctx, x, y)]
            explained = (f"a dependency {' and '.join(links)} explains it" if links else
                         "no dependency between them explains it: a likely wrong cut")
            yield Hit(subject=f"{a} <-> {b}", evidence=evidence,
                      fields={"service_a": a, "service_b": b, "shared": int(row.shared),
                              "revisions_a": int(row.revisions_a),
                              "revisions_b": int(row.revisions_b),
                              "degree": f"{row.degree:.0%}", "explained": explained})


class HotspotParams(Params):
    top: int = Field(10, ge=1, description="only the files ranked this high or higher count")
    min_revisions: int = Field(10, ge=1, description="fewest changes in the range")
    min_cyclomatic: int = Field(20, ge=1, description="smallest cyclomatic complexity "
                                "(sum over the file's functions)")


class Hotspot(RuleKind):
    """A file among the `top` by churn x complexity that also changed at least
    `min_revisions` times and has a cyclomatic complexity of at least `min_cyclomatic`."""

    name = "hotspot"
    description = "A file that is both complex and changed often (churn x complexity)."
    subject_kind = "file"
    fields = frozenset({"file", "service", "rank", "revisions", "churn", "cyclomatic",
                        "max_cyclomatic", "score"})
    Params = HotspotParams

    def check(self, ctx: EvalContext, params: HotspotParams) -> Iterator[Hit]:
        for row in file_hotspots(ctx.model).itertuples(index=False):
            if row.rank > params.top or row.revisions < params.min_revisions or \
                    row.cyclomatic < params.min_cyclomatic or row.score <= 0:
                continue
            yield Hit(subject=row.file, evidence=[Evidence(origin=Origin.CODE, file=row.file)],
                      fields={"file": row.file, "service": row.service or "no service",
                              "rank": int(row.rank), "revisions": int(row.revisions),
                              "churn": int(row.churn), "cyclomatic": int(row.cyclomatic),
                              "max_cyclomatic": int(row.max_cyclomatic),
                              "score": int(row.score)})
