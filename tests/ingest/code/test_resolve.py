"""Resolution of code facts against env, config files, discovery names and RPC definitions."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest.code.cache import FactsCache
from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.files import discover
from analyzer.model import (Datastore, DatastoreCategory, Edge, EdgeKind, EnvVar, Evidence, Origin,
                            Resource, Service, SystemModel)


class _Options:
    jobs = 1
    cache_dir = ""


def _scan(root: Path, model: SystemModel) -> SystemModel:
    return enrich(model, discover([root]), _Options())


def _edges(model: SystemModel) -> dict[tuple[str, str, str], set[str]]:
    return {e.key: {o.value for o in e.origins} for e in model.edges}


def _svc(name: str, **kw) -> Service:
    return Service(id=name, source_dir=f"services/{name}", **kw)


def test_env_var_from_manifest_resolves_and_merges_with_manifest_edge(write):
    root = write({"services/web/app.py": """
        import os, requests
        requests.get(os.environ["ORDERS_URL"] + "/api/orders")
    """})
    manifest_edge = Edge(source="web", target="orders", kind=EdgeKind.HTTP,
                         evidence=[Evidence(origin=Origin.MANIFEST, file="compose.yml", line=3)])
    model = SystemModel(services=[
        _svc("web", env=[EnvVar(key="ORDERS_URL", value="http://orders:8080")]), _svc("orders")],
        edges=[manifest_edge])
    result = _scan(root, model)
    assert _edges(result) == {("web", "orders", "http"): {"code", "manifest"}}
    code_evidence = [e for e in result.edges[0].evidence if e.origin == Origin.CODE][0]
    assert code_evidence.file == "services/web/app.py" and code_evidence.line == 3
    assert "ORDERS_URL=http://orders:8080" in code_evidence.detail


def test_alias_k8s_dns_and_datastore_kind(write):
    root = write({"services/web/app.py": """
        import os, requests, psycopg
        requests.get("http://orders-svc.shop.svc.cluster.local:80/x")
        psycopg.connect(os.getenv("DATABASE_URL"))
    """})
    model = SystemModel(
        services=[_svc("web", namespace="shop",
                       env=[EnvVar(key="DATABASE_URL", value="postgres://app:****@pg:5432/x")]),
                  _svc("orders", namespace="shop", aliases=["orders-svc"])],
        datastores=[Datastore(id="pg", technology="postgres", category=DatastoreCategory.DB)])
    assert _edges(_scan(root, model)) == {("web", "orders", "http"): {"code"},
                                          ("web", "pg", "db"): {"code"}}


def test_configmap_env_fallback_through_resource_facts(write):
    root = write({"services/web/app.py": """
        import os, httpx
        httpx.post(os.getenv("CART_URL") + "/items")
    """})
    model = SystemModel(services=[_svc("web"), _svc("cart")], resources=[
        Resource(kind="Deployment", name="web", file="k8s/web.yaml", service="web",
                 facts={"env": [{"name": "CART_URL", "value": "http://cart:7070"}]})])
    assert ("web", "cart", "http") in _edges(_scan(root, model))


def test_application_yml_with_active_profile_and_placeholder(write):
    root = write({
        "services/orders/src/main/resources/application.yml": """
            spring:
              application:
                name: order-service
              datasource:
                url: jdbc:postgresql://${DB_HOST:localhost}:5432/orders
            catalog:
              url: http://localhost:8081
        """,
        "services/orders/src/main/resources/application-docker.yml": """
            catalog:
              url: http://catalog:8080
        """,
        "services/orders/app.py": """
            from flask import current_app
            import requests
            requests.get(current_app.config["catalog.url"] + "/products")
        """,
    })
    model = SystemModel(
        services=[_svc("orders", env=[EnvVar(key="SPRING_PROFILES_ACTIVE", value="docker"),
                                      EnvVar(key="DB_HOST", value="orders-db")]),
                  _svc("catalog")],
        datastores=[Datastore(id="orders-db", technology="postgres",
                              category=DatastoreCategory.DB)])
    result = _scan(root, model)
    # catalog.url is written in application-docker.yml: the call site is code, the value config;
    # the datasource host comes from env DB_HOST through the base entry: that entry is a binding
    assert _edges(result) == {("orders", "catalog", "http"): {"code", "config"},
                              ("orders", "orders-db", "db"): {"code"}}
    catalog = next(e for e in result.edges if e.target == "catalog")
    assert {(e.origin.value, e.file.rsplit("/", 1)[-1]) for e in catalog.evidence} == {
        ("code", "app.py"), ("config", "application-docker.yml")}, "no localhost base evidence"


def test_profiles_unknown_means_every_profile_is_a_candidate_and_localhost_dropped(write):
    root = write({
        "services/orders/application.properties": "catalog.url=http://localhost:8081\n",
        "services/orders/application-k8s.properties": "catalog.url=http://catalog:8080\n",
        "services/orders/client.py": """
            import requests
            from flask import current_app
            requests.get(current_app.config["catalog.url"])
        """,
    })
    model = SystemModel(services=[_svc("orders"), _svc("catalog")])
    result = _scan(root, model)
    assert _edges(result) == {("orders", "catalog", "http"): {"code", "config"}}
    files = {e.file for e in result.edges[0].evidence}
    assert files == {"services/orders/client.py", "services/orders/application-k8s.properties"}


def test_dotenv_and_appsettings_json(write):
    root = write({
        "services/web/.env": "PAYMENTS_URL=http://payments:9000\n",
        "services/web/pay.py": """
            import os, requests
            requests.post(os.getenv("PAYMENTS_URL") + "/pay")
        """,
        "services/promo/appsettings.json": '{"ConnectionStrings": {"Db": "Host=promo-db;Database=p"},'
                                           ' "Services": {"Cart": "http://cart"}}',
    })
    model = SystemModel(services=[_svc("web"), _svc("payments"), _svc("promo"), _svc("cart")],
                        datastores=[Datastore(id="promo-db", technology="postgres",
                                              category=DatastoreCategory.DB)])
    edges = _edges(_scan(root, model))
    assert ("web", "payments", "http") in edges
    assert ("promo", "promo-db", "db") in edges


def test_discovery_names_gateway_routes_and_nginx(write):
    root = write({
        "services/gw/src/main/resources/application.yml": """
            spring:
              cloud:
                gateway:
                  routes:
                    - id: orders
                      uri: lb://ORDER-SERVICE
                      predicates: [Path=/orders/**]
        """,
        "services/orders/src/main/resources/bootstrap.yml": """
            spring:
              application:
                name: order-service
        """,
        "services/edge/nginx.conf": """
            upstream backend { server catalog:8080 max_fails=3; }
            server {
              location /api/ { proxy_pass http://backend; }
              # location /old/ { proxy_pass http://legacy:80; }
            }
        """,
    })
    model = SystemModel(services=[_svc("gw"), _svc("orders"), _svc("edge"), _svc("catalog"),
                                  _svc("legacy")])
    # a gateway route is configuration; nginx.conf is read by the nginx extractor, as code
    assert _edges(_scan(root, model)) == {("gw", "orders", "http"): {"config"},
                                          ("edge", "catalog", "http"): {"code"}}


def test_rpc_names_resolve_to_registering_service_or_proto_folder(write):
    root = write({
        "services/cart/client.py": """
            import grpc
            from gen import inventory_pb2_grpc, pricing_pb2_grpc
            inventory_pb2_grpc.InventoryStub(None)
            pricing_pb2_grpc.PricingStub(None)
        """,
        "services/inventory/server.py": """
            import inventory_pb2_grpc
            inventory_pb2_grpc.add_InventoryServicer_to_server(None, None)
        """,
        "services/pricing/proto/pricing.proto": """
            syntax = "proto3";
            package shop.pricing.v1;
            service Pricing { rpc Quote(Q) returns (R); }
        """,
    })
    model = SystemModel(services=[_svc("cart"), _svc("inventory"), _svc("pricing")])
    result = _scan(root, model)
    assert _edges(result) == {("cart", "inventory", "grpc"): {"code"},
                              ("cart", "pricing", "grpc"): {"code"}}
    assert {(r.service, r.method, r.path) for r in result.routes} == {
        ("inventory", "RPC", "Inventory")}


def test_topics_link_producer_and_consumer_through_a_topic_node(write):
    root = write({
        "services/shipping/events.py": """
            import os
            from kafka import KafkaProducer
            p = KafkaProducer(bootstrap_servers=os.getenv("KAFKA_BROKERS"))
            p.send(os.getenv("TOPIC"), b"x")
        """,
        "services/orders/listen.py": """
            from kafka import KafkaConsumer
            KafkaConsumer("shipment-events", bootstrap_servers="kafka:9092")
        """,
    })
    model = SystemModel(
        services=[_svc("shipping", env=[EnvVar(key="KAFKA_BROKERS", value="kafka:9092"),
                                        EnvVar(key="TOPIC", value="shipment-events")]),
                  _svc("orders")],
        datastores=[Datastore(id="kafka", technology="kafka", category=DatastoreCategory.BROKER)])
    result = _scan(root, model)
    assert _edges(result) == {("shipping", "kafka", "async"): {"code"},
                              ("orders", "kafka", "async"): {"code"},
                              ("shipping", "topic:shipment-events", "async"): {"code"},
                              ("topic:shipment-events", "orders", "async"): {"code"}}
    (topic,) = result.topics
    assert (topic.id, topic.name, topic.system) == ("topic:shipment-events", "shipment-events",
                                                    "kafka")
    assert "topic:shipment-events" in result.node_ids()


def test_self_calls_localhost_tests_and_externals(write):
    root = write({
        "services/inv/app.py": """
            import requests
            requests.get("http://inv:8080/healthz")
            requests.get("http://localhost:8080/x")
            requests.get("http://127.0.0.1:8080/x")
            requests.get("https://api.stripe.com/v1/charges")
        """,
        "services/inv/tests/test_contract.py": """
            import requests
            requests.get("http://payments:8000/x")
        """,
    })
    model = SystemModel(services=[_svc("inv"), _svc("payments")])
    result = _scan(root, model)
    assert result.edges == []
    assert [(x.service, x.host) for x in result.external_endpoints] == [("inv", "api.stripe.com")]


def test_unresolved_env_is_an_info_diagnostic_and_default_is_used(write):
    root = write({"services/web/app.py": """
        import os, requests
        requests.get(os.environ["NOPE_URL"])
        requests.get(os.getenv("CART_URL", "http://cart:80") + "/c")
    """})
    model = SystemModel(services=[_svc("web"), _svc("cart")])
    result = _scan(root, model)
    assert ("web", "cart", "http") in _edges(result)
    unresolved = [d for d in result.diagnostics if d.code == "code-call-unresolved"]
    assert len(unresolved) == 1 and "NOPE_URL" in unresolved[0].message
    assert unresolved[0].file == "services/web/app.py" and unresolved[0].line == 3
