"""IDL files: service names, qualified and bare, comments ignored."""

import time

from analyzer.ingest.code.proto import extract


def test_proto_services_with_package():
    facts = extract('syntax = "proto3";\npackage shop.v1;\n// service Old {}\n'
                    'service Orders {\n rpc Get(A) returns (B);\n}\n', "x.proto")
    assert facts.rpc_definitions == ["Orders", "shop.v1.Orders"]


def test_thrift_services_with_namespace():
    facts = extract("namespace java com.shop\n# service Old {}\nservice Pricing extends Base {\n}\n",
                    "p.thrift")
    assert facts.language == "thrift"
    assert facts.rpc_definitions == ["Pricing", "com.shop.Pricing"]


def test_blank_lines_and_unclosed_comments_are_read_in_linear_time():
    started = time.perf_counter()
    facts = extract("\n" * 200_000 + "service A {\n  rpc Get(X) returns (Y);\n}\n", "big.proto")
    assert [(m.service, m.method, m.line) for m in facts.rpc_methods] == [("A", "Get", 200_002)]
    assert extract("/* " * 50_000 + "\nservice B { rpc Hidden(X) returns (Y); }\n",
                   "open.proto").rpc_methods == []  # an unclosed comment runs to the end
    assert time.perf_counter() - started < 5.0
