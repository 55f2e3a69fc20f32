"""The per-node sections of report.html: services, datastores and topics as plain values.

Each builder reshapes facts the model already holds (routes, aliases, environment, literal
addresses, edges with their evidence) into sorted dicts for the template; nothing here
computes a verdict. Long lists are marked for collapsing so a 15-service system still reads
as a page of cards, not a wall of text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from analyzer.analysis.hotspots import file_hotspots
from analyzer.model import (
    AuditResult, CodeLiteralAddress, Datastore, Edge, EnvVar, Evidence, Finding, Origin,
    RouteFact, Service, SystemModel, Topic,
)
from analyzer.report.graphview import UNDECLARED_NOTE, anchor, undeclared_origin

HOTSPOTS_SHOWN = 5  # a service panel lists its worst files only
ROUTES_OPEN_MAX = 6  # an inbound API with more routes starts collapsed
EVIDENCE_OPEN_MAX = 2  # an edge with more evidence items shows origin counts, list collapsed
T = TypeVar("T")


@dataclass(frozen=True)
class SectionIndex:
    """The model's lists grouped by node once, so each card reads only its own rows
    (a card per node scanning every edge was quadratic on large systems)."""

    outbound: dict[str, list[Edge]]
    inbound: dict[str, list[Edge]]
    literals: dict[str, list[CodeLiteralAddress]]
    routes: dict[str, list[RouteFact]]
    findings: dict[str, list[Finding]]
    hotspots: dict[str, list[dict[str, Any]]]

    @classmethod
    def of(cls, model: SystemModel, findings: list[Finding]) -> SectionIndex:
        return cls(outbound=_group(model.edges, lambda e: e.source),
                   inbound=_group(model.edges, lambda e: e.target),
                   literals=_group(model.literal_addresses, lambda x: x.service),
                   routes=_group(model.routes, lambda r: r.service),
                   findings=_group(findings, lambda f: f.subject),
                   hotspots=_hotspots(model))


def service_section(result: AuditResult, index: SectionIndex, service: Service,
                    nodes: set[str]) -> dict[str, Any]:
    """One service card: facts, metrics, inbound API, environment, edges, findings."""
    metrics = result.metrics.for_service(service.id)
    literals = index.literals.get(service.id, [])
    literal_targets = {x.target for x in literals}
    routes = [_route(r) for r in index.routes.get(service.id, [])]
    return {
        "id": service.id, "anchor": anchor(service.id), "namespace": service.namespace,
        "image": service.image, "source_dir": service.source_dir, "replicas": service.replicas,
        "ports": service.ports, "entry_points": service.entry_points,
        "aliases": service.aliases,
        "declared_in": [evidence_item(e) for e in service.declared_in],
        "metrics": None if metrics is None else {
            "fan_in": metrics.fan_in, "fan_out": metrics.fan_out,
            "instability": f"{metrics.instability:.2f}", "sync_depth": metrics.sync_depth,
            "blast_radius": metrics.blast_radius},
        "routes": routes,
        "routes_open": len(routes) <= ROUTES_OPEN_MAX,
        "env": _environment(service.env),
        "literals": [
            {"host": x.host, "target": x.target,
             "href": "#" + anchor(x.target) if x.target in nodes else None,
             "evidence": evidence_item(x.evidence)}
            for x in literals
        ],
        "outbound": [edge_row(e, e.target, nodes, literal=e.target in literal_targets)
                     for e in index.outbound.get(service.id, [])],
        "inbound": [edge_row(e, e.source, nodes) for e in index.inbound.get(service.id, [])],
        "findings": [{"severity": f.severity.value, "rule_id": f.rule_id, "message": f.message}
                     for f in index.findings.get(service.id, [])],
        "scorecard": scorecard(result, service.id),
        "hotspots": index.hotspots.get(service.id, []),
    }


def scorecard(result: AuditResult, service: str) -> dict[str, Any] | None:
    """The readiness checks of one service and its score (a whole percent), None without checks."""
    checks = [c for c in result.checks if c.service == service]
    if not checks:
        return None
    score = result.score(service)
    counts = Counter(c.status for c in checks)
    return {"score": None if score is None else f"{round(score * 100)}%",
            "passed": counts["pass"], "failed": counts["fail"], "na": counts["n/a"],
            "checks": [{"rule_id": c.rule_id, "status": c.status}
                       for c in sorted(checks, key=lambda c: (c.status != "fail", c.rule_id))]}


def datastore_section(index: SectionIndex, store: Datastore, nodes: set[str]) -> dict[str, Any]:
    """One datastore card: technology, aliases and the services that use it."""
    return {"id": store.id, "anchor": anchor(store.id), "technology": store.technology,
            "category": store.category.value, "image": store.image, "aliases": store.aliases,
            "declared_in": [evidence_item(e) for e in store.declared_in],
            "inbound": [edge_row(e, e.source, nodes) for e in index.inbound.get(store.id, [])]}


def topic_section(index: SectionIndex, topic: Topic, nodes: set[str]) -> dict[str, Any]:
    """One topic card: its producers and consumers."""
    return {"id": topic.id, "anchor": anchor(topic.id), "name": topic.name,
            "system": topic.system,
            "declared_in": [evidence_item(e) for e in topic.declared_in],
            "inbound": [edge_row(e, e.source, nodes) for e in index.inbound.get(topic.id, [])],
            "outbound": [edge_row(e, e.target, nodes) for e in index.outbound.get(topic.id, [])]}


def finding_row(f: Finding, nodes: set[str]) -> dict[str, Any]:
    """One row of the findings table; `services` are the nodes it names (an edge `a -> b` or a
    cycle names each; an endpoint `svc:host` or a resource `Kind/svc` its service), `href`
    the first one's section."""
    services: list[str] = []
    for part in f.subject.split(" -> "):
        part = part.strip()
        for name in (part, part.split(":", 1)[0], part.rsplit("/", 1)[-1]):
            if name in nodes:
                if name not in services:
                    services.append(name)
                break
    return {"severity": f.severity.value, "rank": f.severity.rank, "rule_id": f.rule_id,
            "subject": f.subject, "subject_kind": f.subject_kind,
            "services": services,
            "href": "#" + anchor(services[0]) if services else None,
            "message": f.message, "location": where(f.location.file, f.location.line)}


