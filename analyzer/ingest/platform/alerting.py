"""Prometheus rule files, PrometheusRule and ServiceMonitor/PodMonitor objects, and the
`prometheus.io/scrape` annotations of workloads.

Each alerting rule is an `AlertRule` resource; the services it watches are read from the
label matchers of its expression (`up{job="orders"} == 0`, `job=~"orders|payments"`) and its
labels. An expression with no service-label matcher at all (`up == 0`) is `generic`: it
watches every scraped service, which the enricher resolves once all scrape configs are known.
ServiceMonitors, PodMonitors and scrape annotations are `ScrapeConfig` resources too.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, item_line, line,
                                             list_at, text)
from analyzer.model import Resource

SERVICE_LABELS = frozenset({"job", "service", "app", "application", "container", "instance",
                            "pod", "deployment", "service_name", "app_kubernetes_io_name"})
MAX_EXPR = 4_000
_MATCHER = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"\\]{0,256})"')
SCRAPE_ANNOTATION = "prometheus.io/scrape"


def is_rule_file(data: Any) -> bool:
    groups = data.get("groups") if isinstance(data, dict) else None
    return isinstance(groups, list) and bool(groups) and all(
        isinstance(g, dict) and isinstance(g.get("rules"), list) for g in groups)


def read_rule_groups(file: str, groups: list, index: ServiceIndex, out: Collected,
                     origin: str = "rule-file") -> None:
    """One AlertRule resource per alerting rule of `groups` (recording rules are counted)."""
    for g, raw_group in enumerate(out.capped(groups, file, None, "rule groups")):
        group = dict_at(raw_group)
        rules = out.capped(list_at(group.get("rules")), file, line(group, "rules"), "rules")
        for r, raw in enumerate(rules):
            rule = dict_at(raw)
            name = text(rule.get("alert"))
            if not name:
                continue
            at = item_line(group.get("rules"), r, line(group, "rules"))
            expr = text(rule.get("expr")) if len(str(rule.get("expr", ""))) <= MAX_EXPR else ""
            labels = {str(k): text(v) for k, v in dict_at(rule.get("labels")).items()}
            services = watched(expr, labels, index)
            selective = any(m.group(1) in SERVICE_LABELS for m in _MATCHER.finditer(expr)) or \
                bool(SERVICE_LABELS & set(labels))
            out.resources.append(Resource(kind="AlertRule", name=name, file=file, line=at, facts={
                "alert": name, "group": text(group.get("name")), "expr": expr,
                "for": text(rule.get("for")), "severity": labels.get("severity", ""),
                "services": services, "generic": not services and not selective,
                "origin": origin}))


def read_monitor(file: str, obj: dict, index: ServiceIndex, out: Collected) -> None:
    """A PrometheusRule, ServiceMonitor or PodMonitor object (prometheus-operator CRDs)."""
    kind = text(obj.get("kind"))
    meta, spec = dict_at(obj.get("metadata")), dict_at(obj.get("spec"))
    name = text(meta.get("name"))
    if kind == "PrometheusRule":
        read_rule_groups(file, list_at(spec.get("groups")), index, out, "PrometheusRule")
        return
    labels = dict_at(dict_at(spec.get("selector")).get("matchLabels"))
    services = sorted({sid for v in list(labels.values()) + [name]
                       if (sid := index.name(text(v)))})
    endpoints = list_at(spec.get("endpoints") or spec.get("podMetricsEndpoints"))
    out.resources.append(Resource(
        kind="ScrapeConfig", name=name or kind, namespace=text(meta.get("namespace")) or None,
        file=file, line=line(obj, "kind", 1), facts={
            "job": name, "discovery": [kind], "services": services, "valid": True,
            "valid_services": services, "problems": [],
            "ports": sorted(text(dict_at(e).get("port") or dict_at(e).get("targetPort"))
                            for e in endpoints[:100])}))


def read_annotations(resources: list[Resource], index: ServiceIndex) -> list[Resource]:
    """A ScrapeConfig for each workload whose (pod) annotations ask Prometheus to scrape it.

    The workload facts `annotations` / `pod_annotations` may be missing: nothing is recorded.
    """
    found = []
    for res in resources:
        if not res.service:
            continue
        for key in ("pod_annotations", "annotations"):
            notes = res.facts.get(key)
            if isinstance(notes, dict) and str(notes.get(SCRAPE_ANNOTATION, "")).lower() == "true":
                found.append(Resource(
                    kind="ScrapeConfig", name=f"{res.kind}/{res.name}", namespace=res.namespace,
                    file=res.file, line=res.line, service=res.service, facts={
                        "job": res.name, "discovery": ["annotation"], "services": [res.service],
                        "valid": True, "valid_services": [res.service], "problems": [],
                        "port": text(notes.get("prometheus.io/port")),
                        "metrics_path": text(notes.get("prometheus.io/path")) or "/metrics"}))
                break
    return found


def watched(expr: str, labels: dict[str, str], index: ServiceIndex) -> list[str]:
    values = [(m.group(1), m.group(2), m.group(3)) for m in _MATCHER.finditer(expr)]
    values += [(k, "=", v) for k, v in labels.items()]
    found = set()
    for label, op, value in values:
        if label not in SERVICE_LABELS or op.startswith("!"):
            continue
        for word in value.split("|") if op == "=~" else [value]:
            sid = index.host(word.strip(".*^$()"))
            if sid:
                found.add(sid)
    return sorted(found)
