"""Layouts and config styles seen in public systems: JVM package folders named like skip
folders, Zuul's short route form, and module folders named after the image, not the service."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.code.config.calls import config_calls, literal_scheme
from analyzer.ingest.code.config.files import parse_config
from analyzer.ingest.code.scanner import skip_reason

COMPOSE = """\
services:
  edge:
    image: acme/kennel-edge:2.0
    ports: ["8080:8080"]
  owners:
    image: acme/kennel-owners:2.0
"""

CLIENT = """\
package com.acme.samples.kennel.edge;

import org.springframework.web.reactive.function.client.WebClient;

public class OwnersClient {
    private final WebClient.Builder builder;

    public OwnersClient(WebClient.Builder builder) { this.builder = builder; }

    public Object owner(int id) {
        return builder.build().get().uri("http://owners/owners/{id}", id).retrieve();
    }
}
"""


def test_package_folders_below_a_jvm_source_root_are_not_layout():
    assert skip_reason("src/main/java/com/acme/samples/Client.java") is None
    assert skip_reason("src/main/kotlin/org/acme/test/Client.kt") is None
    assert skip_reason("src/test/java/com/acme/ClientCheck.java") == "test"
    assert skip_reason("samples/src/main/java/com/acme/Client.java") == "example"
    assert skip_reason("samples/app.py") == "example"


def test_zuul_short_route_names_the_service_it_forwards_to():
    config = parse_config("zuul:\n  routes:\n    owners-service: /owner/**\n"
                          "    legacy:\n      url: http://old-host:9000\n", "gw/application.yml")
    calls = {c.target: c.protocol for c in config_calls(config.values)}
    assert calls == {"zuul.routes.owners-service": "http", "zuul.routes.legacy.url": "http"}
    assert literal_scheme("zuul.routes.owners-service", "/owner/**") == "lb://owners-service"
    assert literal_scheme("zuul.routes.owners-service", "forward:/x") == ""


def test_module_folder_named_after_the_image_holds_the_service_code(tree):
    root = tree({
        "docker-compose.yml": COMPOSE,
        "kennel-edge/src/main/java/com/acme/samples/kennel/edge/OwnersClient.java": CLIENT,
        "kennel-edge/src/main/resources/application.yml":
            "zuul:\n  routes:\n    owners: /owners/**\n",
    })
    model = scan([root], ScanOptions(cache_dir=root / ".cache"))
    assert model.service("edge").source_dir == "kennel-edge"
    assert model.service("owners").source_dir is None
    edge = next(e for e in model.edges if (e.source, e.target) == ("edge", "owners"))
    assert edge.kind.value == "http"
    files = {ev.file for ev in edge.evidence}
    assert "kennel-edge/src/main/java/com/acme/samples/kennel/edge/OwnersClient.java" in files
    assert "kennel-edge/src/main/resources/application.yml" in files
