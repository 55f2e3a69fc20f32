"""Static vs runtime: edge classes, drift, critical paths and impact, from the model alone.

An edge is `confirmed` when runtime evidence joins code/manifest/config evidence,
`runtime-only` when only traffic shows it, `static-only` when traffic never did. Drift
helpers say which runtime names the model does not know and how much traffic reaches each
node. The critical path from an entry point follows, at each hop, the slowest observed
synchronous call (an outer call's latency includes the slowest inner one), visiting no
service twice, so it is linear and cycles cannot trap it. Impact ranks services by
inbound rate x p95 x (1 + blast radius): slow, busy and central comes first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from analyzer.model import Edge, Evidence, GraphMetrics, Origin, SystemModel
from analyzer.model.runtime import CriticalPath, RuntimeSummary, ServiceImpact

CONFIRMED, RUNTIME_ONLY, STATIC_ONLY = "confirmed", "runtime-only", "static-only"
SYNC_PROTOCOLS = frozenset({"http", "grpc", "http2", "thrift"})
MAX_IMPACT_ROWS = 50


def edge_class(evidence: Iterable[Evidence]) -> str:
    """`confirmed`, `runtime-only` or `static-only` for an edge with this evidence."""
    origins = {e.origin for e in evidence}
    if Origin.RUNTIME not in origins:
        return STATIC_ONLY
    return CONFIRMED if origins - {Origin.RUNTIME} else RUNTIME_ONLY


def has_runtime(model: SystemModel) -> bool:
    """True when runtime facts were read (even if the source answered nothing)."""
    return bool(model.runtime_sources)


def observed(edge: Edge) -> bool:
    return any(e.origin == Origin.RUNTIME for e in edge.evidence)


def inbound_rates(model: SystemModel) -> dict[str, float]:
    """Requests (or connections) per second reaching each node, callers outside the mesh included."""
    rates: dict[str, float] = defaultdict(float)
    for flow in model.runtime_edges:
        rates[flow.target] += flow.rate
    for red in model.runtime_services:
        rates[red.service] = max(rates[red.service], red.rate)
    return dict(rates)


def unknown_names(model: SystemModel) -> dict[str, float]:
    """Runtime names no service or datastore matched, with the traffic they take part in."""
    known = model.node_ids()
    traffic: dict[str, float] = defaultdict(float)
    for flow in model.runtime_edges:
        for end in (flow.source, flow.target):
            if end not in known:
                traffic[end] += flow.rate
    for red in model.runtime_services:
        if red.service not in known:
            traffic[red.service] += red.rate
    return dict(sorted(traffic.items()))


def critical_paths(model: SystemModel) -> list[CriticalPath]:
    """Per entry point with observed calls, its slowest synchronous call chain."""
    services = {s.id for s in model.services}
    calls: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for flow in model.runtime_edges:
        if (flow.protocol in SYNC_PROTOCOLS and flow.latency.p95 is not None and flow.rate > 0
                and flow.source in services and flow.target in services):
            calls[flow.source].append((flow.latency.p95, flow.target))
    paths = []
    for entry in sorted(s.id for s in model.services if s.entry_points):
        chain, hops, here = [entry], [], entry
        while True:
            options = sorted(((-p95, target) for p95, target in calls.get(here, ())
                              if target not in chain))
            if not options:
                break
            p95, here = -options[0][0], options[0][1]
            chain.append(here)
            hops.append(p95)
        if hops:
            paths.append(CriticalPath(entry=entry, services=chain, hops_p95=hops))
    return sorted(paths, key=lambda p: (-p.latency, p.entry))


def service_impact(model: SystemModel, metrics: GraphMetrics) -> list[ServiceImpact]:
    """Services with observed traffic, highest impact first (rate x p95 s x (1 + blast radius))."""
    rows = []
    by_service: dict[str, list] = defaultdict(list)
    for red in model.runtime_services:
        if red.known:
            by_service[red.service].append(red)
    for service, reds in sorted(by_service.items()):
        rate = max(r.rate for r in reds)
        p95s = [r.latency.p95 for r in reds if r.latency.p95 is not None]
        errors = [r.error_ratio for r in reds if r.error_ratio is not None]
        found = metrics.for_service(service)
        radius = found.blast_radius if found else 0
        p95 = max(p95s) if p95s else None
        impact = rate * (p95 or 0.0) / 1000 * (1 + radius)
        rows.append(ServiceImpact(service=service, rate=rate, p95=p95,
                                  error_ratio=max(errors) if errors else None,
                                  blast_radius=radius, impact=float(f"{impact:.6g}")))
    return sorted(rows, key=lambda r: (-r.impact, r.service))


def summarize(model: SystemModel, metrics: GraphMetrics) -> RuntimeSummary | None:
    """The runtime section of an audit, or None when no runtime facts were read."""
    if not has_runtime(model):
        return None
    classes = [edge_class(e.evidence) for e in model.edges]
    return RuntimeSummary(
        sources=sorted({s.source for s in model.runtime_sources}),
        queries=sum(s.queries for s in model.runtime_sources),
        confirmed=classes.count(CONFIRMED), static_only=classes.count(STATIC_ONLY),
        runtime_only=classes.count(RUNTIME_ONLY),
        critical_paths=critical_paths(model),
        impact=service_impact(model, metrics)[:MAX_IMPACT_ROWS])
