"""Property tests: the platform readers (Prometheus, alerting, Grafana, log shippers, CI,
gateways), fed hypothesis-generated YAML/JSON data and text shaped like their inputs, record
facts or diagnostics and never raise."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.ingest.platform import alerting, ci, ci_schema, grafana, logshipping, prometheus
from analyzer.ingest.platform.common import Collected, ServiceIndex
from analyzer.ingest.platform.gateways import kong, spring, traefik
from analyzer.ingest.yamlsafe import load_yaml
from analyzer.model import Service, SystemModel

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
INDEX = ServiceIndex(SystemModel(services=[Service(id="orders", source_dir="orders"),
                                           Service(id="kong", image="kong:3")]))
KEYS = st.sampled_from([
    "scrape_configs", "job_name", "static_configs", "targets", "relabel_configs", "regex",
    "action", "scheme", "groups", "rules", "alert", "expr", "labels", "kind", "spec",
    "selector", "matchLabels", "endpoints", "_format_version", "services", "routes", "plugins",
    "name", "url", "host", "protocols", "upstreams", "healthchecks", "passive", "http",
    "routers", "middlewares", "rule", "service", "tls", "spring", "cloud", "gateway", "uri",
    "filters", "predicates", "zuul", "jobs", "steps", "run", "uses", "with", "on", "script",
    "stage", "panels", "title", "dashboard", "templating", "list", "pipeline", "inputs",
    "outputs", "sources", "sinks", "type", "paths", "filebeat.inputs", "clients", "logging",
    "driver", "options", "metadata", "providers", "datasources", "apiVersion"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40),
                    st.floats(allow_nan=False), st.text(max_size=40),
                    st.sampled_from(["orders:8080", "http://orders:8080", "(?=x)", "a(b",
                                     'up{job="orders"}', "lb://orders", "Path=/x/**",
                                     "docker build ./orders", "Host(`a`)", "https", "jwt"]))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), inner,
                                                 max_size=5)), max_leaves=40)
TOPS = st.dictionaries(KEYS, DATA, min_size=1, max_size=6)


def _yaml(data) -> object:
    docs, _ = load_yaml(yaml.safe_dump(data, allow_unicode=True), "x.yml")
    return docs[0].data if docs else None


@FUZZ
@given(data=TOPS)
def test_yaml_readers_never_raise(data):
    doc = _yaml(data)
    if not isinstance(doc, dict):
        return
    out = Collected()
    prometheus.read_prometheus("p.yml", doc, INDEX, out)
    alerting.read_rule_groups("r.yml", doc.get("groups") if isinstance(doc.get("groups"), list)
                              else [doc], INDEX, out)
    alerting.read_monitor("m.yml", doc, INDEX, out)
    kong.read_kong("k.yml", doc, INDEX, out)
    traefik.read_dynamic("t.yml", doc, traefik.dynamic_middlewares(doc), INDEX, out)
    traefik.read_ingress_route("i.yml", doc, {}, INDEX, out)
    traefik.read_labels("c.yml", "orders", "orders", traefik.compose_labels(doc), {}, INDEX, out)
    spring.read_spring("orders/application.yml", doc, INDEX, out)
    grafana.read_provisioning("g.yml", doc, out)
    for system in ("github-actions", "gitlab-ci"):
        ci_schema.validate_ci(".github/workflows/x.yml", system, doc, out)
        ci.read_workflow(".github/workflows/x.yml", system, doc, INDEX, out)
    for tool in ("filebeat", "promtail", "vector", "fluent-bit"):
        logshipping.read_shipper("s.yml", tool, "", doc, INDEX, out)
    logshipping.read_compose_logging("c.yml", "orders", doc, "orders", out)
    assert all(d.code and d.message for d in out.diagnostics)
    assert all(r.kind and r.file for r in out.resources)


@FUZZ
@given(data=DATA)
def test_dashboard_reader_never_raises(data):
    out = Collected()
    body = json.dumps({"title": "t", "panels": data if isinstance(data, list) else [data]})
    grafana.read_dashboard("d.json", body, INDEX, out)
    grafana.read_dashboard("d.json", body[: len(body) // 2], INDEX, out)  # truncated
    assert all(d.code for d in out.diagnostics)


LINES = st.lists(st.one_of(
    st.sampled_from(["[INPUT]", "[OUTPUT]", "    Name tail", "    Path /var/lib/docker/containers/*",
                     "<source>", "</source>", "<match **>", "  @type forward", "input {",
                     "output {", "}", "{", "stage('Build') {", "sh 'docker build ./orders'",
                     "pipeline {", "  steps { sh 'mvn test' }", "\"", "'", "[sources.x]",
                     'type = "docker_logs"']),
    st.text(max_size=30)), max_size=30)


@FUZZ
@given(lines=LINES)
def test_text_readers_never_raise(lines):
    body = "\n".join(lines)
    out = Collected()
    ci.read_jenkinsfile("Jenkinsfile", body, INDEX, out)
    for tool, name in (("fluent-bit", "fluent-bit.conf"), ("fluentd", "fluent.conf"),
                       ("logstash", "logstash.conf"), ("vector", "vector.toml")):
        logshipping.read_shipper(name, tool, body, None, INDEX, out)
    assert all(d.code for d in out.diagnostics)
