"""Cross-file join: a URL held in a parameter in one file, given a value by a caller in another."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.code.resolution.bindings import join_params, parse_target
from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall

COMPOSE = """\
services:
  web:
    build: ./web
    environment:
      ORDERS_URL: http://orders:8080
  orders:
    image: acme/orders
  inventory:
    image: acme/inventory
"""


def _edges(write, files):
    root = write({"docker-compose.yml": COMPOSE, **files})
    model = scan([root], ScanOptions(cache_dir=""))
    return model, {e.key: e for e in model.edges}


def _code(edge):
    return [e for e in edge.evidence if e.origin.value == "code"]


def test_go_constructor_parameter_kept_in_a_struct_field(write):
    model, edges = _edges(write, {
        "web/main.go": """\
            package main
            import "os"
            func main() { c := newOrdersClient(os.Getenv("ORDERS_URL")); c.get() }
            """,
        "web/orders.go": """\
            package main
            import "net/http"
            type ordersClient struct { base string }
            func newOrdersClient(base string) *ordersClient { return &ordersClient{base: base} }
            func (c *ordersClient) get() { http.Get(c.base + "/api/orders") }
            """})
    [evidence] = _code(edges[("web", "orders", "http")])
    assert (evidence.file, evidence.line) == ("web/orders.go", 5)
    assert "web/main.go:3" in evidence.detail and "ORDERS_URL" in evidence.detail
    assert model.literal_addresses == []  # an env lookup is not a literal address


def test_python_class_in_one_module_instantiated_in_another(write):
    _model, edges = _edges(write, {
        "web/clients.py": """\
            import requests
            class OrdersClient:
                def __init__(self, base):
                    self.base = base
                def fetch(self, oid):
                    return requests.get(self.base + "/orders/" + oid)
            """,
        "web/app.py": """\
            import os
            from clients import OrdersClient
            client = OrdersClient(os.environ["ORDERS_URL"])
            """})
    [evidence] = _code(edges[("web", "orders", "http")])
    assert (evidence.file, evidence.line) == ("web/clients.py", 6)
    assert "web/app.py:3" in evidence.detail


def test_java_constructor_injection_from_a_configuration_class(write):
    _model, edges = _edges(write, {
        "web/src/main/java/shop/client/OrdersClient.java": """\
            package shop.client;
            import org.springframework.web.client.RestTemplate;
            public class OrdersClient {
                private final String baseUrl;
                private final RestTemplate rest = new RestTemplate();
                public OrdersClient(String baseUrl) { this.baseUrl = baseUrl; }
                public String get(String id) {
                    return rest.getForObject(baseUrl + "/api/orders/" + id, String.class);
                }
            }
            """,
        "web/src/main/java/shop/config/Clients.java": """\
            package shop.config;
            public class Clients {
                public OrdersClient orders() { return new OrdersClient(System.getenv("ORDERS_URL")); }
            }
            """})
    [evidence] = _code(edges[("web", "orders", "http")])
    assert evidence.file.endswith("OrdersClient.java") and evidence.line == 8


def test_typescript_parameter_property_and_a_literal_address_binding(write):
    model, edges = _edges(write, {
        "web/src/inventory.ts": """\
            import axios from "axios";
            export class InventoryClient {
              constructor(private readonly base: string) {}
              stock(sku: string) { return axios.get(`${this.base}/api/stock/${sku}`); }
            }
            """,
        "web/src/app.ts": """\
            import { InventoryClient } from "./inventory";
            const inventory = new InventoryClient("http://inventory:9000");
            """})
    [evidence] = _code(edges[("web", "inventory", "http")])
    assert (evidence.file, evidence.line) == ("web/src/inventory.ts", 4)
    [literal] = model.literal_addresses  # the edge is seen only in code, through a literal
    assert (literal.service, literal.host, literal.target) == ("web", "inventory", "inventory")


def test_csharp_constructor_argument_from_configuration(write):
    root = write({"docker-compose.yml": COMPOSE.replace("ORDERS_URL", "Services__Orders"),
                  "web/OrdersClient.cs": """\
            public class OrdersClient
            {
                private readonly HttpClient _http;
                private readonly string _baseUrl;
                public OrdersClient(HttpClient http, string baseUrl) { _http = http; _baseUrl = baseUrl; }
                public Task<string> Get(string id) => _http.GetStringAsync($"{_baseUrl}/api/orders/{id}");
            }
            """,
                  "web/Program.cs": """\
            var builder = WebApplication.CreateBuilder(args);
            var orders = new OrdersClient(new HttpClient(), builder.Configuration["Services:Orders"]);
            """})
    edges = {e.key: e for e in scan([root], ScanOptions(cache_dir="")).edges}
    [evidence] = _code(edges[("web", "orders", "http")])
    assert (evidence.file, evidence.line) == ("web/OrdersClient.cs", 6)


def test_an_env_default_in_code_is_not_a_literal_address(write):
    model, edges = _edges(write, {
        "web/app.py": """\
            import os, requests
            requests.get(os.getenv("INVENTORY_URL", "http://inventory:9000") + "/stock")
            requests.get("http://orders:8080/api")
            """})
    assert _code(edges[("web", "inventory", "http")])
    # orders also has manifest evidence (ORDERS_URL), so ops can see and repoint it
    assert model.literal_addresses == []


def test_unmatched_parameter_is_an_info_diagnostic_and_no_edge(write):
    model, edges = _edges(write, {
        "web/client.go": """\
            package main
            import "net/http"
            func fetch(url string) { http.Get(url + "/x") }
            """})
    assert not [k for k, e in edges.items() if k[0] == "web" and _code(e)]
    [diagnostic] = [d for d in model.diagnostics if "fetch#0" in d.message]
    assert diagnostic.severity.value == "info" and diagnostic.file == "web/client.go"


def test_join_prefers_the_same_folder_and_chains_through_parameters():
    param = OutboundCall(7, "http", "param", "newClient#0", "http.Get newClient#0", "/api")
    files = [
        ("svc/a/client.go", FileFacts("go", calls=[param])),
        ("svc/a/main.go", FileFacts("go", bindings=[ArgBinding(3, "newClient", 0, "param",
                                                               "run#0")])),
        ("svc/cmd/main.go", FileFacts("go", bindings=[
            ArgBinding(9, "run", 0, "env", "ORDERS_URL"),
            ArgBinding(10, "newClient", 0, "url", "http://elsewhere:1")])),
    ]
    joined = join_params(files)
    [call] = joined.calls["svc/a/client.go"]
    assert (call.line, call.target_kind, call.target, call.suffix) == (7, "env", "ORDERS_URL", "/api")
    assert "svc/a/main.go:3" in call.detail and "svc/cmd/main.go:9" in call.detail
    assert joined.unmatched == []
    assert parse_target("X#2") == ("X", 2) and parse_target("bad") is None


def test_file_facts_round_trip_their_bindings():
    facts = FileFacts("go", bindings=[ArgBinding(1, "f", 0, "env", "X", "/p", "d")])
    assert FileFacts.from_dict(facts.to_dict()) == facts
    assert FileFacts.from_dict({"language": "go"}).bindings == []
