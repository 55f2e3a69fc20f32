"""Config files flattened to keys, and the calls they declare."""

from __future__ import annotations

import textwrap

from analyzer.ingest.code.config.calls import literal_scheme
from analyzer.ingest.code.config.files import config_kind, normalize_key, parse_config


def _parse(text: str, rel: str):
    return parse_config(textwrap.dedent(text), rel)


def test_kinds_by_file_name():
    assert config_kind("svc/src/main/resources/application-docker.yml") == "spring"
    assert config_kind("svc/bootstrap.properties") == "spring"
    assert config_kind("svc/.env") == "dotenv"
    assert config_kind("svc/.env.example") is None
    assert config_kind("svc/appsettings.Development.json") == "appsettings"
    assert config_kind("svc/nginx.conf") is None, "nginx configs are code (nginx extractor)"
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


def test_config_and_discovery_clients_are_calls():
    cfg = _parse("""
        spring:
          config:
            import: optional:configserver:http://config-server:8888,optional:file:./x.yml
          cloud:
            config:
              uri: http://cfg:8888
            consul:
              host: consul
            nacos:
              discovery:
                server-addr: nacos:8848
        eureka:
          client:
            service-url:
              defaultZone: http://eureka-1:8761/eureka/,http://eureka-2:8761/eureka/
    """, "s/bootstrap.yml")
    assert sorted((c.protocol, c.target) for c in cfg.calls) == [
        ("http", "eureka.client.service-url.defaultZone"), ("http", "spring.cloud.config.uri"),
        ("http", "spring.cloud.consul.host"), ("http", "spring.cloud.nacos.discovery.server-addr"),
        ("http", "spring.config.import")]


def test_literal_scheme_keeps_only_config_server_imports_and_adds_schemes():
    value = "optional:configserver:http://a:8888, file:./local.yml,configserver:http://b:8888"
    assert literal_scheme("spring.config.import", value) == "http://a:8888,http://b:8888"
    assert literal_scheme("spring.config.import", "optional:file:.env[.properties]") == ""
    assert literal_scheme("spring.kafka.bootstrap-servers", "k1:9092") == "kafka://k1:9092"
    assert literal_scheme("spring.cloud.consul.host", "consul") == "http://consul"
    assert literal_scheme("spring.datasource.url", "jdbc:postgresql://db/x") == \
        "jdbc:postgresql://db/x"


def test_kind_can_be_forced_for_config_repo_files():
    cfg = parse_config("fx.base-url=http://10.0.0.1/\n", "repo/payment-service.properties",
                       kind="spring")
    assert [(v.key, v.value, v.line) for v in cfg.values] == [("fx.base-url", "http://10.0.0.1/", 1)]
    assert parse_config("a: 1\n", "repo/x.yml").kind == "yaml"


def test_call_details_mask_credentials():
    cfg = _parse("spring.datasource.url: postgres://app:hunter2@db:5432/x\n", "s/application.yml")
    assert "hunter2" not in cfg.calls[0].detail and "****" in cfg.calls[0].detail


def test_malformed_files_become_problems():
    assert _parse("a: [unclosed\n", "s/application.yml").problems[0].message.startswith(
        "invalid YAML")
    problem = _parse('{"a": }', "s/appsettings.json").problems[0]
    assert problem.line == 1 and problem.message.startswith("invalid JSON")


def test_relaxed_binding():
    assert normalize_key("Orders:Base-Url") == normalize_key("orders.baseUrl") == "orders.baseurl"
    assert normalize_key("ORDERS__BASE_URL") == "orders.baseurl"


def test_properties_are_read_as_java_reads_them_continuations_escapes_and_separators():
    text = ("# comment\n! also a comment\nservice.url = http://cart:8000\\\n"
            "    /api\nname: caf\\u00e9\nplain value\n")
    result = parse_config(text, "src/main/resources/application.properties")
    assert [(v.key, v.value, v.line) for v in result.values] == [
        ("service.url", "http://cart:8000/api", 3), ("name", "café", 5), ("plain", "value", 6)]


def test_a_bad_properties_escape_keeps_what_came_before_and_is_a_problem_with_its_line():
    result = parse_config("a=1\nb=\\uZZZZ\n", "application.properties")
    assert [(v.key, v.value) for v in result.values] == [("a", "1")]
    assert [(p.line, p.code) for p in result.problems] == [(2, "properties-escape")]

