"""Kinds that judge runtime facts: drift between the declared and the observed graph, and
performance hotspots (latency, errors, saturation) ranked by impact.

Every kind is silent on a model without runtime facts (no `--prometheus`): absence of data
is never evidence. Hotspot hits carry `rank` (1 = highest impact: inbound rate x p95 x
(1 + blast radius)) so the report and the messages order them the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from pydantic import Field

from analyzer.analysis.runtime import (has_runtime, inbound_rates, observed, service_impact,
                                       unknown_names)
from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.model import EdgeKind, Evidence, Origin

_STATIC = frozenset({Origin.CODE, Origin.MANIFEST, Origin.CONFIG})


def _ignored(name: str, patterns: list[str]) -> bool:
    return any(fnmatchcase(name, p) for p in patterns)


def _n(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}g}"


class DriftParams(Params):
    min_rate: float = Field(default=0.0, ge=0, description="requests/s below which traffic "
                            "does not count as observed")
    ignore: list[str] = Field(default_factory=list, description="glob patterns of node ids "
                              "never reported")


class UndeclaredRuntimeDependency(RuleKind):
    """An edge seen only in traffic: no code, manifest or config declares it."""

    name = "undeclared-runtime-dependency"
    description = "Traffic between two known nodes that no code, manifest or config declares."
    subject_kind = "edge"
    fields = frozenset({"source", "target", "kind", "detail"})
    Params = DriftParams

    def check(self, ctx: EvalContext, params: DriftParams) -> Iterator[Hit]:
        known = ctx.model.node_ids()
        rates = {(f.source, f.target): f.rate for f in ctx.model.runtime_edges}
        for edge in ctx.model.edges:
            if (edge.origins & _STATIC or edge.source not in known or edge.target not in known
                    or rates.get((edge.source, edge.target), 0.0) <= params.min_rate
                    or _ignored(edge.source, params.ignore) or _ignored(edge.target, params.ignore)):
                continue
            detail = "; ".join(e.detail for e in edge.evidence if e.origin == Origin.RUNTIME)
            yield Hit(subject=f"{edge.source} -> {edge.target}",
                      fields={"source": edge.source, "target": edge.target,
                              "kind": edge.kind.value, "detail": detail},
                      evidence=list(edge.evidence), salt=edge.kind.value, service=edge.source)

    def scope(self, ctx: EvalContext, params: DriftParams) -> Iterator[Scope]:
        if has_runtime(ctx.model):
            for edge in ctx.model.edges:
                if observed(edge):
                    yield Scope(edge.source, f"{edge.source} -> {edge.target}")


class UnobservedParams(DriftParams):
    kinds: list[EdgeKind] = Field(
        default_factory=lambda: [EdgeKind.HTTP, EdgeKind.GRPC, EdgeKind.THRIFT],
        description="edge kinds whose traffic the presets can see")


class UnobservedDeclaredDependency(RuleKind):
    """A declared call between two services that carried no traffic in the window."""

    name = "unobserved-declared-dependency"
    description = "A declared service-to-service call with no observed traffic in the window."
    subject_kind = "edge"
    fields = frozenset({"source", "target", "kind", "window"})
    Params = UnobservedParams

    def check(self, ctx: EvalContext, params: UnobservedParams) -> Iterator[Hit]:
        for edge in self._declared(ctx, params):
            if not observed(edge):
                yield Hit(subject=f"{edge.source} -> {edge.target}",
                          fields={"source": edge.source, "target": edge.target,
                                  "kind": edge.kind.value, "window": _window(ctx)},
                          evidence=list(edge.evidence), salt=edge.kind.value,
                          service=edge.source)

    def scope(self, ctx: EvalContext, params: UnobservedParams) -> Iterator[Scope]:
        for edge in self._declared(ctx, params):
            yield Scope(edge.source, f"{edge.source} -> {edge.target}")

    @staticmethod
    def _declared(ctx: EvalContext, params: UnobservedParams):
        if not has_runtime(ctx.model):
            return
        services = {s.id for s in ctx.model.services}
        for edge in ctx.model.edges:
            if (edge.kind in params.kinds and edge.origins & _STATIC
                    and edge.source in services and edge.target in services
                    and not _ignored(edge.source, params.ignore)
                    and not _ignored(edge.target, params.ignore)):
                yield edge


class UnknownRuntimeService(RuleKind):
    """A name in the traffic that matches no service or datastore of the model."""

    name = "unknown-runtime-service"
    description = "A workload seen at runtime that matches no service or datastore of the model."
    subject_kind = "service"
    fields = frozenset({"service", "rate"})
    Params = DriftParams

    def check(self, ctx: EvalContext, params: DriftParams) -> Iterator[Hit]:
        for name, rate in unknown_names(ctx.model).items():
            if rate > params.min_rate and not _ignored(name, params.ignore):
                yield Hit(subject=name, fields={"service": name, "rate": _n(rate)},
                          evidence=_runtime_evidence(ctx, name))


class IdleParams(DriftParams):
    pass


class IdleService(RuleKind):
    """A deployed service no traffic reaches that is not an entry point."""

    name = "idle-service"
    description = "A deployed service with no inbound traffic in the window that is not an entry point."
    subject_kind = "service"
    fields = frozenset({"service", "window"})
    Params = IdleParams

    def check(self, ctx: EvalContext, params: IdleParams) -> Iterator[Hit]:
        rates = inbound_rates(ctx.model)
        for service in self._candidates(ctx, params):
            if rates.get(service.id, 0.0) <= params.min_rate:
                yield Hit(subject=service.id, fields={"service": service.id,
                                                      "window": _window(ctx)},
                          evidence=list(service.declared_in), service=service.id)

    def scope(self, ctx: EvalContext, params: IdleParams) -> Iterator[Scope]:
        for service in self._candidates(ctx, params):
            yield Scope(service.id, service.id)

    @staticmethod
    def _candidates(ctx: EvalContext, params: IdleParams):
        if not has_runtime(ctx.model):
            return
        for service in ctx.model.services:
            if not service.entry_points and service.replicas != 0 and not _ignored(
                    service.id, params.ignore):
                yield service


class HotspotParams(Params):
    min_rate: float = Field(default=0.01, ge=0, description="requests/s below which a "
                            "service is too quiet to be a hotspot")
    ignore: list[str] = Field(default_factory=list, description="glob patterns of service ids "
                              "never reported")


class LatencyParams(HotspotParams):
    max_p95_ms: float = Field(default=1000.0, gt=0, description="highest acceptable p95 "
                              "latency of inbound requests, in milliseconds")


class _Hotspot(RuleKind):
    subject_kind = "service"

    def _ranked(self, ctx: EvalContext, params: HotspotParams):
        """(rank, impact row) of known services with enough traffic, highest impact first."""
        rows = service_impact(ctx.model, ctx.metrics)
        return [(rank, row) for rank, row in enumerate(rows, start=1)
                if row.rate >= params.min_rate and not _ignored(row.service, params.ignore)]

    def scope(self, ctx: EvalContext, params: HotspotParams) -> Iterator[Scope]:
        for _, row in self._ranked(ctx, params):
            yield Scope(row.service, row.service)


class LatencyHotspot(_Hotspot):
    """A service whose inbound p95 latency is above the limit."""

    name = "latency-hotspot"
    description = "A service whose observed p95 latency is above `max_p95_ms`."
    fields = frozenset({"service", "p95", "max_p95_ms", "rate", "impact", "rank"})
    Params = LatencyParams

    def check(self, ctx: EvalContext, params: LatencyParams) -> Iterator[Hit]:
        for rank, row in self._ranked(ctx, params):
            if row.p95 is not None and row.p95 > params.max_p95_ms:
                yield Hit(subject=row.service, service=row.service,
                          evidence=_runtime_evidence(ctx, row.service),
                          fields={"service": row.service, "p95": f"{row.p95:.0f}",
                                  "max_p95_ms": f"{params.max_p95_ms:g}", "rate": _n(row.rate),
                                  "impact": _n(row.impact), "rank": rank})


class ErrorParams(HotspotParams):
    max_error_ratio: float = Field(default=0.05, gt=0, le=1, description="highest acceptable "
                                   "share of failed inbound requests (0..1)")


class ErrorHotspot(_Hotspot):
    """A service whose share of failed inbound requests is above the limit."""

    name = "error-hotspot"
    description = "A service whose observed error ratio is above `max_error_ratio`."
    fields = frozenset({"service", "error_ratio", "max_error_ratio", "rate", "impact", "rank"})
    Params = ErrorParams

    def check(self, ctx: EvalContext, params: ErrorParams) -> Iterator[Hit]:
        for rank, row in self._ranked(ctx, params):
            if row.error_ratio is not None and row.error_ratio > params.max_error_ratio:
                yield Hit(subject=row.service, service=row.service,
                          evidence=_runtime_evidence(ctx, row.service),
                          fields={"service": row.service, "error_ratio": f"{row.error_ratio:.1%}",
                                  "max_error_ratio": f"{params.max_error_ratio:.1%}",
                                  "rate": _n(row.rate), "impact": _n(row.impact), "rank": rank})


class SaturationParams(Params):
    max_cpu: float = Field(default=0.85, gt=0, description="highest acceptable CPU usage / limit")
    max_memory: float = Field(default=0.9, gt=0, description="highest acceptable peak memory "
                              "working set / limit")
    max_throttling: float = Field(default=0.25, ge=0, le=1, description="highest acceptable "
                                  "share of CPU periods throttled")
    max_restarts: float = Field(default=3, ge=0, description="most container restarts "
                                "acceptable in the window")
    ignore: list[str] = Field(default_factory=list, description="glob patterns of service ids "
                              "never reported")


class SaturationHotspot(RuleKind):
    """A service whose containers run near their limits, are throttled or keep restarting."""

    name = "saturation-hotspot"
    description = "A service near its CPU or memory limit, CPU-throttled, or restarting."
    subject_kind = "service"
    fields = frozenset({"service", "reasons"})
    Params = SaturationParams

    def check(self, ctx: EvalContext, params: SaturationParams) -> Iterator[Hit]:
        for row in self._rows(ctx, params):
            reasons = []
            if row.cpu is not None and row.cpu > params.max_cpu:
                reasons.append(f"CPU at {row.cpu:.0%} of its limit")
            if row.memory is not None and row.memory > params.max_memory:
                reasons.append(f"memory peak at {row.memory:.0%} of its limit")
            if row.throttling is not None and row.throttling > params.max_throttling:
                reasons.append(f"{row.throttling:.0%} of CPU periods throttled")
            if row.restarts is not None and row.restarts > params.max_restarts:
                reasons.append(f"{row.restarts:.0f} restarts")
            if reasons:
                yield Hit(subject=row.service, service=row.service,
                          fields={"service": row.service, "reasons": "; ".join(reasons)},
                          evidence=_declared(ctx, row.service), salt="saturation")

    def scope(self, ctx: EvalContext, params: SaturationParams) -> Iterator[Scope]:
        for row in self._rows(ctx, params):
            yield Scope(row.service, row.service)

    @staticmethod
    def _rows(ctx: EvalContext, params: SaturationParams):
        services = {s.id for s in ctx.model.services}
        return [r for r in ctx.model.runtime_saturation
                if r.service in services and not _ignored(r.service, params.ignore)]


def _window(ctx: EvalContext) -> str:
    return ", ".join(sorted({s.window for s in ctx.model.runtime_sources})) or "n/a"


def _declared(ctx: EvalContext, service: str) -> list[Evidence]:
    found = ctx.model.service(service)
    return list(found.declared_in) if found else []


def _runtime_evidence(ctx: EvalContext, name: str) -> list[Evidence]:
    """The runtime evidence of the edges into (or, failing that, out of) `name`."""
    inbound = [e for edge in ctx.model.edges if edge.target == name for e in edge.evidence
               if e.origin == Origin.RUNTIME]
    outbound = [e for edge in ctx.model.edges if edge.source == name for e in edge.evidence
                if e.origin == Origin.RUNTIME]
    return [*(inbound or outbound), *_declared(ctx, name)]


RUNTIME_KINDS = (UndeclaredRuntimeDependency(), UnobservedDeclaredDependency(),
                 UnknownRuntimeService(), IdleService(), LatencyHotspot(), ErrorHotspot(),
                 SaturationHotspot())
