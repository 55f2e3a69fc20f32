"""Samples -> runtime facts: edges, RED, routes and saturation per service, and the runtime
evidence on the model's edges.

Runtime names are mapped to node ids (`NameMap`); series that map to the same node (two
versions of one workload) are combined: rates and error rates add up, latency quantiles and
saturation ratios take the worst. An observed call between two nodes becomes `runtime`
evidence on every declared edge between them (depends-on aside) or, when none exists, a new
edge of the observed protocol, so every edge is static-only, runtime-only or confirmed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from analyzer.ingest.runtime.collect import Observation, Sample
from analyzer.ingest.runtime.mapping import NameMap
from analyzer.ingest.runtime.presets import PRESETS, Labels, Preset
from analyzer.model import Edge, EdgeKind, Evidence, Origin, SystemModel
from analyzer.model.facts import DatastoreCategory
from analyzer.model.runtime import (EdgeTraffic, Latency, RouteTraffic, RuntimeSource,
                                    ServiceRed, ServiceSaturation)

_QUANTILES = ("p50", "p95", "p99")
_STORE_KINDS = {DatastoreCategory.DB: EdgeKind.DB, DatastoreCategory.SEARCH: EdgeKind.DB,
                DatastoreCategory.CACHE: EdgeKind.CACHE, DatastoreCategory.BROKER: EdgeKind.ASYNC}


def apply_observation(model: SystemModel, seen: Observation, names: NameMap,
                      source: RuntimeSource, custom: Preset | None = None) -> SystemModel:
    """The model with the observation's facts, runtime evidence and diagnostics added."""
    presets = {**PRESETS, **({"custom": custom} if custom else {})}
    edges, services, saturation, routes = [], [], [], []
    for name in seen.presets:
        preset = presets[name]
        rows = {role: seen.samples.get((name, role)) for role in preset.queries}
        edges += _edges(preset, rows, names)
        services += _services(preset, rows, names)
        routes += _routes(preset, rows, names)
        saturation += _saturation(rows, preset.labels, names)
    return model.model_copy(update={
        "edges": merge_edges(model, edges),
        "runtime_edges": model.runtime_edges + edges,
        "runtime_services": model.runtime_services + services,
        "runtime_saturation": model.runtime_saturation + saturation,
        "runtime_routes": model.runtime_routes + routes,
        "runtime_sources": [*model.runtime_sources, source],
        "diagnostics": model.diagnostics + seen.diagnostics,
    }).normalized()


