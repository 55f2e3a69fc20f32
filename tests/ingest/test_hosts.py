"""Host references in values, address-like keys, and credential masking."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest.hosts import (
    MAX_ADDRESS_CHARS,
    DOTTED,
    HOST_PORT,
    IP,
    URL,
    WORD,
    _scheme,
    address_too_long,
    env_detail,
    host_refs,
    is_address_key,
    is_ignored_host,
    mask_value,
)


@pytest.mark.parametrize("value, host, port, scheme, strength", [
    ("orders", "orders", None, None, WORD),
    ("orders:8080", "orders", 8080, None, HOST_PORT),
    ("http://orders:8080/api", "orders", 8080, "http", URL),
    ("https://orders/api?x=1", "orders", None, "https", URL),
    ("grpc://inventory:50051", "inventory", 50051, "grpc", URL),
    ("orders.shop", "orders.shop", None, None, DOTTED),
    ("orders.shop.svc", "orders.shop.svc", None, None, DOTTED),
    ("http://orders.shop.svc.cluster.local:80", "orders.shop.svc.cluster.local", 80, "http", URL),
    ("lb://orders", "orders", None, "lb", URL),
    ("redis://cache:6379/0", "cache", 6379, "redis", URL),
    ("rediss://:pw@cache:6380", "cache", 6380, "rediss", URL),
    ("postgres://app:pw@orders-db:5432/orders", "orders-db", 5432, "postgres", URL),
    ("postgresql://orders-db/orders", "orders-db", None, "postgresql", URL),
    ("mysql://u:p@inventory-db:3306/inv", "inventory-db", 3306, "mysql", URL),
    ("amqp://guest:guest@rabbitmq:5672/", "rabbitmq", 5672, "amqp", URL),
    ("amqps://rabbitmq", "rabbitmq", None, "amqps", URL),
    ("mongodb://catalog-db:27017/catalog", "catalog-db", 27017, "mongodb", URL),
    ("mongodb+srv://user:pw@cluster0.example.net/db", "cluster0.example.net", None,
     "mongodb+srv", URL),
    ("nats://nats:4222", "nats", 4222, "nats", URL),
    ("kafka://kafka:9092", "kafka", 9092, "kafka", URL),
    ("jdbc:postgresql://orders-db:5432/orders", "orders-db", 5432, "postgresql", URL),
    ("jdbc:mysql://inventory-db:3306/inv?useSSL=false", "inventory-db", 3306, "mysql", URL),
    ("user:secret@orders:8080", "orders", 8080, None, HOST_PORT),
    ("10.1.2.3", "10.1.2.3", None, None, IP),
    ("10.1.2.3:9000", "10.1.2.3", 9000, None, IP),
    ("http://[2001:db8::1]:8080/x", "2001:db8::1", 8080, "http", URL),
    ("optional:configserver:http://config-server:8888", "config-server", 8888, "http", URL),
])
def test_every_reference_form(value, host, port, scheme, strength):
    refs = host_refs(value)
    assert len(refs) == 1, refs
    ref = refs[0]
    assert (ref.host, ref.port, ref.scheme, ref.strength) == (host, port, scheme, strength)


def test_comma_separated_lists():
    assert [(r.host, r.port) for r in host_refs("kafka-1:9092,kafka-2:9092")] == \
        [("kafka-1", 9092), ("kafka-2", 9092)]
    assert [r.host for r in host_refs("mongodb://a:27017,b:27017/db")] == ["a", "b"]


@pytest.mark.parametrize("value", ["", "8080", "true", "12:30", "nginx:1.25", "1.2.3",
                                   "-Xmx512m -Dfoo=bar", "PLAINTEXT://:9092", "${ORDERS_HOST}"])
def test_values_that_name_no_host(value):
    assert host_refs(value) == []


def test_urls_inside_option_strings_are_found():
    refs = host_refs("-Dspring.x=1 -Durl=http://orders:8080/x")
    assert [(r.host, r.strength) for r in refs] == [("orders", URL)]


def test_address_keys():
    assert is_address_key("ORDERS_HOST") and is_address_key("kafka_bootstrap_servers")
    assert is_address_key("PAYMENT_URL") and is_address_key("DB_DSN")
    assert not is_address_key("APP_NAME") and not is_address_key("LOG_LEVEL")


def test_ignored_hosts():
    for host in ("localhost", "127.0.0.1", "0.0.0.0", "::1", "127.0.0.2", "LOCALHOST"):
        assert is_ignored_host(host)
    assert not is_ignored_host("orders") and not is_ignored_host("10.0.0.1")


def test_masking():
    assert mask_value("DB_URL", "postgres://app:hunter2@db:5432/x") == \
        "postgres://app:****@db:5432/x"
    assert mask_value("DB_PASSWORD", "hunter2") == "****"
    assert mask_value("GITHUB_TOKEN", "ghp_abc") == "****"
    assert mask_value("STRIPE_API_KEY", "sk_live") == "****"
    assert mask_value("X", "anything", secret=True) == "****"
    assert mask_value("JDBC", "jdbc:mysql://h/db?user=a&password=b") == \
        "jdbc:mysql://h/db?user=a&password=****"
    assert env_detail("DB_PASSWORD", "hunter2") == "env DB_PASSWORD=****"
    assert env_detail("ORDERS_URL", "http://orders:8080/api") == "env ORDERS_URL=http://orders:8080/api"


# -- linear scanning (issue 12.1) ------------------------------------------------------------

_OLD_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")  # the regex the walk replaced


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ1+.-:/@_ ")), max_size=40))
def test_the_scheme_walk_finds_what_the_regex_found(piece):
    match = _OLD_SCHEME.search(piece)
    assert _scheme(piece) == ((match.group(1), match.end()) if match else None)


@pytest.mark.parametrize("unit", ["a", "a:", "a@", "a:b@", "a-", "a.", "a://", "1://", ":"])
def test_host_refs_is_linear_and_skips_values_too_long_for_an_address(unit):
    value = unit * (200_000 // len(unit))
    started = time.perf_counter()
    assert host_refs(value) == []
    assert host_refs(value[:MAX_ADDRESS_CHARS - 20]) is not None
    assert time.perf_counter() - started < 5, unit


def test_an_address_at_the_limit_is_read_and_past_it_is_a_diagnostic():
    at_limit = "http://orders:8080/" + "x" * (MAX_ADDRESS_CHARS - 19)
    assert [r.host for r in host_refs(at_limit)] == ["orders"]
    assert address_too_long("ORDERS_URL", at_limit, "docker-compose.yml", 3) is None
    past = at_limit + "x"
    assert host_refs(past) == []
    diagnostic = address_too_long("ORDERS_URL", past, "docker-compose.yml", 3)
    assert (diagnostic.code, diagnostic.file, diagnostic.line) == ("value-too-long",
                                                                   "docker-compose.yml", 3)
    assert f"limit {MAX_ADDRESS_CHARS}" in diagnostic.message and "ORDERS_URL" in diagnostic.message


def test_masking_keeps_every_host_that_host_refs_reads():
    for value in ("postgres://app:pw@orders-db:5432/orders", "redis://:pw@cache:6380",
                  "amqp://guest:guest@rabbitmq:5672/", "user:pw@tcp(mysql:3306)/shop",
                  "http://api:8080/x?token=abc&api_key=def"):
        assert [r.host for r in host_refs(mask_value("DSN", value))] == \
            [r.host for r in host_refs(value)]


def test_non_ascii_digits_are_not_ports():
    # str.isdigit() admits '¹' and '²', which int() refuses: they must not crash the parser
    assert [r.host for r in host_refs("http://web:¹/x")] == []
    assert host_refs("web:²") == []
