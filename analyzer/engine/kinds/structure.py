"""Kinds about the shape of the service graph: dependency cycles and unreachable services."""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from pydantic import Field

from analyzer.analysis.graph import restrict_kinds
from analyzer.analysis.metrics import shortest_cycle_through_smallest, strongly_connected
from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, edge_evidence, join
from analyzer.model import EdgeKind


class CycleParams(Params):
    ignore_kinds: list[EdgeKind] = Field(
        default_factory=list,
        description="edge kinds that do not count as a dependency (e.g. depends-on)")


class ServiceCycle(RuleKind):
    """One hit per strongly connected component of two or more services.

    Every service -> service edge counts (http, grpc, async through a topic, depends-on)
    unless its kinds are all in `ignore_kinds`. The subject is a shortest cycle through the
    component's smallest member, e.g. "cart -> pricing -> cart", found in linear time.
    """

    name = "service-cycle"
    description = "Services that depend on each other in a cycle (strongly connected components)."
    subject_kind = "cycle"
    fields = frozenset({"cycle", "members", "size"})
    Params = CycleParams

    def check(self, ctx: EvalContext, params: CycleParams) -> Iterator[Hit]:
        ignored = {k.value for k in params.ignore_kinds}
        graph = restrict_kinds(ctx.services, {k.value for k in EdgeKind} - ignored)
        for members in strongly_connected(graph):
            cycle = shortest_cycle_through_smallest(graph, members)
            evidence = [ev for a, b in zip(cycle, cycle[1:], strict=False)
                        for ev in edge_evidence(ctx, a, b)]
            yield Hit(subject=" -> ".join(cycle),
                      fields={"cycle": " -> ".join(cycle), "members": join(members),
                              "size": len(members)},
                      evidence=evidence, salt=",".join(members))


class OrphanParams(Params):
    ignore: list[str] = Field(default_factory=list,
                              description="glob patterns of service ids never reported")


class UnreachableService(RuleKind):
    """A service nothing calls and that is not an entry point.

    Infrastructure (Prometheus, Grafana, log shippers, ...) is never reported.
    Inbound means an edge of any kind (depends-on included) from another service, or a
    dependency derived through a topic. Services with `entry_points` are reachable.
    """

    name = "unreachable-service"
    description = "A service with no inbound dependency from another service and no entry point."
    subject_kind = "service"
    fields = frozenset({"service"})
    Params = OrphanParams

    def check(self, ctx: EvalContext, params: OrphanParams) -> Iterator[Hit]:
        for service in sorted(ctx.model.services, key=lambda s: s.id):
            if service.is_infra or service.entry_points or ctx.services.in_degree(service.id) > 0:
                continue
            if any(fnmatchcase(service.id, pattern) for pattern in params.ignore):
                continue
            yield Hit(subject=service.id, fields={"service": service.id},
                      evidence=list(service.declared_in))
