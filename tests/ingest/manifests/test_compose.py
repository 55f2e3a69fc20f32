"""docker-compose ingestion: v2/v3 shapes, env forms, env_file, build, ports, aliases, depends_on."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.compose import is_compose_file

V3 = """\
version: "3.8"
services:
  web:
    image: nginx:1.25
    ports:
      - "8080:80"
      - "127.0.0.1:9443:443/tcp"
    depends_on: [orders]
  orders:
    build:
      context: ./services/orders
      dockerfile: Dockerfile.prod
    deploy:
      replicas: 3
    ports: ["8000"]
    expose: ["9000"]
    hostname: orders-host
    container_name: shop-orders
    networks:
      backend:
        aliases: [ord]
    environment:
      DB_URL: postgres://app:hunter2@db:5432/orders
      CART_ADDR: cart:9000
      NOTHING:
    env_file:
      - ./env/orders.env
    depends_on:
      db:
        condition: service_healthy
  cart:
    build: ./cart
    environment:
      - ORDERS_URL=http://ord:8000/api
      - BARE_FROM_SHELL
      - LINK_TARGET=${ORDERS_ALIAS:-shop-orders}:8000
    links: ["db:database"]
  db:
    image: postgres:16-alpine
"""
ENV_FILE = """\
# comment line
export PAYMENTS_URL="http://payments:8080"
QUOTED='value # kept'
INLINE=plain # dropped
"""


def test_compose_names():
    for name in ("docker-compose.yml", "docker-compose.prod.yaml", "compose.yaml",
                 "compose.override.yml"):
        assert is_compose_file(name)
    assert not is_compose_file("docker-compose.json") and not is_compose_file("config.yml")


def test_compose_v3_services(tree):
    root = tree({"docker-compose.yml": V3, "env/orders.env": ENV_FILE,
                 "services/orders/main.py": "", "cart/app.js": ""})
    model = scan([root], ScanOptions(code=False))
    orders = model.service("orders")
    assert orders.source_dir == "services/orders"
    assert orders.replicas == 3
    assert orders.ports == [8000, 9000]
    assert orders.entry_points == []
    assert set(orders.aliases) == {"orders-host", "shop-orders", "ord"}
    web = model.service("web")
    assert web.ports == [80, 443] and web.entry_points == ["gateway", "published-port"]
    assert model.service("cart").source_dir == "cart"
    assert [d.id for d in model.datastores] == ["db"]
    assert model.service("orders").declared_in[0].line == 9


def test_compose_env_forms_and_evidence(tree):
    root = tree({"docker-compose.yml": V3, "env/orders.env": ENV_FILE})
    model = scan([root], ScanOptions(code=False))
    edges = {(e.source, e.target, e.kind.value): e for e in model.edges}
    db = edges[("orders", "db", "db")]
    details = [(ev.origin.value, ev.file, ev.line, ev.detail) for ev in db.evidence]
    assert details == [
        ("manifest", "docker-compose.yml", 23, "env DB_URL=postgres://app:****@db:5432/orders"),
        ("manifest", "docker-compose.yml", 29, "depends_on db"),
    ]
    # alias (network alias) and interpolated container_name both resolve to orders
    cart_orders = edges[("cart", "orders", "http")]
    assert {ev.detail for ev in cart_orders.evidence} == {
        "env ORDERS_URL=http://ord:8000/api", "env LINK_TARGET=shop-orders:8000"}
    payments = [x for x in model.external_endpoints if x.service == "orders"]
    assert [(x.host, x.key, x.evidence.origin.value, x.evidence.file, x.evidence.line)
            for x in payments] == [("payments", "PAYMENTS_URL", "config", "env/orders.env", 2)]
    assert ("cart", "db", "db") in edges  # links: db:database on a datastore -> typed edge
    assert ("web", "orders", "depends-on") in edges
    env = {v.key: v.value for v in model.service("orders").env}
    assert env["QUOTED"] == "value # kept" and env["INLINE"] == "plain"
    assert "BARE_FROM_SHELL" not in {v.key for v in model.service("cart").env}
    assert "hunter2" not in model.to_json()


V2 = """\
version: '2.4'
services:
  api:
    image: shop/api:1
    scale: 2
    environment:
      - SEARCH_URL=http://search:9200
    env_file: api.env
    depends_on:
      - search
      - worker
  worker:
    image: shop/worker:1
  search:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.11.0
"""


def test_compose_v2_and_string_env_file(tree):
    root = tree({"compose.yaml": V2, "api.env": "WORKER_HOST=worker\n"})
    model = scan([root], ScanOptions(code=False))
    assert model.service("api").replicas == 2
    kinds = {(e.source, e.target): e.kind.value for e in model.edges}
    assert kinds == {("api", "search"): "db", ("api", "worker"): "http"}
    worker = next(e for e in model.edges if e.target == "worker")
    assert sorted(o.value for o in worker.origins) == ["config", "manifest"]
    assert [d.technology for d in model.datastores] == ["elasticsearch"]


def test_compose_missing_env_file_is_a_diagnostic(tree):
    root = tree({"docker-compose.yml": "services:\n  a:\n    image: x\n    env_file: nope.env\n"})
    model = scan([root], ScanOptions(code=False))
    assert [d.code for d in model.diagnostics] == ["env-file-missing"]
    assert model.service("a") is not None


def test_compose_v1_top_level_services(tree):
    root = tree({"docker-compose.yml": "web:\n  image: shop/web\n  links: [api]\napi:\n  image: shop/api\n"})
    model = scan([root], ScanOptions(code=False))
    assert sorted(s.id for s in model.services) == ["api", "web"]
    assert [(e.source, e.target, e.kind.value) for e in model.edges] == [("web", "api", "depends-on")]


def test_long_port_ranges_are_capped_with_a_diagnostic(tree):
    root = tree({"docker-compose.yml": "services:\n  web:\n    image: web:1\n"
                                       "    ports: ['8000-65000', '9000-9002']\n"
                                       "    expose: [{target: '1-70000'}]\n"})
    model = scan([root], ScanOptions(code=False))
    web = model.service("web")
    assert 8000 in web.ports and 8100 in web.ports and 8101 not in web.ports
    assert {9000, 9001, 9002} <= set(web.ports)
    capped = [d for d in model.diagnostics if d.code == "port-range-capped"]
    assert [d.file for d in capped] == ["docker-compose.yml"] * 2
    assert "8000-65000" in capped[0].message or "8000-65000" in capped[1].message
