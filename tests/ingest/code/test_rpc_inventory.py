"""RPC methods from .proto/.thrift definitions, listed as routes of the service serving them."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.code.facts import FileFacts
from analyzer.ingest.code.java import routes, thrift
from analyzer.ingest.code.kotlin import declarations, extractor
from analyzer.ingest.code.proto import extract
from analyzer.ingest.files import discover
from analyzer.model import Service, SystemModel


class _Options:
    jobs = 1
    cache_dir = ""


def _methods(facts: FileFacts) -> set[tuple[str, str, int]]:
    return {(m.service, m.method, m.line) for m in facts.rpc_methods}


def test_proto_methods_skip_comments_and_options():
    facts = extract(textwrap.dedent("""\
        syntax = "proto3";
        package shop.v1;
        service Orders {
          rpc Get(GetRequest) returns (Order);
          // rpc Old(A) returns (B);
          rpc Watch(stream A) returns (stream B) {
            option (google.api.http) = { get: "/v1/{id}" };
          }
        }
        /* service Gone { rpc X(A) returns (B); } */
        service Health { rpc Check(A) returns (B); }
    """), "orders.proto")
    assert _methods(facts) == {("shop.v1.Orders", "Get", 4), ("shop.v1.Orders", "Watch", 6),
                               ("shop.v1.Health", "Check", 11)}
    assert FileFacts.from_dict(facts.to_dict()) == facts


def test_thrift_functions_with_throws_oneway_and_generic_types():
    facts = extract(textwrap.dedent("""\
        namespace go pricing
        # i32 commented(1: string x)
        service Pricing extends base.Base {
          i32 quote(1: string sku, 2: map<string, list<i32>> opts) throws (1: NotFound nf),
          oneway void ping();
          list<Price> batch(
              1: list<string> skus)
        }
    """), "pricing.thrift")
    assert _methods(facts) == {("pricing.Pricing", "quote", 4), ("pricing.Pricing", "ping", 5),
                               ("pricing.Pricing", "batch", 6)}


def test_server_gets_one_route_per_idl_method_client_gets_none(write):
    root = write({
        "proto/orders.proto": """
            syntax = "proto3";
            package shop.v1;
            service Orders {
              rpc Get(A) returns (B);
              rpc List(A) returns (B);
            }
        """,
        "services/orders/main.go": """
            package main
            import pb "example.com/shop/v1"
            func main() { pb.RegisterOrdersServer(s, &server{}) }
        """,
        "services/web/main.go": """
            package main
            import pb "example.com/shop/v1"
            func main() { c := pb.NewOrdersClient(conn) }
        """,
    })
    model = SystemModel(services=[Service(id="orders", source_dir="services/orders"),
                                  Service(id="web", source_dir="services/web")])
    result = enrich(model, discover([Path(root)]), _Options())
    routes = {(r.service, r.path, r.framework, r.file, r.line) for r in result.routes}
    assert routes == {
        ("orders", "Orders", "grpc-go", "services/orders/main.go", 4),
        ("orders", "/shop.v1.Orders/Get", "grpc", "proto/orders.proto", 5),
        ("orders", "/shop.v1.Orders/List", "grpc", "proto/orders.proto", 6)}
    assert {e.key for e in result.edges} == {("web", "orders", "grpc")}


def test_same_bare_name_in_two_packages_prefers_the_servers_own_idl(write):
    root = write({
        "services/a/api.proto": "package a.v1;\nservice Status { rpc Ping(A) returns (B); }\n",
        "services/b/api.proto": "package b.v1;\nservice Status { rpc Check(A) returns (B); }\n",
        "services/a/server.py": """
            import grpc
            from api_pb2_grpc import add_StatusServicer_to_server
            add_StatusServicer_to_server(Impl(), server)
        """,
    })
    model = SystemModel(services=[Service(id="a", source_dir="services/a"),
                                  Service(id="b", source_dir="services/b")])
    result = enrich(model, discover([Path(root)]), _Options())
    assert {r.path for r in result.routes if r.path.startswith("/")} == {"/a.v1.Status/Ping"}


def test_rpc_name_patterns_are_linear_on_huge_identifiers():
    huge = "a" * 200_000
    started = time.perf_counter()
    for pattern in (thrift._IFACE, routes._IMPL_BASE, declarations._IMPL_BASE, extractor._STUBS):
        assert list(pattern.finditer(huge)) == []
    assert time.perf_counter() - started < 2.0  # quadratic, this took over a minute
    assert routes._IMPL_BASE.search("OrdersGrpc.OrdersImplBase").group(1) == "Orders"
    assert thrift._IFACE.findall("shop.Orders.Iface, Cart.AsyncIface") == ["Orders", "Cart"]
