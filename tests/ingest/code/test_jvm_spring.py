"""Spring vocabulary shared by the Java and Kotlin extractors."""

from __future__ import annotations

from analyzer.ingest.code.java.spring import join_paths, rest_template_method, \
    spring_placeholder, with_placeholders
from analyzer.ingest.code.treesitter.symbolic import Value


def test_placeholders_become_config_lookups():
    assert spring_placeholder("${orders.url}") == Value("config", "orders.url")
    assert spring_placeholder("${orders.url:http://orders:8080}") == Value(
        "config", "orders.url", default="http://orders:8080")
    assert spring_placeholder("#{'${stock.topic}'.split(',')}") == Value("config", "stock.topic")
    assert spring_placeholder("${base}/api/orders") == Value("config", "base", suffix="/api/orders")
    assert spring_placeholder("http://${host}:8080/x").kind == "config"


def test_with_placeholders_leaves_other_values_alone():
    assert with_placeholders(Value("lit", "${a.b}")) == Value("config", "a.b")
    assert with_placeholders(Value("lit", "orders")) == Value("lit", "orders")
    assert with_placeholders(Value("env", "X")) == Value("env", "X")
    assert with_placeholders(None) is None


def test_rest_template_methods_and_exchange_verbs():
    assert rest_template_method("getForObject", None) == "GET"
    assert rest_template_method("delete", None) == "DELETE"
    assert rest_template_method("exchange", "HttpMethod.PATCH") == "PATCH"
    assert rest_template_method("exchange", None) == "?"


def test_join_paths():
    assert join_paths("/api/", "/orders/{id}") == "/api/orders/{id}"
    assert join_paths("", "") == "/"
    assert join_paths("api", "") == "/api"
