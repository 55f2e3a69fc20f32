"""Config files flattened to keys, and the calls they declare."""

from __future__ import annotations

import textwrap

from analyzer.ingest.code.configfiles import config_kind, normalize_key, parse_config


def _parse(text: str, rel: str):
    return parse_config(textwrap.dedent(text), rel)


def test_kinds_by_file_name():
    assert config_kind("svc/src/main/resources/application-docker.yml") == "spring"
    assert config_kind("svc/bootstrap.properties") == "spring"
    assert config_kind("svc/.env") == "dotenv"
    assert config_kind("svc/.env.example") is None
    assert config_kind("svc/appsettings.Development.json") == "appsettings"
    assert config_kind("svc/nginx.conf") == "nginx"
    assert config_kind("svc/package.json") is None


def test_spring_yaml_documents_with_profiles_and_lines():
    cfg = _parse("""
        catalog:
          url: http://localhost:8081
        ---
        spring:
          config:
            activate:
              on-profile: docker
        catalog:
          url: http://catalog:8080
    """, "s/application.yml")
    values = [(v.key, v.value, v.line, v.profile) for v in cfg.values if v.key == "catalog.url"]
    assert values == [("catalog.url", "http://localhost:8081", 3, ""),
                      ("catalog.url", "http://catalog:8080", 10, "docker")]


def test_profile_from_file_name_and_properties():
    cfg = _parse("spring.datasource.url=jdbc:postgresql://db:5432/x\n# c=1\n",
                 "s/application-prod.properties")
    assert [(v.key, v.profile, v.line) for v in cfg.values] == [
        ("spring.datasource.url", "prod", 1)]
    assert [(c.protocol, c.target_kind, c.target) for c in cfg.calls] == [
        ("db", "config", "spring.datasource.url")]


def test_dotenv_quotes_export_and_comments():
    cfg = _parse('export A="http://a:1"\nB=b # note\n# C=c\n', "s/.env")
    assert [(v.key, v.value) for v in cfg.values] == [("A", "http://a:1"), ("B", "b")]


def test_appsettings_keys_use_colons_and_connection_strings_are_calls():
    cfg = _parse('{"ConnectionStrings": {"Redis": "redis:6379"}, "Services": {"Cart": "http://cart"}}',
                 "s/appsettings.json")
    assert {(v.key, v.value) for v in cfg.values} == {("ConnectionStrings:Redis", "redis:6379"),
                                                      ("Services:Cart", "http://cart")}
    assert [(c.protocol, c.target) for c in cfg.calls] == [("cache", "ConnectionStrings:Redis")]


def test_gateway_and_zuul_routes_are_calls():
    cfg = _parse("""
        spring.cloud.gateway.routes:
          - id: a
            uri: lb://orders
        zuul:
          routes:
            users:
              serviceId: users
    """, "s/application.yml")
    assert sorted(c.target for c in cfg.calls) == ["spring.cloud.gateway.routes[0].uri",
                                                   "zuul.routes.users.serviceId"]


def test_nginx_upstreams_variables_and_comments():
    cfg = _parse("""
        upstream api { server orders:8080; server orders-2:8080 backup; }
        server {
          set $cat http://catalog:80;
          location / { proxy_pass http://api/; }
          location /c { proxy_pass $cat; }
          location /g { grpc_pass grpc://inventory:50051; }
          # location /x { proxy_pass http://old:1; }
        }
    """, "s/nginx.conf")
    assert [(c.line, c.protocol, c.target) for c in cfg.calls] == [
        (5, "http", "http://orders:8080"), (5, "http", "http://orders-2:8080"),
        (6, "http", "http://catalog:80"), (7, "grpc", "grpc://inventory:50051")]


def test_malformed_files_become_problems():
    assert _parse("a: [unclosed\n", "s/application.yml").problems[0].message.startswith(
        "invalid YAML")
    problem = _parse('{"a": }', "s/appsettings.json").problems[0]
    assert problem.line == 1 and problem.message.startswith("invalid JSON")


def test_relaxed_binding():
    assert normalize_key("Orders:Base-Url") == normalize_key("orders.baseUrl") == "orders.baseurl"
    assert normalize_key("ORDERS__BASE_URL") == "orders.baseurl"
