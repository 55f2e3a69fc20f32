"""Apache Thrift clients, addresses and servers per language, and their resolution to edges."""

from __future__ import annotations

import textwrap
from pathlib import Path

from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.code.golang.extractor import extract as extract_go
from analyzer.ingest.code.java.extractor import extract as extract_java
from analyzer.ingest.code.javascript.extractor import extract as extract_js
from analyzer.ingest.code.python.extractor import extract as extract_py
from analyzer.ingest.files import discover
from analyzer.model import Edge, EdgeKind, EnvVar, Evidence, Origin, Service, SystemModel
from analyzer.model.facts import SYNCHRONOUS_KINDS
from analyzer.report.dot import render_dot
from analyzer.report.graphview import build_view
from analyzer.report.mermaid import render_mermaid


class _Options:
    jobs = 1
    cache_dir = ""


def _calls(facts) -> set[tuple[str, str, str]]:
    return {(c.protocol, c.target_kind, c.target) for c in facts.calls}


def _servers(facts) -> set[tuple[str, str]]:
    return {(s.service, s.framework) for s in facts.rpc_servers}


def test_python_client_socket_processor_and_thriftpy2():
    facts = extract_py(textwrap.dedent("""
        import os
        from thrift.transport import TSocket
        from thrift.server import TServer
        from pricing import Pricing
        from thriftpy2.rpc import make_client

        transport = TSocket.TSocket(os.environ["PRICING_HOST"], 9090)
        other = TSocket.TSocket(host="pricing", port=9090)
        client = Pricing.Client(protocol)
        server = TServer.TSimpleServer(Pricing.Processor(Handler()), TSocket.TServerSocket(port=1))
        pp = make_client(pingpong_thrift.PingPong, "pingpong", 6000)
    """), "app.py")
    assert _calls(facts) == {("thrift", "env", "PRICING_HOST"), ("thrift", "url", "pricing:9090"),
                             ("thrift", "rpc", "Pricing"), ("thrift", "rpc", "PingPong"),
                             ("thrift", "url", "pingpong:6000")}
    env_call = next(c for c in facts.calls if c.target_kind == "env")
    assert env_call.suffix == ":9090" and env_call.line == 8
    assert _servers(facts) == {("Pricing", "thrift")}


def test_python_client_class_without_thrift_import_is_not_thrift():
    facts = extract_py("from docker import Docker\nc = Docker.Client(base)\n", "app.py")
    assert facts.calls == [] and facts.rpc_servers == []


def test_java_client_socket_processor_and_iface():
    facts = extract_java(textwrap.dedent("""
        import org.apache.thrift.transport.TSocket;
        import shop.pricing.Pricing;
        public class Gateway {
          private static final String HOST = System.getenv("PRICING_HOST");
          Pricing.Client client() {
            TSocket a = new TSocket("pricing", 9090);
            TSocket b = new TSocket(HOST, 9090);
            return new Pricing.Client(new TBinaryProtocol(a));
          }
          void serve() { new TSimpleServer(new Pricing.Processor<>(new Handler())); }
        }
        class Handler implements Pricing.Iface { public int quote(String s) { return 1; } }
    """), "Gateway.java")
    assert _calls(facts) == {("thrift", "url", "pricing:9090"), ("thrift", "env", "PRICING_HOST"),
                             ("thrift", "rpc", "Pricing")}
    assert {(s.service, s.line) for s in facts.rpc_servers} == {("Pricing", 11), ("Pricing", 13)}
    assert facts.bindings == []


def test_go_client_factory_socket_and_processor_are_thrift_not_grpc():
    facts = extract_go(textwrap.dedent("""
        package main
        import (
          "os"
          "github.com/apache/thrift/lib/go/thrift"
          "example.com/gen-go/pricing"
        )
        func main() {
          sock, _ := thrift.NewTSocketConf(os.Getenv("PRICING_ADDR"), nil)
          pf := thrift.NewTBinaryProtocolFactoryConf(nil)
          c := pricing.NewPricingClientFactory(sock, pf)
          d := pricing.NewQuotesClient(thrift.NewTStandardClient(pf.GetProtocol(sock), nil))
          p := pricing.NewPricingProcessor(&handler{})
          s := thrift.NewTSimpleServer4(p, thrift.NewTSocketConf("pricing:9090", nil), nil, pf)
        }
    """), "main.go")
    assert _calls(facts) == {("thrift", "env", "PRICING_ADDR"), ("thrift", "rpc", "Pricing"),
                             ("thrift", "rpc", "Quotes"), ("thrift", "url", "pricing:9090")}
    assert _servers(facts) == {("Pricing", "thrift")}


