"""The dependency graph of a SystemModel, as networkx digraphs.

`build_graph` holds every node the model knows (services, datastores, topics) and one
edge per (source, target) pair, carrying all the model's edges between them.
`service_graph` keeps only service -> service dependencies, adding the asynchronous
dependency a topic implies (producer -> topic -> consumer gives producer -> consumer,
kind "async"; a broker datastore implies nothing). Nodes and edges are inserted in
sorted order so every traversal downstream is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from analyzer.model import Edge, EdgeKind, SystemModel

SERVICE = "service"
INFRA = "infra"
DATASTORE = "datastore"
TOPIC = "topic"
UNKNOWN = "unknown"


def build_graph(model: SystemModel) -> nx.DiGraph:
    """Every node of the model and every edge, grouped by (source, target).

    Node attribute `kind` is "service", "infra" (a service whose role is infrastructure:
    kept out of the service graph, so out of dependency metrics and graph rules),
    "datastore", "topic" or "unknown" (an edge endpoint the model does not declare). Datastores also carry `category` and `technology`. Edge
    attributes: `kinds` (sorted edge-kind values) and `edges` (the Edge objects, sorted).
    """
    graph = nx.DiGraph()
    nodes: dict[str, dict] = {}
    for service in model.services:
        nodes[service.id] = {"kind": INFRA if service.is_infra else SERVICE,
                             "role": service.role.value}
    for store in model.datastores:
        nodes.setdefault(store.id, {"kind": DATASTORE, "category": store.category.value,
                                    "technology": store.technology})
    for topic in _topics(model):
        nodes.setdefault(topic, {"kind": TOPIC})
    grouped: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for edge in model.edges:
        grouped[(edge.source, edge.target)].append(edge)
        for end in (edge.source, edge.target):
            nodes.setdefault(end, {"kind": UNKNOWN})
    for node_id in sorted(nodes):
        graph.add_node(node_id, **nodes[node_id])
    for pair in sorted(grouped):
        edges = sorted(grouped[pair], key=lambda e: e.key)
        graph.add_edge(*pair, kinds=sorted({e.kind.value for e in edges}), edges=edges)
    return graph


def service_graph(model: SystemModel, graph: nx.DiGraph | None = None) -> nx.DiGraph:
    """Service -> service dependencies of any kind, plus those derived through topics.

    Self-loops are left out: a service calling itself is not a dependency between services.
    Edge attributes: `kinds` (sorted) and `via` (sorted topic ids the edge was derived from).
    """
    full = graph if graph is not None else build_graph(model)
    services = sorted(n for n, kind in full.nodes(data="kind") if kind == SERVICE)
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    via: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source, target, data in full.edges(data=True):
        if source != target and _is(full, source, SERVICE) and _is(full, target, SERVICE):
            kinds[(source, target)].update(data["kinds"])
    for topic in sorted(n for n, kind in full.nodes(data="kind") if kind == TOPIC):
        producers = [p for p in full.predecessors(topic) if _is(full, p, SERVICE)]
        consumers = [c for c in full.successors(topic) if _is(full, c, SERVICE)]
        for producer in producers:
            for consumer in consumers:
                if producer != consumer:
                    kinds[(producer, consumer)].add(EdgeKind.ASYNC.value)
                    via[(producer, consumer)].add(topic)
    result = nx.DiGraph()
    result.add_nodes_from(services, kind=SERVICE)
    for pair in sorted(kinds):
        result.add_edge(*pair, kinds=sorted(kinds[pair]), via=sorted(via.get(pair, ())))
    return result


def restrict_kinds(graph: nx.DiGraph, kinds: Iterable[str]) -> nx.DiGraph:
    """A copy of `graph` keeping only edges with at least one of `kinds` (all nodes kept)."""
    wanted = set(kinds)
    result = nx.DiGraph()
    result.add_nodes_from(graph.nodes(data=True))
    for source, target, data in graph.edges(data=True):
        kept = sorted(set(data["kinds"]) & wanted)
        if kept:
            result.add_edge(source, target, **{**data, "kinds": kept})
    return result


def edges_between(graph: nx.DiGraph, path: list[str]) -> list[Edge]:
    """The model edges along consecutive nodes of `path` (derived edges carry none)."""
    found: list[Edge] = []
    for source, target in zip(path, path[1:], strict=False):
        if graph.has_edge(source, target):
            found.extend(graph.edges[source, target].get("edges", []))
    return found


def _topics(model: SystemModel) -> list[str]:
    return sorted(t.id for t in model.topics)


def _is(graph: nx.DiGraph, node: str, kind: str) -> bool:
    return graph.nodes[node].get("kind") == kind
