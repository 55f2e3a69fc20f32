"""Manifest validation: compose files against the Compose Specification (check-jsonschema's
vendored schema), Kubernetes objects against kubernetes-validate's schemas; diagnostics carry
the line of the offending key, CRDs are skipped, validators are compiled once."""

from __future__ import annotations

import time

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.k8s_objects import collect_objects
from analyzer.ingest.manifests.validate_compose import compose_validator, validate_compose
from analyzer.ingest.manifests.validate_kubernetes import known_versions, validate_objects
from analyzer.ingest.yamlsafe import load_yaml

COMPOSE = """\
services:
  web:
    image: 3
    restrat: always
    x-team: web
    deploy: {replicas: 2, bogus: 1}
  api:
    image: shop/api:1.0
"""

K8S = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart}
spec:
  replicas: two
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers:
        - name: cart
          image: shop/cart:1.0
          bogus: 1
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: pay}
spec: {anything: goes}
---
apiVersion: v1
kind: Service
metadata: {name: cart}
spec: {selector: {app: cart}, ports: [{port: 80}]}
"""


def _compose(text):
    docs, problems = load_yaml(text, "docker-compose.yml")
    assert problems == []
    return validate_compose("docker-compose.yml", docs[0].data, docs[0].line)


def test_compose_errors_point_at_the_offending_key():
    found = [(d.line, d.message, d.code) for d in _compose(COMPOSE)]
    assert [(line, code) for line, _, code in found] == [(3, "compose-schema"),
                                                          (4, "compose-schema"),
                                                          (6, "compose-schema")]
    assert "services.web.image: 3 is not of type 'string'" in found[0][1]
    assert "services.web.restrat: key not allowed here" in found[1][1]
    assert "services.web.deploy.bogus" in found[2][1]


def test_valid_compose_has_no_diagnostic_and_the_validator_is_compiled_once():
    assert _compose("services:\n  api:\n    image: shop/api:1.0\n    ports: ['8080:80']\n") == []
    assert compose_validator() is compose_validator()


def test_kubernetes_errors_have_lines_and_crds_are_skipped():
    docs, _ = load_yaml(K8S, "k8s/app.yaml")
    found = validate_objects(collect_objects("k8s/app.yaml", docs), "1.30")
    assert [(d.line, d.code) for d in found] == [(5, "k8s-schema"), (13, "k8s-schema")]
    assert "Deployment default/cart is not valid Kubernetes 1.30" in found[0].message
    assert "spec.replicas" in found[0].message
    assert "containers.0.bogus: key not allowed here" in found[1].message


def test_kubernetes_versions_are_those_shipped_and_validation_is_fast():
    assert "1.30" in known_versions()
    docs, _ = load_yaml(K8S, "k8s/app.yaml")
    objects = collect_objects("k8s/app.yaml", docs) * 300
    validate_objects(objects[:3], "1.30")  # compile once
    started = time.monotonic()
    assert len(validate_objects(objects, "1.30")) == 600
    assert time.monotonic() - started < 60  # generous: a no-hang bound


def test_schema_problems_are_diagnostics_of_the_audit(tree):
    root = tree({"docker-compose.yml": COMPOSE, "k8s/app.yaml": K8S})
    model = scan([root], ScanOptions(code=False))
    codes = sorted({d.code for d in model.diagnostics})
    assert "compose-schema" in codes and "k8s-schema" in codes
    assert {s.id for s in model.services} >= {"web", "api", "cart"}  # the audit went on


def test_non_string_keys_are_validated_not_a_crash():
    text = "services:\n  orders:\n    image: postgres:16\n    healthcheck:\n      0: null\n"
    found = _compose(text)
    assert [(d.line, d.code) for d in found] == [(5, "compose-schema")]
    assert "services.orders.healthcheck.0: key not allowed here" in found[0].message
