"""Decide a deployable's role: application service, third-party infrastructure, or gateway.

Monitoring, logging and tracing stacks, exporters, registries, config servers, proxies and
sidecars are infrastructure: drawn and reported, but not subjects of dependency metrics,
graph rules or readiness rules (Prometheus is not an "orphan service"). A gateway stays a
node of its own kind so its routes can be edges. The image's repository name decides first
(`grafana/grafana:10` -> grafana), then the declared name.
"""

from __future__ import annotations

import re

from analyzer.ingest.datastores import image_repository, is_gateway
from analyzer.model import ServiceRole

# Repository names (and service names) of third-party infrastructure.
INFRA_NAMES = frozenset({
    # metrics and alerting
    "prometheus", "alertmanager", "grafana", "pushgateway", "thanos", "victoria-metrics",
    "victoriametrics", "mimir", "cortex", "node-exporter", "cadvisor", "statsd",
    "statsd-exporter", "graphite", "telegraf", "chronograf", "kapacitor", "netdata",
    # logs
    "loki", "promtail", "logstash", "kibana", "filebeat", "metricbeat", "heartbeat",
    "auditbeat", "packetbeat", "fluent-bit", "fluentbit", "fluentd", "fluentd-kubernetes",
    "td-agent", "vector", "graylog", "seq", "splunk", "opensearch-dashboards",
    # tracing and collectors
    "jaeger", "all-in-one", "jaeger-all-in-one", "jaeger-collector", "jaeger-agent",
    "jaeger-query", "zipkin", "tempo", "otel-collector", "otelcol", "otelcol-contrib",
    "opentelemetry-collector", "opentelemetry-collector-contrib",
    "datadog-agent", "newrelic-infrastructure", "skywalking-oap-server",
    # registries, discovery, configuration, admin
    "registry", "docker-registry", "harbor", "nexus", "nexus3", "artifactory", "eureka",
    "eureka-server", "consul", "etcd", "zookeeper", "config-server", "configserver",
    "config-service", "spring-cloud-config-server", "vault", "admin-server",
    "spring-boot-admin", "hystrix-dashboard", "turbine", "portainer", "unleash", "flagd",
    # proxies and sidecars
    "envoy-sidecar", "istio-proxy", "proxyv2", "linkerd-proxy", "oauth2-proxy", "squid",
    "socat", "dapr", "daprd", "cloudflared", "ngrok", "mailhog", "mailpit", "adminer",
    "pgadmin4", "phpmyadmin", "redis-commander", "kafka-ui", "akhq", "kafdrop",
})
_EXPORTER = re.compile(r"[a-z0-9]+[-_]exporter")


def classify_role(service_id: str, image: str | None) -> ServiceRole:
    """The role of a deployable named `service_id` running `image` (None when built here)."""
    repository = image_repository(image) if image else ""
    if repository and _is_infra_name(repository):
        return ServiceRole.INFRA
    if is_gateway(service_id, image):
        return ServiceRole.GATEWAY
    if _is_infra_name(service_id.lower()):
        return ServiceRole.INFRA
    return ServiceRole.SERVICE


def _is_infra_name(name: str) -> bool:
    return name in INFRA_NAMES or bool(_EXPORTER.fullmatch(name))