def edge_row(edge: Edge, other: str, nodes: set[str], literal: bool = False) -> dict[str, Any]:
    """One row of an edge table; `href` only when `other` has a section to jump to.

    `undeclared` is "code" or "runtime" when no manifest or config declares the edge;
    `literal` (asked for by the caller, kept for code-only edges: the only ones literal
    addresses are recorded for) when the caller's code writes the target's address itself.
    """
    counts = Counter(e.origin.value for e in edge.evidence)
    undeclared = undeclared_origin(edge.evidence)
    return {"other": other, "href": "#" + anchor(other) if other in nodes else None,
            "kind": edge.kind.value,
            "undeclared": undeclared,
            "undeclared_note": UNDECLARED_NOTE,
            "literal": literal and undeclared == Origin.CODE.value,
            "origins": [{"origin": o, "count": counts[o]} for o in sorted(counts)],
            "collapsed": len(edge.evidence) > EVIDENCE_OPEN_MAX,
            "evidence": [evidence_item(e) for e in edge.evidence]}


def evidence_item(ev: Evidence) -> dict[str, str]:
    """One evidence line: origin, file:line and detail."""
    return {"origin": ev.origin.value, "where": where(ev.file, ev.line), "detail": ev.detail}


def where(file: str | None, line: int | None) -> str:
    """`file:line`, `file`, or "" when the fact has no file."""
    if not file:
        return ""
    return f"{file}:{line}" if line is not None else file


def _route(route: RouteFact) -> dict[str, str]:
    return {"method": route.method, "path": route.path, "framework": route.framework,
            "where": where(route.file, route.line)}


def _environment(env: list[EnvVar]) -> list[dict[str, Any]]:
    """One row per (key, value); the files that set it listed together. Values arrive masked."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for var in env:
        row = rows.setdefault((var.key, var.value), {
            "key": var.key, "value": var.value, "masked": False, "where": []})
        row["masked"] = row["masked"] or var.masked
        spot = where(var.evidence.file, var.evidence.line) if var.evidence else ""
        if spot and spot not in row["where"]:
            row["where"].append(spot)
    for row in rows.values():
        row["where"].sort()
    return [rows[k] for k in sorted(rows)]


def _hotspots(model: SystemModel) -> dict[str, list[dict[str, Any]]]:
    """Each service's worst files by hotspot rank (churn x complexity), at most HOTSPOTS_SHOWN."""
    if not model.complexity:
        return {}
    found: dict[str, list[dict[str, Any]]] = {}
    for row in file_hotspots(model).itertuples(index=False):
        if not isinstance(row.service, str) or row.churn <= 0:
            continue
        rows = found.setdefault(row.service, [])
        if len(rows) < HOTSPOTS_SHOWN:
            rows.append({"rank": int(row.rank), "file": row.file, "churn": int(row.churn),
                         "cyclomatic": int(row.cyclomatic), "revisions": int(row.revisions),
                         "score": int(row.score)})
    return found


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups
