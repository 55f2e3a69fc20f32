"""Log shippers and compose logging drivers: who ships whose logs."""

from __future__ import annotations

import pytest

from platformfacts import kinds

COMPOSE = """services:
  orders:
    image: acme/orders:1
    logging:
      driver: gelf
      options: {gelf-address: "udp://logstash:12201"}
  payments:
    image: acme/payments:1
    logging:
      driver: json-file
"""

ALL_CONTAINERS = {
    "fluent-bit/fluent-bit.conf": "[INPUT]\n    Name tail\n    Path /var/lib/docker/containers/*/*.log\n"
                                  "[OUTPUT]\n    Name es\n    Match *\n",
    "filebeat.yml": "filebeat.inputs:\n  - type: container\n    paths: ['/var/lib/docker/containers/*/*.log']\n"
                    "output.elasticsearch:\n  hosts: ['es:9200']\n",
    "vector.toml": '[sources.k8s]\ntype = "kubernetes_logs"\n[sinks.loki]\ntype = "loki"\ninputs = ["k8s"]\n',
    "promtail.yml": "clients:\n  - url: http://loki:3100/loki/api/v1/push\nscrape_configs:\n"
                    "  - job_name: docker\n    docker_sd_configs:\n      - host: unix:///var/run/docker.sock\n",
    "fluentd/fluent.conf": "<source>\n  @type tail\n  path /var/log/containers/*.log\n</source>\n"
                           "<match **>\n  @type elasticsearch\n</match>\n",
}


@pytest.mark.parametrize("name", sorted(ALL_CONTAINERS))
def test_shippers_collecting_every_container_ship_for_every_service(scan_tree, name):
    model = scan_tree({"docker-compose.yml": COMPOSE, name: ALL_CONTAINERS[name]})
    [shipper] = [r for r in kinds(model, "LogShipper") if r.file == name]
    assert shipper.facts["all_containers"] is True and shipper.facts["outputs"]
    assert shipper.facts["services"] == ["orders", "payments"]


def test_listening_shippers_ship_only_what_logging_drivers_send(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, "logstash/pipeline/logstash.conf":
                       "input {\n  gelf {\n    port => 12201\n  }\n}\n"
                       "output {\n  elasticsearch {\n    hosts => [\"es:9200\"]\n  }\n}\n"})
    by_file = {(r.file, r.service): r.facts for r in kinds(model, "LogShipper")}
    logstash = by_file[("logstash/pipeline/logstash.conf", None)]
    assert (logstash["inputs"], logstash["outputs"], logstash["services"]) == (
        ["gelf"], ["elasticsearch"], [])
    driver = by_file[("docker-compose.yml", "orders")]
    assert driver["driver"] == "gelf" and driver["address"] == "udp://logstash:12201"
    assert ("docker-compose.yml", "payments") not in by_file  # json-file ships nowhere


def test_broken_vector_toml_is_a_diagnostic(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, "vector.toml": "[sources\n"})
    assert [d.code for d in model.diagnostics if d.file == "vector.toml"] == ["toml-parse-error"]
