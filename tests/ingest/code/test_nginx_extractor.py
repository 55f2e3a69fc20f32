"""nginx / OpenResty extractor: proxy_pass, upstreams, grpc_pass, templates, Lua calls."""

from __future__ import annotations

from analyzer.ingest.code.nginx import FILENAMES, SUFFIXES, extract

CONF = """
worker_processes 1;
events { worker_connections 1024; }
http {
  upstream orders_backend {
    server orders-1:8080 weight=3;
    server orders-2:8080;
  }
  server {
    listen 80;
    server_name shop.example.com;
    # proxy_pass http://commented-out:1;
    location /api/orders/ { proxy_pass http://orders_backend/; }
    location /api/users {
      proxy_set_header Host $host;
      proxy_pass "http://users-service:8000";
    }
    location = /grpc.Payments { grpc_pass grpc://payment:50051; }
    location /dynamic { proxy_pass http://$host$request_uri; }
    location /static { root /srv/www; }
  }
}
"""


def test_names_and_suffixes():
    assert FILENAMES == ("nginx.conf",)
    assert ".conf" in SUFFIXES and ".lua" in SUFFIXES


def test_proxy_pass_upstreams_and_grpc_pass():
    facts = extract(CONF, "gateway/nginx.conf")
    calls = {(c.line, c.protocol, c.target_kind, c.target) for c in facts.calls}
    assert calls == {
        (13, "http", "url", "http://orders-1:8080/"),
        (13, "http", "url", "http://orders-2:8080/"),
        (16, "http", "url", "http://users-service:8000"),
        (18, "grpc", "url", "grpc://payment:50051"),
    }
    assert any("upstream orders_backend" in c.detail for c in facts.calls)
    assert not facts.problems


def test_proxying_locations_are_routes():
    routes = {(r.path, r.line, r.framework) for r in extract(CONF, "nginx.conf").routes}
    assert ("/api/orders/", 13, "nginx") in routes and ("/api/users", 14, "nginx") in routes
    assert not any(path == "/static" for path, _, _ in routes)


def test_envsubst_template_variable_is_env():
    src = "server {\n  location /catalog/ {\n    proxy_pass http://${CATALOG_HOST}/api/;\n  }\n}\n"
    facts = extract(src, "templates/default.conf.template")
    assert [(c.target_kind, c.target, c.suffix) for c in facts.calls] == [("env", "CATALOG_HOST", "/api/")]


def test_other_conf_files_are_ignored():
    redis_conf = "bind 0.0.0.0\nport 6379\n# proxy_pass http://x:1;\nappendonly yes\n"
    supervisor = "[program:web]\ncommand=/usr/bin/app --upstream http://orders:8080\n"
    for text in (redis_conf, supervisor):
        facts = extract(text, "etc/some.conf")
        assert not facts.calls and not facts.routes and not facts.problems


def test_lua_block_calls_and_location_capture():
    src = """
http {
  server {
    location /api/users { proxy_pass http://users-service:8000; }
    location /aggregate {
      content_by_lua_block {
        local http = require "resty.http"
        local httpc = http.new()
        -- httpc:request_uri("http://commented-lua:1/")
        local opts = { method = "GET", headers = { ["X-A"] = "}" } }
        local res = httpc:request_uri("http://inventory:7000/stock", opts)
        local me = ngx.location.capture("/api/users/me")
        local cart = httpc:request_uri(os.getenv("CART_URL") .. "/cart")
      }
    }
    location /after { proxy_pass http://after-lua:9000; }
  }
}
"""
    facts = extract(src, "nginx.conf")
    calls = {(c.line, c.target_kind, c.target, c.suffix) for c in facts.calls}
    assert (11, "url", "http://inventory:7000/stock", "") in calls
    assert (12, "url", "http://users-service:8000", "") in calls
    assert (13, "env", "CART_URL", "/cart") in calls
    assert (16, "url", "http://after-lua:9000", "") in calls
    assert not any("commented" in c.target for c in facts.calls)
    assert not facts.problems


def test_lua_file_with_resty_http():
    src = """
local http = require("resty.http")
local BASE = "http://pricing:9090"
local function price(id)
  local httpc = http.new()
  --[[ httpc:request_uri("http://old:1/") ]]
  local res, err = httpc:request_uri(BASE .. "/price/" .. id, { method = "POST" })
  httpc:connect("stock-cache", 6379)
  return res
end
"""
    facts = extract(src, "lua/pricing.lua")
    assert facts.language == "lua"
    assert {(c.line, c.target) for c in facts.calls} == {(7, "http://pricing:9090/price/{id}"), (8, "stock-cache:6379")}


def test_unbalanced_braces_give_a_problem_and_partial_result():
    src = "http {\n  server {\n    location /a { proxy_pass http://a-svc:80; }\n"
    facts = extract(src, "nginx.conf")
    assert facts.problems
    assert [c.target for c in facts.calls] == ["http://a-svc:80"]
