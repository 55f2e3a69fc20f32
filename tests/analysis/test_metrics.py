"""compute_metrics: fan-in/out, instability, sync depth, blast radius, components, cycles."""

from __future__ import annotations

import random
import time

import networkx as nx

from analyzer.analysis.metrics import (blast_radii, compute_metrics, example_cycles,
                                       shortest_cycle_through_smallest, strongly_connected)
from analyzer.model import (Datastore, DatastoreCategory, Edge, EdgeKind, Service,
                            SystemModel)


def make_model(services, edges, datastores=()):
    return SystemModel(
        services=[Service(id=s) for s in services],
        datastores=[Datastore(id=d, technology="redis", category=DatastoreCategory.CACHE)
                    for d in datastores],
        edges=[Edge(source=a, target=b, kind=EdgeKind(k)) for a, b, k in edges])


def by_service(metrics):
    return {m.service: m for m in metrics.services}


def test_fan_in_fan_out_and_instability():
    model = make_model(["web", "api", "auth"],
                       [("web", "api", "http"), ("web", "auth", "http"), ("api", "auth", "grpc"),
                        ("api", "cache", "cache"), ("api", "auth", "depends-on")], ["cache"])
    m = by_service(compute_metrics(model))
    assert (m["web"].fan_in, m["web"].fan_out, m["web"].instability) == (0, 2, 1.0)
    assert (m["api"].fan_in, m["api"].fan_out, m["api"].instability) == (1, 2, 0.667)
    assert (m["auth"].fan_in, m["auth"].fan_out, m["auth"].instability) == (2, 0, 0.0)


def test_isolated_service_has_zero_instability():
    m = by_service(compute_metrics(make_model(["alone"], [])))
    assert m["alone"].instability == 0.0
    assert m["alone"].sync_depth == 0 and m["alone"].blast_radius == 0


def test_sync_depth_counts_only_http_and_grpc_chains():
    model = make_model(["a", "b", "c", "d", "e"],
                       [("a", "b", "http"), ("b", "c", "grpc"), ("c", "d", "async"),
                        ("a", "e", "depends-on")])
    m = by_service(compute_metrics(model))
    assert [m[s].sync_depth for s in "abcde"] == [2, 1, 0, 0, 0]


def test_sync_depth_terminates_on_cycles_and_weights_components_by_size():
    # a -> (b <-> c) -> d: b and c form a component of 2 (1 inner edge), then one edge to d
    model = make_model(["a", "b", "c", "d"],
                       [("a", "b", "http"), ("b", "c", "http"), ("c", "b", "http"),
                        ("c", "d", "http")])
    m = by_service(compute_metrics(model))
    assert m["d"].sync_depth == 0
    assert m["b"].sync_depth == m["c"].sync_depth == 2
    assert m["a"].sync_depth == 3


def test_blast_radius_counts_transitive_dependents_including_topics_free_edges():
    model = make_model(["a", "b", "c", "d"],
                       [("a", "b", "http"), ("b", "c", "async"), ("d", "c", "depends-on")])
    m = by_service(compute_metrics(model))
    assert m["c"].blast_radius == 3
    assert m["b"].blast_radius == 1
    assert m["a"].blast_radius == 0


def test_components_and_cycles_are_sorted_and_normalised():
    model = make_model(["x", "y", "z", "p", "q", "solo"],
                       [("z", "y", "http"), ("y", "x", "http"), ("x", "z", "grpc"),
                        ("x", "y", "http"), ("q", "p", "async"), ("p", "q", "http")])
    metrics = compute_metrics(model)
    assert metrics.components == [["p", "q"], ["x", "y", "z"]]
    assert metrics.cycles == [["p", "q"], ["x", "y"], ["x", "z", "y"]]
    assert metrics.cycles_truncated is False


def test_complete_digraph_of_60_nodes_is_bounded_and_fast():
    nodes = [f"s{i:02d}" for i in range(60)]
    model = make_model(nodes, [(a, b, "http") for a in nodes for b in nodes if a != b])
    started = time.monotonic()
    metrics = compute_metrics(model)
    assert time.monotonic() - started < 10
    assert metrics.cycles_truncated is True
    assert len(metrics.cycles) == 20
    assert all(2 <= len(c) <= 8 and c[0] == min(c) for c in metrics.cycles)
    assert metrics.components == [nodes]


def test_large_ring_is_flagged_truncated_but_has_a_shortest_example():
    ring = [f"n{i}" for i in range(12)]
    graph = nx.DiGraph([(ring[i], ring[(i + 1) % 12]) for i in range(12)])
    components = strongly_connected(graph)
    cycles, truncated = example_cycles(graph, components)
    assert cycles == [] and truncated is True
    example = shortest_cycle_through_smallest(graph, components[0])
    assert example[0] == example[-1] == "n0" and len(example) == 13


def test_shortest_cycle_prefers_the_shortest_then_smallest_path():
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("b", "a"), ("a", "d"), ("d", "a")])
    assert shortest_cycle_through_smallest(graph, ["a", "b", "c", "d"]) == ["a", "b", "a"]


def test_metrics_are_deterministic():
    edges = [("a", "b", "http"), ("b", "a", "grpc"), ("b", "c", "http"), ("c", "b", "http")]
    one = compute_metrics(make_model(["a", "b", "c"], edges))
    two = compute_metrics(make_model(["c", "a", "b"], list(reversed(edges))))
    assert one.model_dump_json() == two.model_dump_json()


def test_blast_radii_equal_ancestor_counts_on_graphs_with_cycles():
    rng = random.Random(7)
    for _ in range(20):
        graph = nx.gnp_random_graph(40, rng.choice([0.02, 0.05, 0.1]), seed=rng.randrange(10**6),
                                    directed=True)
        graph.add_edge(3, 3)  # a self-loop is not an ancestor of itself
        expected = {n: len(nx.ancestors(graph, n)) for n in graph.nodes}
        assert blast_radii(graph) == expected


def test_example_cycles_in_a_large_component_are_real_short_cycles_found_fast():
    ring = [f"s{i:04d}" for i in range(2000)]
    graph = nx.DiGraph()
    graph.add_edges_from((a, ring[(i + k) % len(ring)]) for i, a in enumerate(ring) for k in (1, 2, 3))
    graph.add_edges_from([("s0005", "s0001"), ("s0100", "s0098")])  # two short cycles
    started = time.perf_counter()
    cycles, truncated = example_cycles(graph, strongly_connected(graph))
    assert time.perf_counter() - started < 5.0
    assert truncated and cycles
    for cycle in cycles:
        assert len(cycle) <= 8 and cycle[0] == min(cycle)
        assert all(graph.has_edge(a, b) for a, b in zip(cycle, cycle[1:] + cycle[:1]))
    assert ["s0001", "s0002", "s0005"] in cycles or ["s0001", "s0004", "s0005"] in cycles
