"""Combine SystemModels produced separately (one `archgov scan` per repository or machine)."""

from __future__ import annotations

from analyzer.model.facts import SCHEMA_VERSION, Datastore, Edge, Service, SystemModel


class IncompatibleModel(ValueError):
    """A facts document whose schema_version this archgov cannot read."""


def merge_models(models: list[SystemModel]) -> SystemModel:
    """Union of all facts: services and datastores by id, edges by (source, target, kind)."""
    for model in models:
        if model.schema_version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise IncompatibleModel(
                f"schema_version {model.schema_version} (this archgov reads {SCHEMA_VERSION})")
    services: dict[str, Service] = {}
    datastores: dict[str, Datastore] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    merged = SystemModel()
    for model in models:
        for s in model.services:
            services[s.id] = _merge_service(services[s.id], s) if s.id in services else s
        for d in model.datastores:
            if d.id in datastores:
                old = datastores[d.id]
                d = old.model_copy(update={"declared_in": old.declared_in + d.declared_in})
            datastores[d.id] = d
        for e in model.edges:
            if e.key in edges:
                old = edges[e.key]
                e = old.model_copy(update={"evidence": old.evidence + e.evidence})
            edges[e.key] = e
    merged = SystemModel(
        roots=[r for m in models for r in m.roots],
        services=list(services.values()),
        datastores=list(datastores.values()),
        edges=list(edges.values()),
        external_endpoints=[x for m in models for x in m.external_endpoints],
        resources=[r for m in models for r in m.resources],
        diagnostics=[d for m in models for d in m.diagnostics],
    )
    return merged.normalized()


def _merge_service(a: Service, b: Service) -> Service:
    return a.model_copy(update={
        "namespace": a.namespace or b.namespace,
        "image": a.image or b.image,
        "source_dir": a.source_dir or b.source_dir,
        "replicas": a.replicas if a.replicas is not None else b.replicas,
        "ports": a.ports + b.ports,
        "entry_points": a.entry_points + b.entry_points,
        "declared_in": a.declared_in + b.declared_in,
    })
