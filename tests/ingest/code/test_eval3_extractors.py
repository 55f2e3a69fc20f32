"""Eval-3 fixes in the language extractors: JS module exports and util.format, session
stores, Spring AMQP listener containers, Java host-name objects, Go flag defaults."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.code.golang.extractor import extract as extract_go
from analyzer.ingest.code.java.extractor import extract as extract_java
from analyzer.ingest.code.javascript.extractor import extract as extract_js
from analyzer.ingest.code.resolution.bindings import join_params

LINKS_JS = """\
var util = require('util');
var suffix = "";
module.exports = {
  stockUrl: util.format("http://stock%s/items", suffix),
  priceUrl: "http://pricing",
  note: "not an address",
};
"""

SHOP_JS = """\
var request = require("request"), links = require("../links");
function show(req, res) {
  request(links.stockUrl + "/" + req.params.id, function () {});
}
"""

COMPOSE = """\
services:
  web:
    image: acme/web:1
  stock:
    image: acme/stock:1
  pricing:
    image: acme/pricing:1
"""


def test_module_exports_become_bindings_and_imports_params():
    exporter = extract_js(LINKS_JS, "web/lib/links.js")
    assert {(b.callable, b.target) for b in exporter.bindings if b.callable.startswith("export:")} == {
        ("export:<self>.stockUrl", "http://stock/items"),
        ("export:<self>.priceUrl", "http://pricing")}
    importer = extract_js(SHOP_JS, "web/lib/routes/shop.js")
    assert [(c.target_kind, c.target) for c in importer.calls] == [
        ("param", "export:../links.stockUrl#0")]
    # facts are cached by content: they must not depend on the file's path
    assert extract_js(LINKS_JS, "other/links.js") == exporter


def test_join_keys_exports_by_module_path():
    joined = join_params([("web/lib/links.js", extract_js(LINKS_JS, "web/lib/links.js")),
                          ("web/lib/routes/shop.js", extract_js(SHOP_JS, "web/lib/routes/shop.js")),
                          ("web/other/links/index.js", extract_js(LINKS_JS.replace("stock%s", "elsewhere%s"),
                                                                 "web/other/links/index.js"))])
    assert [c.target for c in joined.calls["web/lib/routes/shop.js"]] == ["http://stock/items/{req.params.id}"]
    assert not joined.unmatched


def test_exported_urls_resolve_across_files(tree):
    root = tree({"docker-compose.yml": COMPOSE, "web/lib/links.js": LINKS_JS,
                 "web/lib/routes/shop.js": SHOP_JS, "web/package.json": "{}"})
    edges = {(e.source, e.target, e.kind.value) for e in scan([root], ScanOptions(jobs=1)).edges}
    assert ("web", "stock", "http") in edges
    assert ("web", "pricing", "http") not in edges  # exported but never called


def test_session_store_hosts_are_cache_connections():
    src = """\
var session = require("express-session"), RedisStore = require("connect-redis")(session);
module.exports = { store: new RedisStore({host: "sessions"}) };
"""
    calls = extract_js(src, "web/config.js").calls
    assert [(c.protocol, c.target) for c in calls] == [("cache", "sessions")]


def test_listener_container_queue_names_are_consumed_topics():
    src = """\
package acme.dispatch;

public class Listening {
    protected final String queueName = "parcels";

    public SimpleMessageListenerContainer listenerContainer() {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer();
        container.setQueueNames(this.queueName);
        return container;
    }
}
"""
    topics = extract_java(src, "Listening.java").topics
    assert [(t.system, t.topic, t.role) for t in topics] == [("rabbitmq", "parcels", "consume")]


def test_host_name_objects_name_a_service():
    src = """\
package acme.checkout;

public class Targets {
    public java.net.URI billing() { return new ServiceUri(new Hostname("billing"), "/pay").toUri(); }
    public Object proxy() { return new HttpHost("edge.acme.example:8443"); }
    public Object none() { return new Hostname(""); }
}
"""
    calls = extract_java(src, "Targets.java").calls
    assert sorted((c.target_kind, c.target) for c in calls) == [
        ("discovery", "billing"), ("url", "http://edge.acme.example:8443")]


def test_flag_default_is_the_value_of_a_dereferenced_flag():
    src = """\
package main

import (
	"flag"
	"github.com/jmoiron/sqlx"
)

func main() {
	dsn := flag.String("dsn", "app:pw@tcp(ledger-db:3306)/ledger", "database")
	flag.Parse()
	sqlx.Open("mysql", *dsn)
}
"""
    calls = extract_go(src, "cmd/main.go").calls
    assert [(c.protocol, c.target) for c in calls] == [("db", "app:****@tcp(ledger-db:3306)/ledger")]
