"""IDL files: service names, qualified and bare, comments ignored."""

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
