"""The graph JSON embedded in report.html: complete, inert inside a script element, stable."""

import json
import re

from report_sample import HOSTILE_SERVICE

from analyzer.model import Resource, Service, SystemModel
from analyzer.report import REPORTERS
from analyzer.report.graphview import build_view
from analyzer.report.html_graph_data import embed_json, graph_data

BREAKOUTS = ["</script><script>alert(1)</script>", "<!-- <script>", "a\u2028b\u2029c", "x&amp;y",
             "</SCRIPT >"]


def _embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_embedded_json_cannot_end_the_script_element_or_open_a_comment():
    text = embed_json({"names": BREAKOUTS})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"names": BREAKOUTS}  # the script reads back exactly the names


def test_the_page_embeds_every_node_and_edge_by_drawn_id(result):
    html = REPORTERS["html"].render(result)
    data = _embedded(html)
    view = build_view(result.model, components=result.metrics.components)
    assert [n["id"] for n in data["nodes"]] == [n.id for n in view.nodes]
    assert len(data["edges"]) == len(result.model.edges) == 11
    for node in data["nodes"]:
        assert f'id="{node["k"]}"' in html  # the drawing has an element for each
    for edge in data["edges"]:
        assert f'id="{edge["id"]}"' in html
    hostile = next(n for n in data["nodes"] if n["id"] == HOSTILE_SERVICE)
    assert hostile["a"] and f'id="{hostile["a"]}"' in html  # its panel is its section
    assert next(n for n in data["nodes"] if n["id"] == "legacy-erp")["a"] is None
    assert {n["id"] for n in data["nodes"] if n["c"]} == {"orders", "payments"}
    assert data["kinds"] == ["async", "cache", "db", "depends-on", "grpc", "http"]
    assert data["origins"] == ["code", "config", "manifest", "runtime"]
    assert data["focus"] is None and data["depth"] == 1


def test_origins_and_undeclared_per_edge(result):
    data = graph_data(build_view(result.model), result.model)
    names = [n["id"] for n in data["nodes"]]
    by_ends = {(names[e["s"]], names[e["t"]], e["k"]): e for e in data["edges"]}
    assert by_ends[("gateway", "orders", "http")]["o"] == ["code", "runtime"]
    assert by_ends[("gateway", "orders", "http")]["u"] == "code"
    assert by_ends[("orders", "payments", "depends-on")]["u"] is None


def test_groupings_offered_only_when_they_split_the_services():
    services = [Service(id="billing-api", namespace="money", source_dir="billing/src"),
                Service(id="billing-worker", namespace="money", source_dir="billing/worker"),
                Service(id="search-api", namespace="find", source_dir="search")]
    resources = [Resource(kind="Deployment", name="search-api", file="k8s/s.yaml", service="search-api",
                          facts={"labels": {"app.kubernetes.io/part-of": "discovery"}}),
                 Resource(kind="Deployment", name="billing-api", file="k8s/b.yaml", service="billing-api",
                          facts={"labels": {"app.kubernetes.io/part-of": "payments"}})]
    model = SystemModel(services=services, resources=resources)
    data = graph_data(build_view(model), model)
    assert data["groupings"] == ["namespace", "repository", "label", "prefix"]
    groups = {n["id"]: n["g"] for n in data["nodes"]}
    assert groups["billing-worker"] == {"namespace": "money", "repository": "billing",
                                        "prefix": "billing"}
    assert groups["search-api"]["label"] == "discovery"
    one_namespace = SystemModel(services=[s.model_copy(update={"namespace": "a"}) for s in services])
    assert "namespace" not in graph_data(build_view(one_namespace), one_namespace)["groupings"]


def test_same_view_same_bytes(result):
    view = build_view(result.model)
    first = embed_json(graph_data(view, result.model, "orders", 2))
    assert first == embed_json(graph_data(view, result.model, "orders", 2))
    assert '"focus":"orders"' in first and '"depth":2' in first
