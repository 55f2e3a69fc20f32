"""build_graph / service_graph: nodes, grouped edges, topics, determinism."""

from __future__ import annotations

from analyzer.analysis.graph import build_graph, restrict_kinds, service_graph
from analyzer.model import (Datastore, DatastoreCategory, Edge, EdgeKind, Evidence, Origin,
                            Service, SystemModel, Topic)


def make_model(services, edges, datastores=()):
    return SystemModel(
        services=[Service(id=s) for s in services],
        datastores=[Datastore(id=d, technology="postgres", category=DatastoreCategory.DB)
                    for d in datastores],
        edges=[Edge(source=a, target=b, kind=EdgeKind(k),
                    evidence=[Evidence(origin=Origin.CODE, file=f"{a}/main.py", line=3)])
               for a, b, k in edges])


def test_nodes_carry_their_kind_and_datastore_attributes():
    graph = build_graph(make_model(["web", "api"], [("web", "api", "http"),
                                                     ("api", "pg", "db"),
                                                     ("api", "ghost", "http")], ["pg"]))
    assert list(graph.nodes) == ["api", "ghost", "pg", "web"]
    assert graph.nodes["web"]["kind"] == "service"
    assert graph.nodes["pg"] == {"kind": "datastore", "category": "db", "technology": "postgres"}
    assert graph.nodes["ghost"]["kind"] == "unknown"


def test_parallel_edges_are_grouped_with_sorted_kinds():
    model = make_model(["a", "b"], [("a", "b", "http"), ("a", "b", "depends-on"),
                                    ("a", "b", "grpc")])
    graph = build_graph(model)
    assert graph.number_of_edges() == 1
    data = graph.edges["a", "b"]
    assert data["kinds"] == ["depends-on", "grpc", "http"]
    assert [e.kind.value for e in data["edges"]] == ["depends-on", "grpc", "http"]


def test_service_graph_keeps_service_edges_only_and_drops_self_loops():
    model = make_model(["a", "b"], [("a", "b", "http"), ("a", "a", "http"), ("a", "pg", "db")],
                       ["pg"])
    graph = service_graph(model)
    assert sorted(graph.edges) == [("a", "b")]
    assert graph.edges["a", "b"]["kinds"] == ["http"]


def test_topics_become_nodes_and_derive_async_producer_consumer_edges():
    base = make_model(["orders", "billing", "mail"],
                      [("orders", "order-events", "async"), ("order-events", "billing", "async"),
                       ("order-events", "mail", "async")])
    topic = Topic(id="order-events", name="order-events", system="kafka")
    model = base.model_copy(update={"topics": [topic]})
    graph = build_graph(model)
    assert graph.nodes["order-events"]["kind"] == "topic"
    services = service_graph(model)
    assert sorted(services.edges) == [("orders", "billing"), ("orders", "mail")]
    assert services.edges["orders", "billing"] == {"kinds": ["async"], "via": ["order-events"]}


def test_restrict_kinds_keeps_nodes_and_matching_edges():
    model = make_model(["a", "b", "c"], [("a", "b", "http"), ("b", "c", "depends-on")])
    sync = restrict_kinds(service_graph(model), {"http", "grpc"})
    assert sorted(sync.nodes) == ["a", "b", "c"]
    assert sorted(sync.edges) == [("a", "b")]


def test_build_graph_is_independent_of_input_order():
    edges = [("a", "b", "http"), ("b", "c", "grpc"), ("c", "a", "async")]
    one = build_graph(make_model(["a", "b", "c"], edges))
    two = build_graph(make_model(["c", "b", "a"], list(reversed(edges))))
    assert list(one.nodes) == list(two.nodes)
    assert list(one.edges) == list(two.edges)
