"""Eval-3 fixes in manifest ingest: datastores by name suffix / ports, config-only service
folders, Go MySQL DSN hosts, and `--no-code` still reading config files."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.datastores import classify_datastore, classify_ports
from analyzer.ingest.hosts import host_refs
from analyzer.model import DatastoreCategory

COMPOSE = """\
services:
  basket:
    image: acme/basket:1
  basket-store:
    image: acme/shop-mongodb:3
  ledger:
    image: acme/ledger:1
  ledger-db:
    image: acme/ledger-db:2
    ports: ["3306:3306"]
"""

BASKET_PROPERTIES = "server.port=8080\nspring.data.mongodb.uri=mongodb://basket-store:27017/b\n"
LEDGER_YAML = "spring:\n  datasource:\n    url: jdbc:mysql://ledger-db:3306/ledger\n"
LEDGER_JAVA = """\
package acme.ledger;

public class Rates {
    Object fetch() { return new org.apache.http.client.methods.HttpGet("http://basket/api"); }
}
"""


def test_project_built_datastore_image_is_named_by_its_last_word():
    assert classify_datastore("sqshq/piggymetrics-mongodb") == ("mongodb", DatastoreCategory.DB)
    assert classify_datastore("acme/session-redis:7") == ("redis", DatastoreCategory.CACHE)
    assert classify_datastore("prometheuscommunity/postgres-exporter") is None
    assert classify_datastore("provectuslabs/kafka-ui") is None


def test_ports_classify_only_when_all_belong_to_one_datastore():
    assert classify_ports([3306]) == ("mysql", DatastoreCategory.DB)
    assert classify_ports([5672, 15672]) == ("rabbitmq", DatastoreCategory.BROKER)
    assert classify_ports([8080, 3306]) is None
    assert classify_ports([]) is None


def test_go_mysql_dsn_names_its_host():
    refs = host_refs("shop:secret@tcp(ledger-db:3306)/ledger")
    assert [(r.host, r.port) for r in refs] == [("ledger-db", 3306)]


def test_config_only_module_folder_is_the_service_source(tree):
    root = tree({"docker-compose.yml": COMPOSE,
                 "basket/src/main/resources/application.properties": BASKET_PROPERTIES,
                 "ledger/src/main/resources/application.yml": LEDGER_YAML})
    model = scan([root], ScanOptions(jobs=1))
    assert {s.id: s.source_dir for s in model.services} == {"basket": "basket", "ledger": "ledger"}
    assert {d.id for d in model.datastores} == {"basket-store", "ledger-db"}
    edges = {(e.source, e.target, e.kind.value) for e in model.edges}
    assert {("basket", "basket-store", "db"), ("ledger", "ledger-db", "db")} <= edges


def test_no_code_reads_config_files_but_not_source(tree):
    root = tree({"docker-compose.yml": COMPOSE,
                 "ledger/src/main/resources/application.yml": LEDGER_YAML,
                 "ledger/src/main/java/acme/ledger/Rates.java": LEDGER_JAVA})
    with_code = {(e.source, e.target) for e in scan([root], ScanOptions(jobs=1)).edges}
    config_only = {(e.source, e.target) for e in scan([root], ScanOptions(code=False, jobs=1)).edges}
    assert ("ledger", "ledger-db") in config_only
    assert ("ledger", "basket") in with_code
    assert ("ledger", "basket") not in config_only
