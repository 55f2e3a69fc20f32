"""The reporter registry, graph JSON (node-link) and `render_graph` for `archgov graph`."""

import json

import networkx as nx
import pytest

from analyzer.model import SystemModel
from analyzer.report import GRAPH_FORMATS, REPORTERS, UnknownNode, render_graph
from analyzer.report.graphview import anchor, safe_key


def test_registry_lists_every_format_with_a_distinct_file():
    assert set(REPORTERS) >= {"html", "dot", "svg", "mermaid", "json", "findings", "facts",
                              "csv", "sarif", "junit", "markdown", "scorecard"}
    files = [r.file_name for r in REPORTERS.values()]
    assert len(set(files)) == len(files)
    assert REPORTERS["html"].file_name == "report.html"
    assert REPORTERS["findings"].file_name == "findings.json"
    assert REPORTERS["facts"].file_name == "facts.json"
    assert all(r.name == key and r.description for key, r in REPORTERS.items())


def test_facts_reporter_is_the_model_document(result):
    text = REPORTERS["facts"].render(result)
    assert text == result.model.to_json()
    assert SystemModel.from_json(text).normalized() == result.model.normalized()


def test_graph_json_is_a_networkx_node_link_multigraph(result):
    doc = json.loads(REPORTERS["json"].render(result))
    assert doc["directed"] is True and doc["multigraph"] is True
    graph = nx.node_link_graph(doc, edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    # one entry per model edge: grpc and depends-on between orders and payments are two
    assert graph.number_of_edges() == len(result.model.edges)
    assert graph.nodes["topic:order.created"]["kind"] == "topic"
    assert set(graph["orders"]["payments"]) == {"grpc", "depends-on"}
    assert graph.nodes["orders-db"]["kind"] == "datastore"
    assert graph.nodes["legacy-erp"]["kind"] == "external"
    assert doc["graph"]["name"] == "shop"
    evidence = graph["gateway"]["orders"]["http"]["evidence"]
    assert {e["origin"] for e in evidence} == {"code", "runtime"}
    cyclic = {(e["source"], e["target"], e["kind"]) for e in doc["edges"] if e["cyclic"]}
    assert cyclic == {("orders", "payments", "grpc"), ("orders", "payments", "depends-on"),
                      ("payments", "orders", "http")}


def test_findings_json_summary_counts(result):
    doc = json.loads(REPORTERS["findings"].render(result))
    assert doc["summary"]["findings"] == {"error": 1, "warning": 2, "info": 1, "total": 4}
    assert doc["summary"]["services"] == 5 and doc["summary"]["edges"] == 11
    assert [f["severity"] for f in doc["findings"]] == ["error", "warning", "warning", "info"]
    assert doc["findings"][0]["location"] == {"file": "services/orders/pay.py", "line": 7}


def test_render_graph_focus_keeps_neighbourhood_in_both_directions(result):
    doc = json.loads(render_graph(result.model, "json", focus="orders", depth=1))
    assert {n["id"] for n in doc["nodes"]} == {"orders", "gateway", "payments", "inventory",
                                               "orders-db", "topic:order.created"}
    # edges among kept nodes only; inventory -> cache left out with cache
    assert all(e["target"] != "cache" for e in doc["edges"])
    wider = json.loads(render_graph(result.model, "json", focus="orders", depth=2))
    assert {"cache", "legacy-erp", "<script>alert(1)</script>"} <= {n["id"] for n in wider["nodes"]}


def test_render_graph_depth_zero_and_unlimited(result):
    alone = json.loads(render_graph(result.model, "json", focus="cache", depth=0))
    assert [n["id"] for n in alone["nodes"]] == ["cache"] and alone["edges"] == []
    upstream = json.loads(render_graph(result.model, "json", focus="cache"))
    ids = {n["id"] for n in upstream["nodes"]}
    assert {"inventory", "orders", "gateway", "payments"} <= ids and "orders-db" not in ids


def test_render_graph_computes_cycles_without_metrics(result):
    dot = render_graph(result.model, "dot")
    red = [line for line in dot.splitlines() if "#d1242f" in line]
    assert len(red) == 3  # grpc and depends-on orders -> payments, http payments -> orders
    assert all("n_orders -> n_payments" in line or "n_payments -> n_orders" in line for line in red)
    topic = next(line for line in dot.splitlines() if line.lstrip().startswith("n_topic_order_created"))
    assert "shape=cds" in topic
    mermaid = render_graph(result.model, "mermaid")
    assert mermaid.startswith("flowchart LR\n")
    assert 'n_orders_db_9e69a8[("orders-db")]' in mermaid


def test_render_graph_rejects_unknown_format_and_focus(result):
    with pytest.raises(ValueError, match="choose from dot, json, mermaid, svg"):
        render_graph(result.model, "png")
    with pytest.raises(UnknownNode, match="no node named 'nope'"):
        render_graph(result.model, "dot", focus="nope", depth=1)
    assert set(GRAPH_FORMATS) == {"dot", "json", "mermaid", "svg"}


def test_safe_keys_are_identifiers_and_distinct():
    raws = ["a-b", "a_b", "a.b", "a b", "<x>", "", "plain"]
    keys = [safe_key(r) for r in raws]
    assert len(set(keys)) == len(keys)
    assert all(k.replace("_", "").isalnum() for k in keys)
    assert safe_key("plain") == "n_plain" and anchor("orders") == "svc-orders"


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_an_empty_system_renders_in_every_format(fmt):
    from analyzer.model import AuditResult, GraphMetrics

    empty = AuditResult(model=SystemModel(), metrics=GraphMetrics())
    text = REPORTERS[fmt].render(empty)
    assert text.strip()
    if fmt == "html":
        assert "No findings" in text and "No rule was evaluated" in text
