"""Coupling metrics of the service graph: fan-in/out, instability, depth, blast radius, cycles.

Definitions (per service S):
- fan_in (Ca): distinct services that depend on S, in the service graph (topics included).
- fan_out (Ce): distinct nodes S depends on in the full graph: services, datastores, topics.
- instability: Ce / (Ca + Ce), 0.0 when both are 0, rounded to 3 decimals.
- sync_depth: edges in the longest chain of synchronous (http/grpc) calls starting at S.
  Cycles are made safe by walking the condensation DAG: a strongly connected component of
  k services counts k - 1 edges (each member visited once) plus one edge to the next one.
- blast_radius: services that transitively depend on S (its ancestors in the service graph).

Graph-wide: `components` are the strongly connected components of two or more services;
`cycles` are at most MAX_CYCLES example elementary cycles of at most MAX_CYCLE_LENGTH
services, each rotated to start at its smallest id, sorted by (length, ids).
In a component of more than LARGE_COMPONENT services the examples are the shortest cycles
through its first members instead (a full enumeration costs seconds there).
`cycles_truncated` says the list is not exhaustive: the limit was reached, or a component
has more services than the length bound (so longer cycles may exist).
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from analyzer.analysis.graph import SERVICE, build_graph, restrict_kinds, service_graph
from analyzer.model import GraphMetrics, ServiceMetrics, SystemModel
from analyzer.model.facts import SYNCHRONOUS_KINDS

MAX_CYCLES = 20
MAX_CYCLE_LENGTH = 8
LARGE_COMPONENT = 200  # above this many services, example cycles come from bounded searches
MAX_CYCLE_STARTS = 200  # start nodes tried in a large component


def compute_metrics(model: SystemModel) -> GraphMetrics:
    """All coupling metrics of `model`, deterministic and sorted by service id."""
    full = build_graph(model)
    services_graph = service_graph(model, full)
    depths = _sync_depths(restrict_kinds(services_graph, {k.value for k in SYNCHRONOUS_KINDS}))
    radii = blast_radii(services_graph)
    per_service = []
    for service in sorted(n for n, kind in full.nodes(data="kind") if kind == SERVICE):
        fan_in = services_graph.in_degree(service)
        fan_out = sum(1 for target in full.successors(service) if target != service)
        total = fan_in + fan_out
        per_service.append(ServiceMetrics(
            service=service,
            fan_in=fan_in,
            fan_out=fan_out,
            instability=round(fan_out / total, 3) if total else 0.0,
            sync_depth=depths.get(service, 0),
            blast_radius=radii.get(service, 0),
        ))
    components = strongly_connected(services_graph)
    cycles, truncated = example_cycles(services_graph, components)
    return GraphMetrics(services=per_service, components=components, cycles=cycles,
                        cycles_truncated=truncated)


def strongly_connected(graph: nx.DiGraph) -> list[list[str]]:
    """Strongly connected components of two or more nodes, each sorted, sorted."""
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) >= 2)


def example_cycles(graph: nx.DiGraph, components: list[list[str]],
                   limit: int = MAX_CYCLES,
                   length_bound: int = MAX_CYCLE_LENGTH) -> tuple[list[list[str]], bool]:
    """At most `limit` elementary cycles of at most `length_bound` nodes, and a truncation flag.

    The search runs inside each component and stops as soon as the limit is passed, so a
    dense graph costs a bounded amount of work, never an enumeration of all its cycles.
    """
    cycles: list[list[str]] = []
    truncated = any(len(c) > length_bound for c in components)
    for members in components:
        search = _shortest_cycles if len(members) > LARGE_COMPONENT else nx.simple_cycles
        for cycle in search(_sorted_subgraph(graph, members), length_bound=length_bound):
            if len(cycles) == limit:
                return sorted(cycles, key=lambda c: (len(c), c)), True
            cycles.append(_rotate(cycle))
    return sorted(cycles, key=lambda c: (len(c), c)), truncated


def _shortest_cycles(sub: nx.DiGraph, length_bound: int) -> Iterator[list[str]]:
    """Distinct shortest cycles of at most `length_bound` nodes through the first
    MAX_CYCLE_STARTS members in sorted order: one bounded search per start node, because
    networkx's enumeration re-splits a component of thousands of nodes for every start."""
    seen: set[tuple[str, ...]] = set()
    for start in sorted(sub.nodes)[:MAX_CYCLE_STARTS]:
        paths = nx.single_source_shortest_path(sub, start, cutoff=length_bound - 1)
        closing = [paths[p] for p in sorted(sub.predecessors(start)) if p in paths]
        if not closing:
            continue
        cycle = _rotate(min(closing, key=lambda c: (len(c), c)))
        if tuple(cycle) not in seen:
            seen.add(tuple(cycle))
            yield cycle


def shortest_cycle_through_smallest(graph: nx.DiGraph, members: list[str]) -> list[str]:
    """A shortest cycle through the smallest member of a strongly connected component.

    Returned closed, e.g. ["a", "b", "a"]; empty if `members` holds no cycle. Linear time,
    whatever the component's size, so every component has a nameable example.
    """
    if not members:
        return []
    sub = _sorted_subgraph(graph, members)
    start = min(members)
    paths = nx.single_source_shortest_path(sub, start)
    candidates = [paths[p] + [start] for p in sorted(sub.predecessors(start)) if p in paths]
    return min(candidates, key=lambda c: (len(c), c)) if candidates else []


def blast_radii(graph: nx.DiGraph) -> dict[str, int]:
    """Per node, how many other nodes transitively depend on it (`len(nx.ancestors)`).

    One pass over the condensation in topological order, each component carrying the set
    of its ancestors as a bitset: O(E * N / 64) word operations instead of one graph search
    per node, which was quadratic on systems with thousands of services.
    """
    dag = nx.condensation(graph)
    bit = {node: 1 << i for i, node in enumerate(sorted(graph.nodes))}
    members = {c: 0 for c in dag.nodes}
    for node, component in dag.graph["mapping"].items():
        members[component] |= bit[node]
    above: dict[int, int] = {}
    for component in nx.topological_sort(dag):
        bits = 0
        for parent in dag.predecessors(component):
            bits |= above[parent] | members[parent]
        above[component] = bits
    mapping = dag.graph["mapping"]
    return {node: above[mapping[node]].bit_count() + members[mapping[node]].bit_count() - 1
            for node in graph.nodes}


def _sync_depths(sync: nx.DiGraph) -> dict[str, int]:
    dag = nx.condensation(sync)
    depth: dict[int, int] = {}
    for component in reversed(list(nx.topological_sort(dag))):
        inner = len(dag.nodes[component]["members"]) - 1
        below = [1 + depth[n] for n in dag.successors(component)]
        depth[component] = inner + max(below, default=0)
    mapping = dag.graph["mapping"]
    return {service: depth[mapping[service]] for service in sync.nodes}


def _sorted_subgraph(graph: nx.DiGraph, members: list[str]) -> nx.DiGraph:
    sub = nx.DiGraph()
    sub.add_nodes_from(sorted(members))
    sub.add_edges_from(sorted(graph.subgraph(members).edges()))
    return sub


def _rotate(cycle: list[str]) -> list[str]:
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]
