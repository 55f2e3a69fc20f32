"""ComposeService resources: image/tag, ports, environment (masked, secret_like), healthcheck,
restart, secrets/configs, labels and the Swarm `deploy:` block, each with its line."""

from __future__ import annotations

import json

from analyzer.ingest import ScanOptions, scan

SWARM = """\
services:
  api:
    image: shop/api:${API_TAG:-1.4.2}
    ports:
      - "8080:80"
      - "127.0.0.1:9443:443/udp"
      - target: 9000
        published: 19000
        protocol: tcp
    environment:
      DB_PASSWORD: hunter2hunter2
      LOG_LEVEL: info
      DSN: postgres://app:s3cretpw@db/app
    env_file: [./api.env]
    secrets: [db_password, {source: tls_key, target: key.pem}]
    configs: [api_conf]
    labels:
      traefik.http.routers.api.rule: Host(`api.example.com`)
      auth.token: abcdefabcdef
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/health"]
      interval: 10s
    restart: unless-stopped
    deploy:
      mode: replicated
      replicas: 3
      update_config: {parallelism: 1, order: start-first, failure_action: rollback}
      rollback_config: {parallelism: 1}
      resources:
        limits: {cpus: "0.5", memory: 256M}
        reservations: {memory: 128M}
      placement: {constraints: [node.role == worker]}
      restart_policy: {condition: on-failure}
  worker:
    image: shop/worker
    healthcheck: {disable: true}
secrets:
  db_password: {file: ./db_password.txt}
  tls_key: {file: ./key.pem}
configs:
  api_conf: {file: ./api.conf}
"""


def _services(tree):
    root = tree({"docker-compose.yml": SWARM, "api.env": "X=1\n"})
    model = scan([root], ScanOptions(code=False))
    return {r.name: r for r in model.resources if r.kind == "ComposeService"}


def test_one_resource_per_service_with_its_line(tree):
    found = _services(tree)
    assert sorted(found) == ["api", "worker"]
    assert (found["api"].line, found["worker"].line) == (2, 34)
    assert found["api"].service == "api" and found["api"].file == "docker-compose.yml"


def test_image_ports_environment_and_labels(tree):
    api = _services(tree)["api"].facts
    assert (api["image"], api["tag"], api["digest"]) == ("shop/api:1.4.2", "1.4.2", None)
    assert [(p["published"], p["target"], p["protocol"], p["line"]) for p in api["ports"]] == [
        ("8080", "80", "tcp", 5), ("9443", "443", "udp", 6), ("19000", "9000", "tcp", 7)]
    env = {e["key"]: e for e in api["environment"]}
    assert env["DB_PASSWORD"]["value"] == "****" and env["DB_PASSWORD"]["secret_like"]
    assert env["LOG_LEVEL"] == {"key": "LOG_LEVEL", "value": "info", "line": 12,
                                "secret_like": False}
    assert env["DSN"]["secret_like"] and "s3cretpw" not in env["DSN"]["value"]
    assert api["secret_like"] == ["DB_PASSWORD", "DSN"]
    assert api["env_file"] == ["./api.env"] and api["secrets"] == ["db_password", "tls_key"]
    assert api["configs"] == ["api_conf"]
    assert api["labels"]["traefik.http.routers.api.rule"] == "Host(`api.example.com`)"
    assert api["labels"]["auth.token"] == "****"


def test_healthcheck_restart_and_deploy(tree):
    found = _services(tree)
    api, worker = found["api"].facts, found["worker"].facts
    assert api["healthcheck"]["disabled"] is False and api["healthcheck"]["interval"] == "10s"
    assert worker["healthcheck"]["disabled"] is True and worker["deploy"] is None
    assert api["restart"] == "unless-stopped"
    deploy = api["deploy"]
    assert deploy["replicas"] == 3 and deploy["mode"] == "replicated"
    assert deploy["update_config"]["failure_action"] == "rollback"
    assert deploy["rollback_config"]["parallelism"] == 1
    assert deploy["resources"]["limits"]["memory"] == "256M"
    assert deploy["placement"]["constraints"] == ["node.role == worker"]
    assert deploy["line"] == 24


def test_facts_are_json_and_secret_free(tree):
    text = json.dumps([r.facts for r in _services(tree).values()], sort_keys=True)
    assert "hunter2hunter2" not in text and "s3cretpw" not in text and "abcdefabcdef" not in text


def test_declared_output_is_unchanged(tree):
    root = tree({"docker-compose.yml": SWARM})
    model = scan([root], ScanOptions(code=False))
    assert model.service("api").replicas == 3
    assert sorted(s.id for s in model.services) == ["api", "worker"]
