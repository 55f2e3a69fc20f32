"""Long fluent chains and deeply nested blocks are read with loops, never by recursion."""

from __future__ import annotations

from analyzer.ingest.code.scanner import extract_text
from analyzer.ingest.manifests.k8s_objects import _plain

LONG = 10_000


def test_aspire_app_host_with_a_10000_call_chain(system, audit):
    program = ("var builder = DistributedApplication.CreateBuilder(args);\n"
               "var db = builder.AddPostgres(\"pg\");\n"
               "var orders = builder.AddContainer(\"orders\", \"shop/orders\")"
               + "\n    .WithReference(db)" * LONG + ";\nbuilder.Build().Run();\n")
    done = audit(system({"host/AppHost/Program.cs": program}))
    services = {s["id"] for s in done.facts["services"]}
    assert {"orders", "api", "web"} <= services
    assert ("orders", "pg") in done.edges()


def test_nginx_blocks_nested_10000_deep():
    conf = "http {\n" + "location /a {\n" * LONG + "proxy_pass http://web;\n" + "}\n" * LONG + "}\n"
    facts = extract_text("nginx", conf, "nginx.conf")
    assert [c.target for c in facts.calls] == ["http://web"]
    assert facts.problems == []


def test_python_fluent_chain_is_capped_not_a_crash():
    text = "import requests\nx = requests" + ".foo()\\\n" * 900 + ".get('http://web/x')\n" \
        "requests.get('http://api/y')\n"
    facts = extract_text("python", text, "chain.py")
    assert [c.target for c in facts.calls] == ["http://api/y"]  # the rest of the file is read
    assert [p.code for p in facts.problems] == ["code-value-capped"]


def test_csharp_map_group_chain_of_10000():
    text = ("class P { void M(WebApplication app) {\nvar api = app" + ".MapGroup(\"/v\")" * LONG
            + ";\napi.MapGet(\"/orders\", () => 1);\n}}\n")
    facts = extract_text("csharp", text, "Program.cs")
    assert not [p for p in facts.problems if p.code == "code-too-deep"]
    [route] = facts.routes
    assert route.path.startswith("/v/v/") and route.path.endswith("/orders")


def test_plain_copy_keeps_order_and_shape_without_recursion():
    deep: dict = {}
    node = deep
    for _ in range(5000):
        node["a"] = {}
        node = node["a"]
    copy = _plain({"z": [1, {"y": None}], "b": deep})
    assert list(copy) == ["z", "b"] and copy["z"] == [1, {"y": None}]


def test_indexed_parent_matches_tree_sitter_and_ancestors_are_capped():
    from analyzer.ingest.code import limits
    from analyzer.ingest.code.treesitter import util as tsu
    tree, _ = tsu.parse("javascript", "function f(a) { return g(a, [1, [2]]); }\n")
    nodes = list(tsu.walk(tree.root_node))
    assert all(tsu.parent(n) == n.parent for n in nodes)
    limits.reset()
    deep, _ = tsu.parse("javascript", "x = " + "[" * 400 + "]" * 400 + ";\n")
    leaf = max(tsu.walk(deep.root_node), key=lambda n: n.start_byte if n.type == "[" else -1)
    assert len(list(tsu.ancestors(leaf))) == limits.MAX_ANCESTORS
    assert [p.code for p in limits.problems()] == ["code-value-capped"]
