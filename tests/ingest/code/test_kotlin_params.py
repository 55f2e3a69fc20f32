"""Kotlin parameters as `param` calls and call sites as `ArgBinding`s, joined across files."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.code.kotlin.extractor import extract
from analyzer.ingest.files import discover
from analyzer.model import Service, SystemModel

CLIENT = """\
class OrdersClient(private val base: String, private val rest: RestTemplate) {
    fun fetch(path: String) = rest.getForObject("$base/orders" + path, String::class.java)
    fun get(url: String) = rest.getForObject(url, String::class.java)
    fun stock() = get("http://stock:9000/levels")
}
"""
WIRING = """\
class Wiring {
    fun orders() = OrdersClient("http://orders:8080", RestTemplate())
    fun fromEnv() = OrdersClient(System.getenv("ORDERS_URL"), RestTemplate())
}
"""


class _Options:
    jobs = 1
    cache_dir = ""


def test_constructor_parameter_is_a_param_call_and_same_file_caller_resolves():
    facts = extract(CLIENT, "OrdersClient.kt")
    calls = {(c.line, c.target_kind, c.target, c.suffix) for c in facts.calls}
    assert calls == {(2, "param", "OrdersClient#0", "/orders"),
                     (4, "url", "http://stock:9000/levels", "")}
    assert facts.bindings == []  # `rest.getForObject` is a client call, not the project's


def test_calls_of_classes_from_other_files_bind_known_arguments():
    facts = extract(WIRING, "Wiring.kt")
    bindings = {(b.line, b.callable, b.index, b.target_kind, b.target) for b in facts.bindings}
    assert bindings == {(2, "OrdersClient", 0, "url", "http://orders:8080"),
                        (3, "OrdersClient", 0, "env", "ORDERS_URL")}


def test_cross_file_join_makes_the_edge(write):
    root = write({"services/web/src/main/kotlin/OrdersClient.kt": CLIENT,
                  "services/web/src/main/kotlin/Wiring.kt": WIRING})
    model = SystemModel(services=[Service(id="web", source_dir="services/web"),
                                  Service(id="orders", source_dir="services/orders"),
                                  Service(id="stock", source_dir="services/stock")])
    result = enrich(model, discover([Path(root)]), _Options())
    edges = {e.key: sorted((x.file.rsplit("/", 1)[-1], x.line) for x in e.evidence)
             for e in result.edges}
    assert edges == {("web", "orders", "http"): [("OrdersClient.kt", 2)],
                     ("web", "stock", "http"): [("OrdersClient.kt", 4)]}
    orders = next(e for e in result.edges if e.target == "orders").evidence[0]
    assert "Wiring.kt:2" in orders.detail
    assert any("ORDERS_URL" in d.message for d in result.diagnostics)