def merge_edges(model: SystemModel, traffic: Iterable[EdgeTraffic]) -> list[Edge]:
    """The model's edges with runtime evidence on those that were observed, plus new ones."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    edges = list(model.edges)
    for index, edge in enumerate(edges):
        if edge.kind != EdgeKind.DEPENDS_ON:
            by_pair[(edge.source, edge.target)].append(index)
    stores = {d.id: d.category for d in model.datastores}
    for flow in sorted(traffic, key=lambda t: (t.source, t.target, t.protocol, t.preset)):
        if flow.rate <= 0:
            continue
        evidence = Evidence(origin=Origin.RUNTIME, detail=describe(flow))
        found = by_pair.get((flow.source, flow.target))
        if not found:
            kind = _STORE_KINDS.get(stores.get(flow.target), EdgeKind.GRPC
                                    if flow.protocol == "grpc" else EdgeKind.HTTP)
            edges.append(Edge(source=flow.source, target=flow.target, kind=kind))
            found = by_pair[(flow.source, flow.target)] = [len(edges) - 1]
        for index in found:
            edges[index] = edges[index].model_copy(
                update={"evidence": [*edges[index].evidence, evidence]})
    return edges


def describe(flow: EdgeTraffic) -> str:
    """ "istio http: 12.5 req/s, 0.4% errors, p95 80 ms" """
    parts = [f"{flow.rate:.3g} req/s" if flow.protocol != "tcp" else f"{flow.rate:.3g} conn/s"]
    if flow.error_ratio is not None:
        parts.append(f"{flow.error_ratio:.1%} errors")
    if flow.latency.p95 is not None:
        parts.append(f"p95 {flow.latency.p95:.0f} ms")
    return f"{flow.preset} {flow.protocol}: {', '.join(parts)}"


def _edges(preset: Preset, rows: dict, names: NameMap) -> list[EdgeTraffic]:
    labels = preset.labels

    def key(sample: Sample, tcp: bool = False) -> tuple | None:
        source = names.resolve(sample.labels.get(labels.source, ""),
                               sample.labels.get(labels.source_ns, ""))
        target = names.resolve(sample.labels.get(labels.target, ""),
                               sample.labels.get(labels.target_ns, ""))
        if source is None or target is None or source == target:
            return None
        protocol = "tcp" if tcp else (sample.labels.get(labels.protocol, "") or "http").lower()
        return (source, target, "grpc" if protocol == "grpc" else protocol)

    folded = _fold(rows, "edge", key)
    for sample in rows.get("edge_tcp") or []:
        k = key(sample, tcp=True)
        if k is not None:
            folded.setdefault(k, {}).setdefault("rate", 0.0)
            folded[k]["rate"] += sample.value
    return [EdgeTraffic(source=s, target=t, protocol=p, preset=preset.name,
                        **{**_red(values, rows, "edge", preset.latency_factor),
                           **({"error_ratio": None} if p == "tcp" else {})})
            for (s, t, p), values in sorted(folded.items()) if "rate" in values]


def _services(preset: Preset, rows: dict, names: NameMap) -> list[ServiceRed]:
    labels = preset.labels

    def key(sample: Sample) -> tuple | None:
        service = names.resolve(sample.labels.get(labels.service, ""),
                                sample.labels.get(labels.service_ns, ""))
        return None if service is None else (service,)

    folded = _fold(rows, "service", key)
    return [ServiceRed(service=s, known=names.is_known(s), preset=preset.name,
                       peak_rate=_round(values.get("peak")),
                       **_red(values, rows, "service", preset.latency_factor))
            for (s,), values in sorted(folded.items()) if "rate" in values]


def _routes(preset: Preset, rows: dict, names: NameMap) -> list[RouteTraffic]:
    labels, totals = preset.labels, defaultdict(float)
    for sample in rows.get("route_rate") or []:
        service = names.resolve(sample.labels.get(labels.service, ""),
                                sample.labels.get(labels.service_ns, ""))
        route = sample.labels.get(labels.route, "")
        if service is not None and route:
            totals[(service, sample.labels.get(labels.method, "").upper(), route)] += sample.value
    return [RouteTraffic(service=s, method=m, route=r, rate=_round(v), preset=preset.name)
            for (s, m, r), v in sorted(totals.items())]


def _saturation(rows: dict, labels: Labels, names: NameMap) -> list[ServiceSaturation]:
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for role in ("cpu", "memory", "throttling", "restarts"):
        for sample in rows.get(role) or []:
            service = names.resolve(sample.labels.get(labels.service, ""),
                                    sample.labels.get(labels.service_ns, ""))
            if service is None:
                continue
            old = values[service].get(role)
            values[service][role] = sample.value if old is None else (
                old + sample.value if role == "restarts" else max(old, sample.value))
    return [ServiceSaturation(service=s, **{k: _round(v) for k, v in sorted(found.items())})
            for s, found in sorted(values.items())]


def _fold(rows: dict, prefix: str, key) -> dict[tuple, dict[str, float]]:
    """Per mapped key: summed rate/errors, worst quantiles and peak."""
    folded: dict[tuple, dict[str, float]] = {}
    for role, combine in (("rate", sum), ("errors", sum), ("p50", max), ("p95", max),
                          ("p99", max), ("peak", sum)):
        for sample in rows.get(f"{prefix}_{role}") or []:
            k = key(sample)
            if k is None:
                continue
            slot = folded.setdefault(k, {})
            slot[role] = combine((slot[role], sample.value)) if role in slot else sample.value
    return folded


def _red(values: dict[str, float], rows: dict, prefix: str, factor: float) -> dict:
    rate = values["rate"]
    errors = values.get("errors", 0.0 if rows.get(f"{prefix}_errors") is not None else None)
    ratio = None if errors is None or rate <= 0 else min(errors / rate, 1.0)
    return {"rate": _round(rate), "error_ratio": _round(ratio),
            "latency": Latency(**{q: _round(values[q] * factor) if q in values else None
                                  for q in _QUANTILES})}


def _round(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.6g}")