def test_js_create_client_connection_and_server():
    facts = extract_js(textwrap.dedent("""
        const thrift = require("thrift");
        const Pricing = require("./gen-nodejs/Pricing");
        const conn = thrift.createConnection("pricing", 9090, {});
        const http = thrift.createHttpConnection(process.env.PRICING_HOST, process.env.PORT);
        const client = thrift.createClient(Pricing, conn);
        thrift.createServer(Pricing, { quote(sku, cb) { cb(null, 1); } }).listen(9090);
    """), "app.js")
    assert _calls(facts) == {("thrift", "url", "pricing:9090"), ("thrift", "env", "PRICING_HOST"),
                             ("thrift", "rpc", "Pricing")}
    assert _servers(facts) == {("Pricing", "thrift")}


def test_python_client_to_java_server_is_a_thrift_edge_with_method_routes(write):
    root = write({
        "services/web/app.py": """
            import os
            from thrift.transport import TSocket
            from pricing import Pricing
            transport = TSocket.TSocket(os.environ["PRICING_HOST"], 9090)
            client = Pricing.Client(protocol)
        """,
        "services/pricing/src/main/java/shop/Handler.java": """
            package shop;
            import org.apache.thrift.TException;
            public class Handler implements Pricing.Iface {
              public int quote(String sku) throws TException { return 1; }
            }
        """,
        "idl/pricing.thrift": """
            namespace java shop.pricing
            service Pricing {
              i32 quote(1: string sku) throws (1: NotFound nf),
              oneway void ping()
            }
        """,
    })
    model = SystemModel(services=[
        Service(id="web", source_dir="services/web",
                env=[EnvVar(key="PRICING_HOST", value="pricing")]),
        Service(id="pricing", source_dir="services/pricing")])
    result = enrich(model, discover([Path(root)]), _Options())
    edges = {e.key: sorted((x.file, x.line) for x in e.evidence) for e in result.edges}
    assert edges == {("web", "pricing", "thrift"): [("services/web/app.py", 5),
                                                    ("services/web/app.py", 6)]}
    routes = {(r.service, r.method, r.path, r.framework, r.file, r.line) for r in result.routes}
    assert routes == {
        ("pricing", "RPC", "Pricing", "thrift",
         "services/pricing/src/main/java/shop/Handler.java", 4),
        ("pricing", "RPC", "/shop.pricing.Pricing/quote", "thrift", "idl/pricing.thrift", 4),
        ("pricing", "RPC", "/shop.pricing.Pricing/ping", "thrift", "idl/pricing.thrift", 5)}


def test_thrift_is_synchronous_and_drawn_like_grpc():
    assert EdgeKind.THRIFT in SYNCHRONOUS_KINDS
    evidence = [Evidence(origin=Origin.CODE, file="a.py", line=1)]
    model = SystemModel(services=[Service(id="a"), Service(id="b"), Service(id="c")],
                        edges=[Edge(source="a", target="b", kind=EdgeKind.THRIFT,
                                    evidence=evidence),
                               Edge(source="a", target="c", kind=EdgeKind.GRPC,
                                    evidence=evidence)])
    view = build_view(model)
    dot = render_dot(view)
    thrift_line = next(line for line in dot.splitlines() if "id=e_n_a_n_b_thrift" in line)
    grpc_line = next(line for line in dot.splitlines() if "id=e_n_a_n_c_grpc" in line)
    assert "style=bold" in thrift_line and "style=bold" in grpc_line
    assert "n_a ==>|thrift| n_b" in render_mermaid(view)
